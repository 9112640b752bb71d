"""Sphinx configuration of the neqsc documentation (Sphinx + MyST-NB; tutorials are executed during the build).

Build: ``python -m sphinx -W --keep-going -b html docs docs/_build/html`` (needs the ``docs`` extra).
Generated at build time (not committed): ``docs/api/neqsc*.md`` (one page per public module listed in
``docs/api/modules.txt``), ``docs/validation/_generated/*.md`` (the validation sections of the engine pages) and
``docs/gallery/index.md`` (from the recipe registry and the committed images in ``docs/_static/gallery/``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import neqsc  # noqa: E402

project = "neqsc"
author = "neqsc developers"
copyright = "neqsc developers"
release = neqsc.__version__
version = release

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "neqsc_docs",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "jupyter_execute", "**/.ipynb_checkpoints", "README.md", "api/modules.txt"]
templates_path: list[str] = []

# MyST / MyST-NB
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = os.environ.get("NEQSC_DOCS_EXECUTE", "force")  # "off" for a quick text-only build
nb_execution_timeout = 600
nb_execution_in_temp = True  # tutorials write their files (CSV, Zarr) into a temporary folder, not docs/
nb_execution_raise_on_error = True  # a failing tutorial cell fails the build
nb_execution_show_tb = True
nb_merge_streams = True

# autodoc / napoleon
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autosummary_generate = False
napoleon_google_docstring = True
napoleon_numpy_docstring = True
napoleon_use_rtype = False

html_theme = "furo"
html_title = f"neqsc {release}"
html_static_path = ["_static"]

suppress_warnings = ["myst.header"]  # the engine pages start at level 2 below their title in places
