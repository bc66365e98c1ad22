"""The ``xrf`` answer: what an object is for the XRF views (a spectra cube or a PyMca result)."""

from __future__ import annotations

from collections import deque
from typing import Any

import h5py

from nxviz.errors import UnsupportedTypeError
from nxviz.hdf5.limits import checkpoint, child_names
from nxviz.hdf5.locate import Found, Locator
from nxviz.hdf5.nexus import child
from nxviz.xrf.cube import channel_energy, describe_cube
from nxviz.xrf.pymca import (
    calibration,
    configuration,
    fit_paths,
    result_maps,
    result_of,
)

Info = dict[str, Any]

MAX_DEPTH = 4
MAX_GROUPS = 256


def _cube_below(locator: Locator, found: Found) -> Info | None:
    """The first cube at or below ``found`` (breadth first, a few levels deep)."""
    queue: deque[tuple[Found, int]] = deque([(found, 0)])
    seen = 0
    while queue and seen < MAX_GROUPS:
        here, depth = queue.popleft()
        seen += 1
        checkpoint()
        cube = describe_cube(locator, here)
        if cube is not None:
            return cube
        if isinstance(here.entity, h5py.Group) and depth < MAX_DEPTH:
            for name in child_names(here.entity, MAX_GROUPS):
                item = child(locator, here, name)
                if item is not None:
                    queue.append((item, depth + 1))
    return None


def _pymca(locator: Locator, asked: str, process: Found) -> Info:
    config = configuration(locator, process)
    fit = fit_paths(locator, process)
    cube = None
    measured = fit.get("measured") if fit else None
    if measured:
        cube = describe_cube(locator, locator.find(process.file, measured))
        zero_gain = calibration(config)
        if cube is not None and cube["energy"]["source"] == "channel" and zero_gain:
            cube["energy"] = channel_energy(cube["shape"][2], zero_gain)
    return {
        "kind": "pymca",
        "path": asked,
        "process": process.path,
        "cube": cube,
        "maps": result_maps(locator, process),
        "fit": fit,
        "config": config,
    }


def describe(locator: Locator, h5file: h5py.File, path: str | None) -> Info:
    """``XrfPayload`` for the object at ``path`` (415 when it is neither a cube nor a result)."""
    found = locator.find(h5file, path)
    cube = describe_cube(locator, found)
    if cube is None:
        process = result_of(locator, found)
        if process is not None:
            return _pymca(locator, found.path, process)
        if isinstance(found.entity, h5py.Group):
            cube = _cube_below(locator, found)
    if cube is None:
        raise UnsupportedTypeError(
            f"{found.path}: neither a spectra cube (3-D, last axis energy or channels) "
            "nor a PyMca fit result"
        )
    return {
        "kind": "cube",
        "path": found.path,
        "process": None,
        "cube": cube,
        "maps": [],
        "fit": None,
        "config": None,
    }
