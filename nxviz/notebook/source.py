"""What to plot from a file: follow ``@default`` to an NXdata, read its signal, axes and errors.

Only what is plotted is read: a 1D signal whole, a 2D signal whole, and of a signal with more
dimensions the one frame asked for (leading axes indexed, the last two kept). The result is a
:class:`Curve` or an :class:`Image`, plain arrays and labels that the renderers draw.

Files are opened read-only through :mod:`nxviz.hdf5.open`; links, external ones too, are
followed by :class:`nxviz.hdf5.locate.Locator`, which resolves them next to their parent file.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import h5py
import numpy as np

from nxviz.errors import EntityNotFoundError, SelectionError, UnsupportedTypeError
from nxviz.hdf5.fastread import read_frame
from nxviz.hdf5.locate import Found, Locator, normalise
from nxviz.hdf5.meta import nx_class_of
from nxviz.hdf5.nexus import attr_text, child, groups_of_class, nxdata_info, text
from nxviz.hdf5.open import FileCache
from nxviz.hdf5.select import read_error
from nxviz.notebook.detector import Detector, find_detector

MAX_DEFAULT_HOPS = 16


@dataclass(frozen=True)
class Axis:
    """Coordinates along one dimension: ``values`` (n centres or n+1 edges) or pixel indices."""

    label: str
    values: np.ndarray | None = None
    units: str | None = None


@dataclass(frozen=True)
class Curve:
    """A 1D signal with optional errors."""

    title: str
    x: Axis
    y: np.ndarray
    ylabel: str
    errors: np.ndarray | None = None


@dataclass(frozen=True)
class Image:
    """A 2D signal, or one frame of a stack; ``detector`` when the entry is NXmx."""

    title: str
    data: np.ndarray
    x: Axis
    y: Axis
    label: str
    frame: int | None = None
    frames: int = 1
    position: str = ""  # the frame's leading-axis coordinates, e.g. "omega = 0.3 (deg)"
    detector: Detector | None = None


Plottable = Curve | Image


def label_of(dataset: h5py.Dataset, fallback: str) -> str:
    """``@long_name`` (or the name) with ``@units`` appended unless the label carries them."""
    label = attr_text(dataset, "long_name") or fallback
    units = attr_text(dataset, "units")
    if units and f"({units})" not in label and f"[{units}]" not in label:
        label = f"{label} ({units})"
    return label


@contextmanager
def opened(path: Path, root: Path) -> Iterator[tuple[Locator, h5py.File]]:
    """A locator confined to ``root`` and the open file; everything is closed afterwards."""
    cache = FileCache(max_files=8)
    try:
        with Locator(cache, root) as locator:
            yield locator, locator.open(path)
    finally:
        cache.close()


def _descend(locator: Locator, found: Found, path: str) -> tuple[Found, str]:
    """One step down the ``@default`` chain: the named child, else the first NXdata/NXentry."""
    name = attr_text(found.entity, "default")
    step = child(locator, found, name) if name else None
    if step is not None and name is not None:
        return step, posixpath.join(path, name)
    for wanted in ("NXdata", "NXentry"):
        candidates = groups_of_class(locator, found, wanted)
        if candidates:
            return candidates[0], posixpath.join(path, posixpath.basename(candidates[0].path))
    where = f"{path}@default names {name!r}, which is not a child here" if name else path
    raise EntityNotFoundError(f"{where}: no NXdata to plot")


def resolve_default(locator: Locator, h5file: h5py.File, entity: str | None) -> tuple[str, Found]:
    """Follow ``@default`` from ``entity`` (the root when None) to an NXdata or a dataset.

    Returns the path as the user names it (through links) and the entity found there.
    """
    path = normalise(entity)
    found = locator.find(h5file, path)
    for _ in range(MAX_DEFAULT_HOPS):
        if not isinstance(found.entity, h5py.Group) or nx_class_of(found.entity) == "NXdata":
            return path, found
        found, path = _descend(locator, found, path)
    raise EntityNotFoundError(f"{path}: the @default chain is too long")


def _field(locator: Locator, group: Found, info: dict[str, Any] | None) -> h5py.Dataset | None:
    if info is None:
        return None
    got = child(locator, group, str(info["name"]))
    return got.entity if got is not None and isinstance(got.entity, h5py.Dataset) else None


def _axis(locator: Locator, group: Found, info: dict[str, Any] | None, n: int, dim: int) -> Axis:
    item = _field(locator, group, info)
    if item is None or item.ndim != 1 or item.dtype.kind not in "uif":
        return Axis(f"dimension {dim} (index)")
    if item.shape[0] not in (n, n + 1):
        return Axis(f"dimension {dim} (index)")
    values = _read(item).astype(np.float64)
    return Axis(label_of(item, str(info["name"]) if info else ""), values, attr_text(item, "units"))


def _position(
    locator: Locator, group: Found, axes: list[dict[str, Any] | None], index: tuple[int, ...]
) -> str:
    """``name = value (units)`` of the frame's leading axes that have 1D coordinates."""
    parts = []
    for dim, at in enumerate(index):
        item = _field(locator, group, axes[dim])
        if item is None or item.ndim != 1 or item.dtype.kind not in "uif" or at >= item.shape[0]:
            continue
        try:
            value = float(item[at])
        except OSError:
            continue
        units = attr_text(item, "units")
        parts.append(
            f"{item.name.rsplit('/', 1)[-1]} = {value:.6g}" + (f" {units}" if units else "")
        )
    return ", ".join(parts)


