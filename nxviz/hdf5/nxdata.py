"""An NXdata group read as a plot: signal, axes per dimension, uncertainties, scales.

Reads every convention NeXus files are written with:

- ``@signal`` on the group, or a field with ``@signal=1`` (NeXus before 2014);
- ``@axes`` on the group, else canSAS's ``@<signal>_axes`` (``@I_axes="Q"``), else ``@axes``
  on the signal (``"eta:chi:channel"``, before 2014), else fields with ``@axis=N`` (1-based,
  ``@primary=1`` preferred);
- ``@AXISNAME_indices`` (an integer, a list, or canSAS's text ``"0,1"``);
- uncertainties in ``<signal>_errors``, in the field the signal's ``@uncertainties`` names,
  in canSAS's group ``@<signal>_uncertainties`` (``Idev``), or in ``errors``.

Each axis along a dimension is labelled ``long_name (units)`` (``labels``) and its order read
(increasing, decreasing, unsorted) so the browser can draw an unsorted axis as points. Small-angle
scattering data (canSAS) asks for log–log scales.
"""

from __future__ import annotations

import posixpath
from typing import Any

import h5py
import numpy as np

from nxviz.hdf5.labels import label
from nxviz.hdf5.locate import Found, Locator
from nxviz.hdf5.nexus import attr_text, child, text

Info = dict[str, Any]

#: an axis longer than this is not read to find its order
ORDER_READ_LIMIT = 1_000_000


def names_of(value: Any) -> list[str]:
    """Names from an attribute: a list, or text separated by commas, colons or spaces."""
    if value is None:
        return []
    if isinstance(value, (bytes, str)) or (isinstance(value, np.ndarray) and value.size == 1):
        single = text(value) or ""
        return [part.strip() for part in single.replace(":", ",").split(",") if part.strip()]
    return [t.strip() for t in (text(v) for v in np.asarray(value).reshape(-1)) if t is not None]


def _indices(value: Any) -> list[int] | None:
    """``@AXISNAME_indices``: an integer, integers, or text such as ``"0,1"`` (canSAS)."""
    if value is None:
        return None
    try:
        if isinstance(value, (bytes, str)) or (
            isinstance(value, np.ndarray) and value.dtype.kind in "SUO"
        ):
            return [int(n) for n in names_of(value)]
        return [int(i) for i in np.asarray(value).reshape(-1)]
    except (TypeError, ValueError):
        return None


def field_info(locator: Locator, group: Found, name: str) -> Info | None:
    item = child(locator, group, name)
    if item is None or not isinstance(item.entity, h5py.Dataset):
        return None
    dataset = item.entity
    units = attr_text(dataset, "units")
    long_name = attr_text(dataset, "long_name")
    return {
        "name": name,
        "path": posixpath.join(group.path, name),
        "shape": list(dataset.shape) if dataset.shape is not None else None,
        "dtype": dataset.dtype.str,
        "units": units,
        "long_name": long_name,
        "label": label(name, long_name, units),
    }


def _datasets(locator: Locator, group: Found) -> list[tuple[str, h5py.Dataset]]:
    found = []
    for name in group.entity:
        item = child(locator, group, name)
        if item is not None and isinstance(item.entity, h5py.Dataset):
            found.append((name, item.entity))
    return found


def _signal_name(locator: Locator, group: Found) -> str | None:
    name = attr_text(group.entity, "signal")
    if name:
        return name
    for field, dataset in _datasets(locator, group):  # NeXus before 2014: @signal=1
        if text(dataset.attrs.get("signal")) == "1" or _is_one(dataset.attrs.get("signal")):
            return field
    return None


def _is_one(value: Any) -> bool:
    try:
        return value is not None and np.asarray(value).size == 1 and int(np.asarray(value)) == 1
    except (TypeError, ValueError):
        return False


def _axis_names(
    locator: Locator, group: Found, signal: str, signal_set: h5py.Dataset | None
) -> list[str]:
    """Axis names in the order they are written."""
    attrs = group.entity.attrs
    for source in ("axes", f"{signal}_axes"):
        names = names_of(attrs.get(source))
        if names:
            return names
    if signal_set is not None:
        names = names_of(signal_set.attrs.get("axes"))
        if names:
            return names
    # before 2014: fields with @axis=N (1-based), @primary=1 first
    by_dim: dict[int, tuple[int, str]] = {}
    for field, dataset in _datasets(locator, group):
        try:
            dim = int(np.asarray(dataset.attrs["axis"]).reshape(-1)[0])
        except (KeyError, TypeError, ValueError, IndexError):
            continue
        primary = 0 if _is_one(dataset.attrs.get("primary")) else 1
        if dim >= 1 and (dim not in by_dim or primary < by_dim[dim][0]):
            by_dim[dim] = (primary, field)
    if not by_dim:
        return []
    return [by_dim[d][1] if d in by_dim else "." for d in range(1, max(by_dim) + 1)]


