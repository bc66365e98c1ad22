"""The ``xrf`` answer: what an object is for the XRF views (a spectra cube or a PyMca result)."""

from __future__ import annotations

import posixpath
from collections import deque
from typing import Any

import h5py

from nxviz.errors import UnsupportedTypeError
from nxviz.hdf5.limits import checkpoint, child_names
from nxviz.hdf5.locate import Found, Locator, normalise
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


def _cube_below(locator: Locator, found: Found, path: str) -> Info | None:
    """The first cube at or below ``found`` (breadth first, a few levels deep)."""
    queue: deque[tuple[Found, str, int]] = deque([(found, path, 0)])
    seen = 0
    while queue and seen < MAX_GROUPS:
        here, here_path, depth = queue.popleft()
        seen += 1
        checkpoint()
        cube = describe_cube(locator, here, here_path)
        if cube is not None:
            return cube
        if isinstance(here.entity, h5py.Group) and depth < MAX_DEPTH:
            for name in child_names(here.entity, MAX_GROUPS):
                item = child(locator, here, name)
                if item is not None:
                    queue.append((item, posixpath.join(here_path, name), depth + 1))
    return None


def _pymca(
    locator: Locator, h5file: h5py.File, asked: str, process: Found, process_path: str
) -> Info:
    config = configuration(locator, process)
    fit = fit_paths(locator, process, process_path)
    cube = None
    measured = fit.get("measured") if fit else None
    if measured:
        cube = describe_cube(locator, locator.find(h5file, measured), measured)
        zero_gain = calibration(config)
        if cube is not None and cube["energy"]["source"] == "channel" and zero_gain:
            cube["energy"] = channel_energy(cube["shape"][2], zero_gain)
    return {
        "kind": "pymca",
        "path": asked,
        "process": process_path,
        "cube": cube,
        "maps": result_maps(locator, process, process_path),
        "fit": fit,
        "config": config,
    }


def describe(locator: Locator, h5file: h5py.File, path: str | None) -> Info:
    """``XrfPayload`` for the object at ``path`` (415 when it is neither a cube nor a result).
    Every path in it is named from ``h5file``, through links, as the client would name it."""
    asked = normalise(path)
    found = locator.find(h5file, asked)
    cube = describe_cube(locator, found, asked)
    if cube is None:
        result = result_of(locator, h5file, found, asked)
        if result is not None:
            return _pymca(locator, h5file, asked, *result)
        if isinstance(found.entity, h5py.Group):
            cube = _cube_below(locator, found, asked)
    if cube is None:
        raise UnsupportedTypeError(
            f"{asked}: neither a spectra cube (3-D, last axis energy or channels) "
            "nor a PyMca fit result"
        )
    return {
        "kind": "cube",
        "path": asked,
        "process": None,
        "cube": cube,
        "maps": [],
        "fit": None,
        "config": None,
    }


def described(locator: Locator, h5file: h5py.File, path: str | None) -> Info:
    """:func:`describe`, remembered with the open file until it changes (the maps and spectra
    of a view ask it on every request). Not to be changed by the caller."""
    asked = normalise(path)
    payload: Info = locator.cache.memo(
        h5file, ("xrf", asked), lambda: describe(locator, h5file, asked)
    )
    return payload
