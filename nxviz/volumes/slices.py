"""A slice of a 3-D dataset along any axis, answered progressively across chunks.

The slice's picture has two axes (the dataset's other two, in order); the chunks it crosses
form a grid along them. Level ``L`` of ``levels`` decodes the chunks whose grid positions are
multiples of a stride ``s_L`` (coarsest first; strides shrink fourfold; the last is 1) and fills
every other chunk's place with the decoded chunk at the stride's multiple before it: the picture
of a level is the exact slice indexed by :func:`source_positions` along each axis, and the last
level's picture is the slice itself. Decoded chunk planes are kept (:mod:`.planes`), so each
level decodes only what the coarser ones did not.

``frames`` keeps a subset of the first axis (the projections of an NXtomo scan, for a sinogram).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import h5py
import numpy as np

from nxviz.errors import SelectionError, TooLargeError, UnsupportedTypeError, UsageError
from nxviz.volumes.chunks import CancelFlag, Task, decode_all, pipeline
from nxviz.volumes.planes import Plane, planes

FIRST_CHUNKS = 16  # chunks along the longer picture axis at the coarsest level
REFINE = 4  # each level's stride is this times smaller


@dataclass(frozen=True)
class SliceRequest:
    axis: int
    index: int
    level: int | None = None  # None: the last (full resolution)
    frames: tuple[int, ...] | None = None  # kept indices along axis 0 (sorted, unique)


@dataclass(frozen=True)
class Grid:
    """The chunks along one picture axis: which coordinates each holds."""

    coords: np.ndarray  # dataset indices shown along this picture axis
    chunk: int
    starts: np.ndarray  # position in the picture where each chunk's coordinates start
    sizes: np.ndarray

    @property
    def count(self) -> int:
        return int(self.starts.size)


def grid(coords: np.ndarray, chunk: int) -> Grid:
    ids = coords // chunk
    first = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if coords.size else np.zeros(0, int)
    sizes = np.diff(np.r_[first, coords.size])
    return Grid(coords, chunk, first.astype(np.int64), sizes.astype(np.int64))


def strides(count: int) -> list[int]:
    """Chunk strides of the levels, coarsest first, ending with 1."""
    found = [1]
    while -(-count // found[-1]) > FIRST_CHUNKS:
        found.append(found[-1] * REFINE)
    return found[::-1]


def source_positions(g: Grid, stride: int) -> np.ndarray:
    """For each picture position, the position whose value a level with ``stride`` shows."""
    owner = np.repeat(np.arange(g.count), g.sizes)
    chosen = owner - owner % stride
    offset = np.arange(g.coords.size) - g.starts[owner]
    found: np.ndarray = g.starts[chosen] + np.minimum(offset, g.sizes[chosen] - 1)
    return found


@dataclass
class Slice:
    picture: np.ndarray  # the dataset's dtype, the picture's full size
    level: int
    levels: int
    stride: int
    decoded: int  # chunks decoded for this answer (the rest came from earlier levels)
    chunks_total: int  # chunks the whole slice crosses
    chunks_shown: int  # chunks whose values the picture shows exactly
    axes: tuple[int, int]  # the dataset axes along the picture's rows and columns
    coords: tuple[np.ndarray, np.ndarray] = field(repr=False)  # dataset indices shown


def check_volume(dataset: h5py.Dataset, name: str) -> None:
    if dataset.shape is None or len(dataset.shape) != 3:
        raise UsageError(f"{name} is not a 3-D dataset")
    if dataset.dtype.kind not in "biuf":
        raise UnsupportedTypeError(f"{name}: a slice needs numeric data")


def picture_grids(
    dataset: h5py.Dataset, request: SliceRequest
) -> tuple[tuple[int, int], Grid, Grid]:
    shape = tuple(int(n) for n in dataset.shape)
    axis = request.axis
    if not 0 <= axis < 3:
        raise UsageError("'axis' must be 0, 1 or 2")
    if not 0 <= request.index < shape[axis]:
        raise SelectionError(f"index {request.index} is outside 0:{shape[axis]} of axis {axis}")
    rows_axis, cols_axis = (a for a in range(3) if a != axis)
    chunks = pipeline(dataset).chunks

    def coords(a: int) -> np.ndarray:
        if a == 0 and request.frames is not None:
            kept = np.asarray(request.frames, dtype=np.int64)
            if kept.size == 0 or np.any(np.diff(kept) <= 0) or kept[0] < 0 or kept[-1] >= shape[0]:
                raise SelectionError("'frames' must be increasing indices within the first axis")
            return kept
        return np.arange(shape[a], dtype=np.int64)

    return (
        (rows_axis, cols_axis),
        grid(coords(rows_axis), chunks[rows_axis]),
        grid(coords(cols_axis), chunks[cols_axis]),
    )


def read_slice(
    dataset: h5py.Dataset,
    key: tuple[object, ...],
    request: SliceRequest,
    *,
    max_bytes: int,
    cancel: CancelFlag | None = None,
    threads: int | None = None,
) -> Slice:
    """The picture of one level of a slice (see the module's docstring).

    ``key`` names the file's version (path, size, mtime) so that decoded chunks are reused
    only while the file is unchanged. Raises :class:`~nxviz.volumes.chunks.Cancelled` when
    ``cancel`` is set before the chunks are all decoded.
    """
    check_volume(dataset, dataset.name)
    (rows_axis, cols_axis), rows, cols = picture_grids(dataset, request)
    nbytes = rows.coords.size * cols.coords.size * dataset.dtype.itemsize
    if nbytes > max_bytes:
        raise TooLargeError(f"a slice of {nbytes} bytes exceeds the limit")
    levels = strides(max(rows.count, cols.count))
    level = len(levels) - 1 if request.level is None else request.level
    if not 0 <= level < len(levels):
        raise UsageError(f"'level' must be between 0 and {len(levels) - 1} for this slice")
    stride = levels[level]
    plane = planes.get(
        (*key, dataset.name, request.axis, request.index, request.frames),
        (rows.coords.size, cols.coords.size),
        dataset.dtype,
    )
    wanted = [
        (gr, gc)
        for gr in range(0, rows.count, stride)
        for gc in range(0, cols.count, stride)
        if not plane.has((gr, gc))
    ]
    chunks = pipeline(dataset).chunks
    tasks = [_task(chunks, request, plane, rows, cols, gr, gc) for gr, gc in wanted]
    decoded = decode_all(dataset, request.axis, request.index, tasks, cancel, threads)
    picture = plane.values
    shown = (
        rows.count * cols.count
        if stride == 1
        else -(-rows.count // stride) * -(-cols.count // stride)
    )
    if stride > 1:
        shown_rows, shown_cols = source_positions(rows, stride), source_positions(cols, stride)
        picture = _gather(picture, shown_rows, shown_cols)
        coords = (rows.coords[shown_rows], cols.coords[shown_cols])
    else:
        picture = picture.copy()
        coords = (rows.coords, cols.coords)
    return Slice(
        picture,
        level,
        len(levels),
        stride,
        decoded,
        rows.count * cols.count,
        shown,
        (rows_axis, cols_axis),
        coords,
    )


def _task(
    chunks: tuple[int, ...],
    request: SliceRequest,
    plane: Plane,
    rows: Grid,
    cols: Grid,
    gr: int,
    gc: int,
) -> Task:
    r0, nr = int(rows.starts[gr]), int(rows.sizes[gr])
    c0, nc = int(cols.starts[gc]), int(cols.sizes[gc])
    row_origin = int(rows.coords[r0]) // rows.chunk * rows.chunk
    col_origin = int(cols.coords[c0]) // cols.chunk * cols.chunk
    local_rows = rows.coords[r0 : r0 + nr] - row_origin
    local_cols = cols.coords[c0 : c0 + nc] - col_origin
    origin = [0, 0, 0]
    origin[request.axis] = request.index // chunks[request.axis] * chunks[request.axis]
    rows_axis, cols_axis = (a for a in range(3) if a != request.axis)
    origin[rows_axis], origin[cols_axis] = row_origin, col_origin

    picks = (_as_slice(local_rows), _as_slice(local_cols))
    pick = picks if None not in picks else np.ix_(local_rows, local_cols)

    def place(values: np.ndarray) -> None:
        plane.values[r0 : r0 + nr, c0 : c0 + nc] = values[pick]
        plane.mark((gr, gc))

    return Task(tuple(origin), place)


def _as_slice(local: np.ndarray) -> slice | None:
    """``local`` as a slice when it is a run of consecutive indices (a view, not a copy)."""
    if local.size and int(local[-1]) - int(local[0]) == local.size - 1:
        if local.size < 3 or np.all(np.diff(local) == 1):
            return slice(int(local[0]), int(local[-1]) + 1)
    return None


def _gather(values: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``values[np.ix_(rows, cols)]``, whole rows (or columns) taken at once when the other
    axis is shown as it is (a slice across chunks one plane thick: its columns)."""
    if np.array_equal(cols, np.arange(values.shape[1])):
        return np.take(values, rows, axis=0)
    if np.array_equal(rows, np.arange(values.shape[0])):
        return np.take(values, cols, axis=1)
    gathered: np.ndarray = values[np.ix_(rows, cols)]
    return gathered
