"""Recognise a spectra cube (rows x columns x channels) from its metadata and describe it.

A cube is a 3-D numeric dataset whose last axis is an energy or channel axis, known by:

- the NXdata it is the signal of: the axis along its last dimension is named like an energy or
  channel axis (``energy``, ``channels``, ``mca``...) or has energy units (eV, keV);
- an NXfluo / NXxrf-like layout: a sibling field ``energy`` (or ``channels``) as long as the
  last dimension, or ``@interpretation="spectrum"`` on the dataset;
- the axes the dataset names itself (NeXus's older ``@axes`` on the field, e.g. SPEC's
  ``_mca_`` with ``axes="eta:chi:_mca_channel_"``), three of them, the last an energy or
  channel axis by its name or by its field's units (eV, keV, channel);
- PyMca's own layout: the measured data of a fit (``.../fit/data``) beside its ``energy``.

Never by size: a 3-D stack of images with a long last axis is not a cube.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

import h5py
import numpy as np

from nxviz.hdf5.locate import Found, Locator
from nxviz.hdf5.nexus import attr_text, child
from nxviz.hdf5.nxdata import names_of, nxdata_info

Info = dict[str, Any]

#: axis names of spectra (as the Lab side's ``isSpectrumCube``)
SPECTRUM_AXIS = re.compile(r"(^|[_\s])(energy|energies|channels?|mca|e)([_\s(]|$)", re.I)
ENERGY_UNITS = {"ev": 1e-3, "kev": 1.0, "mev": 1e3}
CHANNEL_UNITS = {"channel", "channels"}
#: an axis longer than this is not sent (rows/columns positions)
MAX_AXIS_VALUES = 100_000


def is_energy_units(units: str | None) -> bool:
    return (units or "").strip().lower() in ENERGY_UNITS


def nx_class(entity: Any) -> str | None:
    return attr_text(entity, "NX_class")


def _numeric_3d(entity: Any) -> bool:
    return (
        isinstance(entity, h5py.Dataset)
        and entity.shape is not None
        and len(entity.shape) == 3
        and entity.dtype.kind in "iuf"
    )


def _axis_values(locator: Locator, group: Found, info: Info | None, length: int) -> Info:
    """``{"name", "units", "values"}`` of a dimension's axis (values None when absent or big)."""
    if info is None:
        return {"name": None, "units": None, "values": None}
    values = None
    item = child(locator, group, info["name"])
    shape = (
        item.entity.shape if item is not None and isinstance(item.entity, h5py.Dataset) else None
    )
    if item is not None and shape is not None and len(shape) == 1 and shape[0] <= MAX_AXIS_VALUES:
        data = np.asarray(item.entity[()], dtype=np.float64)
        if data.size == length + 1:  # bin edges: their centres
            data = (data[:-1] + data[1:]) / 2
        if data.size == length and np.all(np.isfinite(data)):
            values = data.tolist()
    return {"name": info["name"], "units": info.get("units"), "values": values}


def _energy(locator: Locator, group: Found, axis: Info | None, channels: int) -> Info | None:
    """The energy of each channel from an axis with energy units (None otherwise)."""
    if axis is None or not is_energy_units(axis.get("units")):
        return None
    got = _axis_values(locator, group, axis, channels)
    if got["values"] is None:
        return None
    return {"values": got["values"], "units": axis["units"].strip(), "source": "file"}


def channel_energy(channels: int, calibration: tuple[float, float] | None = None) -> Info:
    """Channel numbers, or energies ``zero + gain * channel`` (keV) from a fit configuration."""
    numbers = np.arange(channels, dtype=np.float64)
    if calibration is None:
        return {"values": numbers.tolist(), "units": "", "source": "channel"}
    zero, gain = calibration
    return {"values": (zero + gain * numbers).tolist(), "units": "keV", "source": "config"}


def _describe(
    locator: Locator, found: Found, group: Found, axes: list[Info | None], path: str
) -> Info:
    dataset: h5py.Dataset = found.entity
    rows, cols, channels = (int(n) for n in dataset.shape)
    energy = _energy(locator, group, axes[2], channels)
    return {
        "path": path,
        "shape": [rows, cols, channels],
        "dtype": dataset.dtype.str,
        "chunks": list(dataset.chunks) if dataset.chunks else None,
        "energy": energy or channel_energy(channels),
        "rows": _axis_values(locator, group, axes[0], rows),
        "cols": _axis_values(locator, group, axes[1], cols),
    }


