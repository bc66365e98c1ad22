"""Selections: parse ``"0, 10:20, ::2"`` strictly against a shape, and size them before reading.

A selection has at most one member per dimension; missing trailing members select everything.
Members are an index (negative counts from the end) or ``start:stop[:step]`` with a positive
step. Anything else, or an index out of bounds, is a :class:`SelectionError` (HTTP 400).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import h5py
import numpy as np

from nxviz.errors import DamagedFileError, FileAccessError, MissingFilterError, SelectionError
from nxviz.hdf5.fastread import is_frame_chunked_bitshuffle_lz4, read_frame

Member = int | slice


@dataclass(frozen=True)
class Selection:
    """A bounded selection: ``members`` index the dataset, ``shape`` is the result's shape."""

    members: tuple[Member, ...]
    shape: tuple[int, ...]

    @property
    def size(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64)) if self.shape else 1

    def nbytes(self, dtype: np.dtype) -> int:
        return self.size * max(1, dtype.itemsize)


def _int(text: str, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise SelectionError(f"{what} {text.strip()[:20]!r} is not an integer") from None


def _member(text: str, length: int, axis: int) -> Member:
    text = text.strip()
    if ":" not in text:
        if text == "":
            raise SelectionError(f"axis {axis}: empty member")
        index = _int(text, f"axis {axis}: index")
        if not -length <= index < length:
            raise SelectionError(f"axis {axis}: index {index} out of range 0..{length - 1}")
        return index % length
    parts = text.split(":")
    if len(parts) > 3:
        raise SelectionError(f"axis {axis}: {text!r} is not a slice")
    start = _int(parts[0], f"axis {axis}: start") if parts[0].strip() else None
    stop = _int(parts[1], f"axis {axis}: stop") if parts[1].strip() else None
    step = _int(parts[2], f"axis {axis}: step") if len(parts) == 3 and parts[2].strip() else 1
    if step <= 0:
        raise SelectionError(f"axis {axis}: the step must be positive")
    return slice(*slice(start, stop, step).indices(length))


def parse_selection(text: str | None, shape: tuple[int, ...]) -> Selection:
    """Parse ``text`` against ``shape`` (None or empty text selects everything)."""
    members: list[Member] = []
    if text is not None and text.strip() not in ("", "..."):
        if len(text) > 1000:
            raise SelectionError("the selection is too long")
        parts = text.split(",")
        if len(parts) > len(shape):
            raise SelectionError(
                f"{len(parts)} members to select from a {len(shape)}-dimensional dataset"
            )
        members = [_member(part, shape[axis], axis) for axis, part in enumerate(parts)]
    members += [slice(0, length, 1) for length in shape[len(members) :]]
    result: list[int] = []
    for member, length in zip(members, shape, strict=True):
        if isinstance(member, slice):
            result.append(len(range(*member.indices(length))))
    return Selection(tuple(members), tuple(result))


def frame_selection(
    text: str | None, shape: tuple[int, ...]
) -> tuple[tuple[int, ...], tuple[slice, slice]]:
    """A 2D image out of an nD dataset: indices of the leading axes, slices of the last two.

    Leading axes not given default to index 0 (the first frame); the last two must be slices.
    """
    if len(shape) < 2:
        raise SelectionError(f"an image needs at least 2 dimensions, the dataset has {len(shape)}")
    parts = [] if text is None or text.strip() == "" else text.split(",")
    lead = len(shape) - 2
    if len(parts) > len(shape):
        raise SelectionError(f"{len(parts)} members to select from a {len(shape)}D dataset")
    if len(parts) <= lead:
        parts = parts + ["0"] * (lead - len(parts)) + [":", ":"]
    elif len(parts) < len(shape):
        parts = parts + [":"] * (len(shape) - len(parts))
    members = [_member(part, shape[axis], axis) for axis, part in enumerate(parts)]
    index = members[:lead]
    tail = members[lead:]
    if not all(isinstance(m, int) for m in index):
        raise SelectionError("the leading axes of an image must be single indices")
    if not all(isinstance(m, slice) for m in tail):
        raise SelectionError("the last two axes of an image must be slices")
    rows, cols = (m for m in tail if isinstance(m, slice))
    return tuple(int(m) for m in index if isinstance(m, int)), (rows, cols)


def read_selection(dataset: h5py.Dataset, selection: Selection) -> Any:
    """Read a selection; whole frames of Eiger-style datasets are decoded directly."""
    members = selection.members
    lead = members[:-2]
    try:
        if dataset.ndim >= 2 and all(isinstance(m, int) for m in lead):
            if is_frame_chunked_bitshuffle_lz4(dataset):
                frame = read_frame(dataset, tuple(m for m in lead if isinstance(m, int)))
                return frame[members[-2], members[-1]]
        if dataset.shape is None:
            return dataset[()]
        return dataset[members] if members else dataset[()]
    except OSError as error:
        raise read_error(dataset, error) from error


#: HDF5's words for a filter that is not there (rather than one that failed on bad bytes)
_MISSING_FILTER_HINTS = ("not registered", "plugin", "can't open directory", "not available")


def read_error(dataset: h5py.Dataset, error: OSError) -> FileAccessError:
    """An HDF5 read failure: a missing filter plugin (415), compressed bytes that do not
    decode, or an unreadable file (422)."""
    text = str(error).lower()
    if any(hint in text for hint in _MISSING_FILTER_HINTS):
        return MissingFilterError(f"{dataset.name}: a compression filter is not available")
    if "filter" in text:
        return DamagedFileError(f"{dataset.name}: its compressed data does not decode (damaged)")
    return DamagedFileError(f"{dataset.name}: cannot be read (damaged or incomplete)")
