"""Shared pytest configuration: headless matplotlib and a fixed seed for hypothesis-free random tests."""

import matplotlib

matplotlib.use("Agg", force=True)
