"""Quasiclassical nonlocal NIS spectroscopy (placeholder; the quasiclassics branch owns this file)."""