def _axes_by_dimension(axes: list[dict[str, Any] | None], rank: int) -> list[dict[str, Any] | None]:
    """@axes entries placed on the signal's dimensions (AXISNAME_indices when given)."""
    placed: list[dict[str, Any] | None] = [None] * rank
    for position, info in enumerate(axes):
        if info is None:
            continue
        indices = info.get("indices") or [position]
        if len(indices) == 1 and 0 <= indices[0] < rank and placed[indices[0]] is None:
            placed[indices[0]] = info
    return placed


def _read(dataset: h5py.Dataset, index: tuple[int, ...] = ()) -> np.ndarray:
    try:
        if index:
            return read_frame(dataset, index)
        return np.asarray(dataset[()])
    except OSError as error:
        raise read_error(dataset, error) from error


def _frame_index(shape: tuple[int, ...], frame: int) -> tuple[int, ...]:
    """The flat ``frame`` number over the leading dimensions as one index per dimension."""
    lead = shape[:-2]
    count = math.prod(lead)
    if not -count <= frame < count:
        raise SelectionError(f"frame {frame} is out of range 0..{count - 1}")
    return tuple(int(i) for i in np.unravel_index(frame % count, lead))


def _nxmx_entry(locator: Locator, h5file: h5py.File, path: str) -> Found | None:
    """The entry holding ``path`` when its definition is NXmx."""
    parts = [part for part in path.split("/") if part]
    if not parts:
        return None
    entry = child(locator, Found(h5file["/"], h5file, "/"), parts[0])
    definition = child(locator, entry, "definition") if entry is not None else None
    if definition is None or not isinstance(definition.entity, h5py.Dataset):
        return None
    if definition.entity.size != 1:
        return None
    return entry if text(np.asarray(definition.entity[()]).reshape(-1)[0]) == "NXmx" else None


def _signal(
    locator: Locator, path: str, found: Found
) -> tuple[str, h5py.Dataset, dict[str, Any] | None]:
    if isinstance(found.entity, h5py.Dataset):
        return posixpath.basename(path), found.entity, None
    info = nxdata_info(locator, found)
    signal = _field(locator, found, info["signal"])
    if signal is None:
        raise EntityNotFoundError(f"{path}: the NXdata's @signal names no field here")
    return str(info["signal"]["name"]), signal, info


def load(
    locator: Locator, h5file: h5py.File, entity: str | None = None, frame: int = 0
) -> Plottable:
    """The plot of ``entity`` (the file's default plot when None)."""
    path, found = resolve_default(locator, h5file, entity)
    name, signal, info = _signal(locator, path, found)
    if signal.shape is None or signal.ndim == 0 or signal.dtype.kind not in "uifb":
        raise UnsupportedTypeError(
            f"{path}: {name} ({signal.dtype}, shape {signal.shape}) is not a numeric array"
        )
    shape = tuple(int(n) for n in signal.shape)
    axes = _axes_by_dimension(info["axes"] if info else [], len(shape))
    title = f"{Path(h5file.filename).name}  {path}"
    label = label_of(signal, name)
    if len(shape) == 1:
        errors = _field(locator, found, info["errors"]) if info else None
        return Curve(
            title,
            _axis(locator, found, axes[0], shape[0], 0),
            _read(signal).astype(np.float64),
            label,
            None if errors is None or errors.shape != shape else _read(errors).astype(np.float64),
        )
    entry = _nxmx_entry(locator, h5file, path)
    detector = find_detector(locator, entry, shape) if entry is not None else None
    index = _frame_index(shape, frame) if len(shape) > 2 else ()
    count = math.prod(shape[:-2])
    return Image(
        title,
        _read(signal, index),
        _axis(locator, found, axes[-1], shape[-1], len(shape) - 1),
        _axis(locator, found, axes[-2], shape[-2], len(shape) - 2),
        label,
        frame=frame % count if index else None,
        frames=count,
        position=_position(locator, found, axes, index) if index else "",
        detector=detector,
    )
