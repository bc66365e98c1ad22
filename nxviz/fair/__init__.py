"""FAIR readiness: is a NeXus file ready to be published as open data, and what does a
catalogue get from it. The profile NXDL (``nxdl/applications/NXfair.nxdl.xml``) is checked with
the validator's rules on the same walk of the file as the entries' own definitions
(:mod:`.engine`, only in the groups the profile governs: :mod:`.presence`); the value checks
NXDL cannot state live in :mod:`.checks` and
:mod:`.values`, the findings and scores in :mod:`.model`, outputs in :mod:`.render` and
:mod:`.html`, SciCat records in :mod:`.catalogue`, batches in :mod:`.batch` and the
``nxviz fair`` command in :mod:`.command`.

This package is callable: ``nxviz.fair(path)`` is :func:`nxviz.fair.engine.fair`, whose
report shows as an HTML summary in a notebook.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nxviz.fair.model import FairReport


class _CallableModule(types.ModuleType):
    """``nxviz.fair`` is both this package and the function the notebook calls."""

    def __call__(self, path: Any, *args: Any, **kwargs: Any) -> FairReport:
        from nxviz.fair.engine import fair

        return fair(path, *args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
