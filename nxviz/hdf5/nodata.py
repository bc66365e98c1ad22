"""The value a dataset holds where there is no data, which contrast and statistics leave out.

Two conventions are known:

- unsigned integer detector frames: 2^N-1 marks gaps and dead pixels (Eiger, Pilatus);
- pyFAI's integrations: bins no pixel reached hold the worker's *dummy* value (−1 by default).
  pyFAI writes its results as an NXdata inside an NXprocess whose ``configuration`` NXnote holds
  the worker's configuration as JSON (``@type``/``type`` ``text/json``); its ``val_dummy`` (or
  ``dummy`` in older configurations) is the value of the empty bins. Nothing on the dataset
  itself marks them.
"""

from __future__ import annotations

import json
import math
import posixpath

import h5py
import numpy as np

from nxviz.errors import NxvizError
from nxviz.hdf5.locate import Found, Locator
from nxviz.hdf5.meta import nx_class_of
from nxviz.hdf5.nexus import child, text
from nxviz.hdf5.reduce import default_gap

#: a configuration longer than this is not a pyFAI worker's (they are a few kB)
MAX_CONFIG = 1 << 20


def no_data_value(locator: Locator, found: Found, dtype: np.dtype) -> int | float | None:
    """The value marking "no data" in ``found`` (of type ``dtype``), or None."""
    gap = default_gap(dtype)
    if gap is not None:
        return gap
    if dtype.kind != "f":
        return None
    return locator.cache.memo(found.file, ("no-data", found.path), lambda: _dummy(locator, found))


def _parent(locator: Locator, found: Found) -> Found | None:
    path = posixpath.dirname(found.path.rstrip("/"))
    if not path or path == found.path:
        return None
    try:
        return locator.find(found.file, path)
    except NxvizError:
        return None


def _dummy(locator: Locator, found: Found) -> float | None:
    """pyFAI's dummy value, from the configuration of the NXprocess holding the NXdata."""
    nxdata = _parent(locator, found)
    if nxdata is None or nx_class_of(nxdata.entity) != "NXdata":
        return None
    process = _parent(locator, nxdata)
    if process is None or nx_class_of(process.entity) != "NXprocess":
        return None
    note = child(locator, process, "configuration")
    body = child(locator, note, "data") if note is not None else None
    if body is None or not isinstance(body.entity, h5py.Dataset) or body.entity.shape != ():
        return None
    try:
        raw = text(body.entity[()])
    except (OSError, TypeError, ValueError):
        return None
    if raw is None or len(raw) > MAX_CONFIG:
        return None
    try:
        config = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(config, dict):
        return None
    value = config.get("val_dummy", config.get("dummy"))
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)
