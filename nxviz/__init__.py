"""nxviz: NeXus/HDF5 validation and visualisation inside JupyterLab.

The public API is imported lazily so that ``import nxviz`` (done by Jupyter at server start)
stays cheap.
"""

from __future__ import annotations

from typing import Any

try:
    from nxviz._version import __version__
except ImportError:  # a source tree that was never built
    __version__ = "0.0.0+unknown"

__all__ = [
    "__version__",
    "validate",
    "fair",
    "load_definitions",
    "show",
    "plot",
    "tree",
    "Report",
]

_LAZY = {
    "validate": "nxviz.validation.engine",
    "Report": "nxviz.validation.issues",
    "load_definitions": "nxviz.definitions.compile",
    "show": "nxviz.notebook",
    "plot": "nxviz.notebook",
    "tree": "nxviz.notebook",
}


def __getattr__(name: str) -> Any:
    if name == "fair":  # the package nxviz.fair is callable: nxviz.fair(path) -> FairReport
        import importlib

        return importlib.import_module("nxviz.fair")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nxviz' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "nxviz"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "nxviz"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    from nxviz.server.app import setup

    setup(server_app)


def _unload_jupyter_server_extension(server_app: Any) -> None:
    from nxviz.server.app import teardown

    teardown(server_app)
