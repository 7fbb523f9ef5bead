"""Sphinx configuration of tcxl's reference site.

Build from the repository root (the doctests open ``samples/`` by relative path)::

    python -m sphinx -W --keep-going -b html docs/site /tmp/site
    python -m sphinx -W -b doctest docs/site /tmp/site-doctest
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the checkout's tcxl, also when it is not installed

import tcxl  # noqa: E402

project = "tcxl"
author = "tcxl"
copyright = "tcxl"
version = release = tcxl.__version__
language = "pt_BR"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "numpydoc",
    "myst_parser",
]

exclude_patterns = ["_build"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
templates_path: list[str] = []

# autodoc: the public names as ``tcxl.X`` (the package loads them lazily), in source order
autodoc_member_order = "bysource"
autodoc_typehints = "none"  # numpydoc's Parameters say the types, in words
autodoc_default_options = {"show-inheritance": False}

# numpydoc: sections rendered, no generated member tables (api.rst lists the members)
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True

# myst: the reference pages (referencia/*.md) are Markdown; their headings are link targets
# (``conferencia.md#rules``), as on GitHub
myst_heading_anchors = 3

# doctest: examples run from the repository root, whatever folder Sphinx was started in
doctest_global_setup = f"""
import os
os.chdir({str(ROOT)!r})
"""

html_theme = "furo"
html_title = f"tcxl {release}"
html_static_path: list[str] = []