def _from_nxdata(locator: Locator, group: Found, path: str, name: str | None = None) -> Info | None:
    """The cube an NXdata's signal is (or, with ``name``, that signal or auxiliary signal);
    ``path`` is the group's path as the client names it (through links)."""
    info = nxdata_info(locator, group)
    signal = info["signal"]
    if signal is None or not signal["shape"] or len(signal["shape"]) != 3:
        return None
    names = [signal["name"]] + [a["name"] for a in info["auxiliary_signals"]]
    chosen = name if name is not None else signal["name"]
    found = child(locator, group, chosen) if chosen in names else None
    if found is None or not _numeric_3d(found.entity):
        return None
    if list(found.entity.shape) != list(signal["shape"]):
        return None
    axes = list(info["dimension_axes"])
    last = axes[2] if len(axes) == 3 else None
    written = [a["name"] for a in info["axes"] if a is not None]
    spectral = last is not None and (
        SPECTRUM_AXIS.search(last["name"]) is not None or is_energy_units(last.get("units"))
    )
    if not spectral and not (len(written) == 3 and SPECTRUM_AXIS.search(written[2])):
        return None
    axes = axes if len(axes) == 3 else [None, None, None]
    return _describe(locator, found, group, axes, posixpath.join(path, chosen))


def _sibling_energy(locator: Locator, parent: Found, channels: int) -> Info | None:
    for name in ("energy", "energies", "channels", "channel"):
        item = child(locator, parent, name)
        if item is None or not isinstance(item.entity, h5py.Dataset):
            continue
        shape = item.entity.shape
        if shape is not None and len(shape) == 1 and shape[0] in (channels, channels + 1):
            return {"name": name, "units": attr_text(item.entity, "units")}
    return None


def _own_axes(locator: Locator, parent: Found, entity: h5py.Dataset) -> list[Info | None] | None:
    """The three axes a dataset names in its own ``@axes`` when the last is a spectrum axis
    (its name, or its field's energy or channel units); None otherwise."""
    try:
        names = names_of(entity.attrs.get("axes"))
    except (OSError, TypeError, KeyError):
        return None
    if len(names) != 3:
        return None
    axes: list[Info | None] = []
    for name in names:
        item = child(locator, parent, name) if name != "." else None
        if item is None or not isinstance(item.entity, h5py.Dataset):
            axes.append(None)
        else:
            axes.append({"name": name, "units": attr_text(item.entity, "units")})
    last = axes[2]
    units = ((last or {}).get("units") or "").strip().lower()
    if SPECTRUM_AXIS.search(names[2]) is None and not (
        is_energy_units(units) or units in CHANNEL_UNITS
    ):
        return None
    return axes


def describe_cube(locator: Locator, found: Found, path: str | None = None) -> Info | None:
    """The cube at ``found`` (a 3-D dataset or an NXdata whose signal is one), else None.
    ``path`` is where the client found it (the answer names paths from there, so that they
    hold in the file asked even when links lead into another file)."""
    asked = path or found.path
    entity = found.entity
    if isinstance(entity, h5py.Group):
        return _from_nxdata(locator, found, asked) if nx_class(entity) == "NXdata" else None
    if not _numeric_3d(entity):
        return None
    parent = locator.find(found.file, posixpath.dirname(found.path) or "/")
    if nx_class(parent.entity) == "NXdata":
        described = _from_nxdata(locator, parent, "/", posixpath.basename(found.path))
        if described is not None:
            described["path"] = asked
            return described
    own = _own_axes(locator, parent, entity)
    if own is not None:
        return _describe(locator, found, parent, own, asked)
    channels = int(entity.shape[2])
    energy_axis = _sibling_energy(locator, parent, channels)
    spectrum = (attr_text(entity, "interpretation") or "").lower() == "spectrum"
    if energy_axis is None and not spectrum:
        return None
    return _describe(locator, found, parent, [None, None, energy_axis], asked)
