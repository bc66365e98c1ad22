"""nxviz in notebooks: :func:`show` (the interactive viewer, with a PNG for other frontends),
:func:`plot` (publication plots with matplotlib) and :func:`tree` (a collapsible HTML tree).

Modules, one job each: ``roots`` (the Jupyter server's root seen from a kernel), ``source``
(what to plot, read from the file), ``detector`` (NXmx mask and geometry), ``draw``
(matplotlib drawing), ``figure`` (pictures at a size in pixels), ``plotting`` (:func:`plot`),
``display`` (:func:`show`), ``htmltree`` (:func:`tree`), ``command`` (``nxviz render``).
Submodules are imported on first use, so importing this package does not import matplotlib.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["plot", "show", "tree"]

_LAZY = {
    "plot": "nxviz.notebook.plotting",
    "show": "nxviz.notebook.display",
    "tree": "nxviz.notebook.htmltree",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nxviz.notebook' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
