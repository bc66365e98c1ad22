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
from nxviz.hdf5.locate import Locator, normalise
from nxviz.hdf5.open import FileCache
from nxviz.hdf5.select import read_error
from nxviz.notebook.attrs import label_of, nx_class, text_attr
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
    detector: Detector | None = None


Plottable = Curve | Image


@contextmanager
def opened(path: Path, root: Path) -> Iterator[tuple[Locator, h5py.File]]:
    """A locator confined to ``root`` and the open file; everything is closed afterwards."""
    cache = FileCache(max_files=8)
    try:
        with Locator(cache, root) as locator:
            yield locator, locator.open(path)
    finally:
        cache.close()


def resolve_default(locator: Locator, h5file: h5py.File, entity: str | None) -> tuple[str, Any]:
    """Follow ``@default`` from ``entity`` (the root when None) to an NXdata or a dataset."""
    path = normalise(entity)
    node = locator.find(h5file, path).entity
    for _ in range(MAX_DEFAULT_HOPS):
        if not isinstance(node, h5py.Group) or nx_class(node) == "NXdata":
            return path, node
        name = text_attr(node, "default") or _first_nxdata(node)
        if name is None:
            break
        path = posixpath.join(path, name)
        node = locator.find(h5file, path).entity
    if isinstance(node, h5py.Group) and nx_class(node) == "NXdata":
        return path, node
    raise EntityNotFoundError(f"{path}: no @default leads from here to an NXdata group")


def _first_nxdata(group: h5py.Group) -> str | None:
    """Without @default, an entry's only sensible plot: its first NXdata or NXentry child."""
    for wanted in ("NXdata", "NXentry"):
        for name in sorted(group):
            try:
                child = group.get(name)
            except (KeyError, OSError):
                continue
            if isinstance(child, h5py.Group) and nx_class(child) == wanted:
                return str(name)
    return None


@dataclass(frozen=True)
class _Group:
    """An NXdata group at ``path``; its members are found through the locator (links too)."""

    locator: Locator
    file: h5py.File
    path: str
    group: h5py.Group

    def dataset(self, name: str) -> h5py.Dataset | None:
        if not name or "/" in name:
            return None
        try:
            found = self.locator.find(self.file, posixpath.join(self.path, name)).entity
        except EntityNotFoundError:
            return None
        return found if isinstance(found, h5py.Dataset) else None


def _signal_name(group: h5py.Group) -> str:
    name = text_attr(group, "signal")
    if name is not None:
        return name
    for child in sorted(group):  # the old convention: @signal=1 on the field itself
        try:
            item = group.get(child)
        except (KeyError, OSError):
            continue
        if isinstance(item, h5py.Dataset) and "signal" in item.attrs:
            return str(child)
    raise EntityNotFoundError(f"{group.name}: the NXdata has no @signal")


def _axes_names(group: h5py.Group, rank: int) -> list[str | None]:
    """The axis field of each signal dimension, from @axes and AXISNAME_indices."""
    raw = group.attrs.get("axes")
    if isinstance(raw, (str, bytes)):
        text = raw.decode() if isinstance(raw, bytes) else raw
        names = [part.strip() for part in text.replace(",", ":").split(":")]
    elif raw is None:
        names = []
    else:
        names = [v.decode() if isinstance(v, bytes) else str(v) for v in np.ravel(raw)]
    found: list[str | None] = [None] * rank
    for dim, name in enumerate(names[:rank]):
        found[dim] = None if name in (".", "") else name
    for key, value in group.attrs.items():
        if key.endswith("_indices") and np.ndim(value) == 0:
            index, name = int(value), key[: -len("_indices")]
            if 0 <= index < rank and found[index] is None and name not in found:
                found[index] = name
    return found


def _axis(where: _Group, name: str | None, length: int, dim: int) -> Axis:
    fallback = Axis(f"dimension {dim} (index)")
    item = where.dataset(name) if name else None
    if item is None or item.ndim != 1 or item.dtype.kind not in "uif":
        return fallback
    if item.shape[0] not in (length, length + 1):
        return fallback
    values = _read(item).astype(np.float64)
    return Axis(label_of(item, name or ""), values, text_attr(item, "units"))


def _errors(where: _Group, signal: str, shape: tuple[int, ...]) -> np.ndarray | None:
    for name in (f"{signal}_errors", "errors"):
        item = where.dataset(name)
        if item is not None and item.shape == shape and item.dtype.kind in "uif":
            return _read(item).astype(np.float64)
    return None


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


def _entry_definition(locator: Locator, h5file: h5py.File, path: str) -> str | None:
    parts = [part for part in path.split("/") if part]
    if not parts:
        return None
    try:
        found = locator.find(h5file, f"/{parts[0]}/definition").entity
    except EntityNotFoundError:
        return None
    if not isinstance(found, h5py.Dataset) or found.size != 1:
        return None
    raw = np.asarray(found[()]).reshape(-1)[0]
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _signal(locator: Locator, h5file: h5py.File, path: str, node: Any) -> tuple[_Group, str, Any]:
    if isinstance(node, h5py.Dataset):
        parent = posixpath.dirname(path)
        group = locator.find(h5file, parent).entity
        return _Group(locator, h5file, parent, group), posixpath.basename(path), node
    where = _Group(locator, h5file, path, node)
    name = _signal_name(node)
    signal = where.dataset(name)
    if signal is None:
        raise EntityNotFoundError(f"{path}: @signal names {name!r}, which is not a field here")
    return where, name, signal


def load(
    locator: Locator, h5file: h5py.File, entity: str | None = None, frame: int = 0
) -> Plottable:
    """The plot of ``entity`` (the file's default plot when None)."""
    path, node = resolve_default(locator, h5file, entity)
    where, name, signal = _signal(locator, h5file, path, node)
    if signal.dtype.kind not in "uifb" or signal.ndim == 0:
        raise UnsupportedTypeError(
            f"{path}: {name} ({signal.dtype}, shape {signal.shape}) is not a numeric array"
        )
    axes = [None] * signal.ndim if node is signal else _axes_names(where.group, signal.ndim)
    title = f"{Path(h5file.filename).name}  {path}"
    label = label_of(signal, name)
    shape = tuple(signal.shape)
    if signal.ndim == 1:
        errors = None if node is signal else _errors(where, name, shape)
        x = _axis(where, axes[0], shape[0], 0)
        return Curve(title, x, _read(signal).astype(np.float64), label, errors)
    detector = None
    if _entry_definition(locator, h5file, path) == "NXmx":
        detector = find_detector(locator, h5file, path, shape[-2:])
    index = _frame_index(shape, frame) if signal.ndim > 2 else ()
    rows, cols = shape[-2:]
    return Image(
        title,
        _read(signal, index),
        _axis(where, axes[-1], cols, signal.ndim - 1),
        _axis(where, axes[-2], rows, signal.ndim - 2),
        label,
        frame=frame % math.prod(shape[:-2]) if index else None,
        frames=math.prod(shape[:-2]),
        detector=detector,
    )