def _order(dataset: h5py.Dataset) -> str | None:
    if dataset.ndim != 1 or dataset.size > ORDER_READ_LIMIT or dataset.dtype.kind not in "uif":
        return None
    try:
        values = np.asarray(dataset[()], dtype=np.float64)
    except (OSError, ValueError, TypeError):
        return None
    steps = np.diff(values[np.isfinite(values)])
    if steps.size == 0 or np.all(steps > 0):
        return "increasing"
    if np.all(steps < 0):
        return "decreasing"
    return "unsorted"


def _errors(
    locator: Locator, group: Found, signal: str, signal_set: h5py.Dataset | None
) -> Info | None:
    candidates = [f"{signal}_errors"]
    if signal_set is not None:
        candidates += names_of(signal_set.attrs.get("uncertainties"))[:1]
    candidates += names_of(group.entity.attrs.get(f"{signal}_uncertainties"))[:1]
    candidates.append("errors")
    for name in candidates:
        info = field_info(locator, group, name)
        if info is not None:
            return info
    return None


def is_small_angle(group: Found) -> bool:
    """canSAS data (SASdata in an NXcanSAS entry): I(Q) is read on log–log axes."""
    for attr in ("canSAS_class", "SAS_class"):
        if attr_text(group.entity, attr) == "SASdata":
            return True
    parent = posixpath.dirname(group.path)
    try:
        entry = group.file[parent] if parent != group.path else None
        definition = entry.get("definition") if isinstance(entry, h5py.Group) else None
        if isinstance(definition, h5py.Dataset) and definition.size == 1:
            return text(np.asarray(definition[()]).reshape(-1)[0]) == "NXcanSAS"
    except (OSError, KeyError, TypeError, ValueError):
        return False
    return False


def nxdata_info(locator: Locator, group: Found) -> Info:
    """Signal, axes as written (None for ``.``), axes per signal dimension, errors, auxiliary
    signals, title and the scales the data is read on."""
    entity = group.entity
    signal_name = _signal_name(locator, group)
    signal = field_info(locator, group, signal_name) if signal_name else None
    signal_item = child(locator, group, signal_name) if signal_name else None
    signal_set = (
        signal_item.entity
        if signal_item is not None and isinstance(signal_item.entity, h5py.Dataset)
        else None
    )
    axes: list[Info | None] = []
    for name in _axis_names(locator, group, signal_name or "", signal_set):
        info = None if name == "." else field_info(locator, group, name)
        if info is not None:
            indices = _indices(entity.attrs.get(f"{name}_indices"))
            if indices is not None:
                info["indices"] = indices
            axis = child(locator, group, name)
            if axis is not None and isinstance(axis.entity, h5py.Dataset):
                info["order"] = _order(axis.entity)
        axes.append(info)
    rank = len(signal["shape"]) if signal and signal["shape"] is not None else 0
    errors = _errors(locator, group, signal_name, signal_set) if signal_name else None
    auxiliary = [
        info
        for info in (
            field_info(locator, group, n) for n in names_of(entity.attrs.get("auxiliary_signals"))
        )
        if info is not None
    ]
    small_angle = is_small_angle(group)
    return {
        "path": group.path,
        "signal": signal,
        "axes": axes,
        "dimension_axes": axes_by_dimension(axes, signal["shape"] if signal else None),
        "errors": errors,
        "auxiliary_signals": auxiliary,
        "title": attr_text(entity, "title"),
        "scales": {"x": "log", "y": "log"} if small_angle and rank == 1 else None,
    }


def axes_by_dimension(axes: list[Info | None], shape: list[int] | None) -> list[Info | None]:
    """For each dimension of the signal, the 1-D axis that gives its coordinates (n values, or
    n + 1 bin edges), or None: an axis goes where its ``@indices`` say, else its position."""
    if not shape:
        return []
    found: list[Info | None] = [None] * len(shape)
    for position, axis in enumerate(axes):
        if axis is None or axis["shape"] is None or len(axis["shape"]) != 1:
            continue
        dims = axis.get("indices") or [position]
        dim = dims[0]
        if 0 <= dim < len(shape) and axis["shape"][0] in (shape[dim], shape[dim] + 1):
            if found[dim] is None:
                found[dim] = axis
    return found
