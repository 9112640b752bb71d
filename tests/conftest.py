"""Shared pytest configuration: headless matplotlib; deterministic hypothesis examples in CI.

Locally hypothesis explores new random examples on every run (that is how the LC-resonance edge cases of the
photonic elements were found); in CI (``CI`` set) the examples are derandomised so a green run is reproducible.
"""

import os

import matplotlib
from hypothesis import settings

matplotlib.use("Agg", force=True)

settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
