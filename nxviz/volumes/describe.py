"""What the slice view needs to know of a volume: shape, chunks, levels and physical axes.

Physical coordinates come from the NXdata group whose signal the volume is (1-D axes along
each dimension, with units), or for an NXtomo scan from the rotation angles (frames) and the
detector's pixel sizes (rows and columns); a dimension with neither has index coordinates.
"""

from __future__ import annotations

import posixpath
from typing import Any

import h5py
import numpy as np

from nxviz.errors import NxvizError
from nxviz.hdf5.locate import Found, Locator
from nxviz.hdf5.meta import nx_class_of
from nxviz.hdf5.nexus import attr_text, child, detectors, nxdata_info, scalar
from nxviz.volumes.chunks import pipeline
from nxviz.volumes.slices import check_volume, strides
from nxviz.volumes.tomo import Tomo, find_tomo

MAX_AXIS_VALUES = 1 << 16


def _axis(name: str | None, units: str | None, values: np.ndarray | None) -> dict[str, Any]:
    return {
        "name": name,
        "units": units,
        "values": None if values is None else [float(v) for v in values],
    }


def _nxdata_axes(locator: Locator, found: Found, shape: tuple[int, ...]) -> list[dict[str, Any]]:
    axes = [_axis(None, None, None) for _ in shape]
    try:
        parent = locator.find(found.file, posixpath.dirname(found.path))
    except NxvizError:
        return axes
    if nx_class_of(parent.entity) != "NXdata":
        return axes
    info = nxdata_info(locator, parent)
    signal = info.get("signal")
    if signal is None or signal["name"] != posixpath.basename(found.path):
        return axes
    for position, axis in enumerate(info["axes"]):
        if axis is None:
            continue
        dims = axis.get("indices", [position])
        if len(dims) != 1 or not 0 <= dims[0] < len(shape):
            continue
        dim = dims[0]
        item = child(locator, parent, axis["name"])
        if item is None or not isinstance(item.entity, h5py.Dataset):
            continue
        if item.entity.shape != (shape[dim],) or shape[dim] > MAX_AXIS_VALUES:
            continue
        if item.entity.dtype.kind not in "biuf":
            continue
        values = np.asarray(item.entity[()], dtype=np.float64)
        axes[dim] = _axis(axis["name"], axis.get("units"), values)
    return axes


def _tomo_axes(
    locator: Locator, found: Found, tomo: Tomo, shape: tuple[int, ...]
) -> list[dict[str, Any]]:
    axes = [
        _axis("rotation_angle", tomo.angle_units, tomo.angles),
        _axis("y", None, None),
        _axis("x", None, None),
    ]
    entry = locator.find(found.file, tomo.entry)
    for detector in detectors(locator, entry):
        for dim, name in ((1, "y_pixel_size"), (2, "x_pixel_size")):
            got = scalar(locator, detector, name)
            if got is not None and shape[dim] <= MAX_AXIS_VALUES:
                size, units = got
                axes[dim] = _axis(axes[dim]["name"], units, np.arange(shape[dim]) * size)
        break
    return axes


def describe_volume(locator: Locator, found: Found) -> dict[str, Any]:
    dataset = found.entity
    if not isinstance(dataset, h5py.Dataset):
        from nxviz.errors import UsageError

        raise UsageError(f"{found.path} is not a dataset")
    check_volume(dataset, found.path)
    shape = tuple(int(n) for n in dataset.shape)
    chunks = pipeline(dataset).chunks
    tomo = find_tomo(locator, found)
    axes = _tomo_axes(locator, found, tomo, shape) if tomo else _nxdata_axes(locator, found, shape)
    levels = []
    for axis in range(3):
        others = [a for a in range(3) if a != axis]
        count = max(-(-shape[a] // chunks[a]) for a in others)
        levels.append(len(strides(count)))
    return {
        "path": found.path,
        "shape": list(shape),
        "dtype": dataset.dtype.str,
        "chunks": list(chunks) if dataset.chunks is not None else None,
        "levels": levels,
        "axes": axes,
        "long_name": attr_text(dataset, "long_name"),
        "units": attr_text(dataset, "units"),
        "nxtomo": tomo.info() if tomo else None,
    }
