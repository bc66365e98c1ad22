"""What an ``image`` or ``stats`` request will decode and hold, claimed before it reads.

Estimated from the dataset's shape, dtype and chunks (:func:`nxviz.hdf5.limits.decoded_bytes`)
and the number of frames asked for, then claimed with :func:`nxviz.hdf5.limits.claim`: past the
request's limits it answers 413 with how to ask for less, and a large one moves to the heavy
lane. Runs in the worker process, inside the request's work function, before ``render``.
"""

from __future__ import annotations

import h5py

from nxviz.errors import NxvizError
from nxviz.hdf5.image import ImageRequest
from nxviz.hdf5.limits import chunk_bytes, claim, decoded_bytes
from nxviz.hdf5.locate import Found, Locator
from nxviz.hdf5.select import frame_selection, parse_selection
from nxviz.hdf5.series import find_series

#: bytes a combined sum holds per pixel besides the frame: float64 total, two boolean masks
SUM_BYTES_PER_PIXEL = 10


def claim_image(locator: Locator, found: Found, request: ImageRequest) -> None:
    """Claim one image request's frames (a bad request is left for ``render`` to refuse)."""
    frames = 1
    if isinstance(found.entity, h5py.Group):
        series = find_series(locator, found)
        if series is None:
            return
        dataset = series.first.entity
        count = series.stack.count
    else:
        dataset = found.entity
        count = int(dataset.shape[0]) if dataset.shape else 0
    if not isinstance(dataset, h5py.Dataset) or dataset.shape is None or dataset.ndim < 2:
        return
    try:
        index, _ = frame_selection(request.selection, tuple(int(n) for n in dataset.shape))
    except NxvizError:
        return
    if request.frames:
        frames = _frame_count(request.frames, count)
    rows, cols = int(dataset.shape[-2]), int(dataset.shape[-1])
    per_frame = decoded_bytes(dataset, (*index, slice(0, rows), slice(0, cols)))
    pixels = rows * cols
    held = per_frame + pixels * dataset.dtype.itemsize + pixels  # a frame, its chunks, the mask
    if frames > 1 and request.combine == "sum":
        held += pixels * SUM_BYTES_PER_PIXEL
    claim(
        frames * per_frame,
        held,
        what=f"combining {frames} frames" if frames > 1 else "this frame",
        hint="ask for fewer frames" if frames > 1 else "this dataset's frames are too large",
    )


def _frame_count(text: str, count: int) -> int:
    start, _, stop = text.partition(":")
    try:
        first = int(start) if start.strip() else 0
        last = int(stop) if stop.strip() else count
    except ValueError:
        return 1
    return max(1, min(last, count) - max(0, first))


def claim_stats(found: Found, selection: str | None) -> None:
    dataset = found.entity
    if not isinstance(dataset, h5py.Dataset) or dataset.shape is None:
        return
    try:
        sel = parse_selection(selection, tuple(int(n) for n in dataset.shape))
    except NxvizError:
        return
    decoded = decoded_bytes(dataset, sel.members)
    nbytes = sel.nbytes(dataset.dtype)
    # one chunk decoded at a time, the values, and the copies statistics work on
    held = chunk_bytes(dataset) + 4 * nbytes
    claim(decoded, held, what="these statistics", hint="select a smaller part of the dataset")
