"""A volume's multi-resolution copy (pyramid): any slice at reduced resolution from one read.

Level ``k`` (k ≥ 1) is the volume halved ``k`` times: each voxel the mean of a 2×2×2 block of
level ``k − 1`` (level 0 is the volume itself; at an odd edge the block holds what is there),
rounded to the nearest integer for integer data and kept in the volume's dtype. Each level is
stored three times, once per slicing axis, as ``.npy`` files whose first axis is the slicing
axis: a slice of any orientation is then one contiguous read of the level's plane. The levels
stop once a level's longest side is at most ``min_side``. For N³ voxels of B bytes the pyramid
takes about 3 × N³ × B / 7 bytes (2048³ uint16: 6.9 GiB).

The volume is read once, in slabs along its first axis (planes of chunks ``(1, Y, X)`` decoded
in parallel, off the GIL), the cancel flag looked at before each plane (thicker chunks: between
slabs) and between the blocks of the smaller levels. Levels are built in a
partial folder of the cache (:mod:`.cache`) and published whole.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import h5py
import numpy as np

from nxviz.volumes.chunks import CancelFlag, Cancelled, Task, cores, decode_all, pipeline
from nxviz.volumes.planes import Plane
from nxviz.volumes.slices import SliceRequest, check_volume, picture_grids

MIN_SIDE = 64
BLOCK_BYTES = 64 * 1024**2  # planes of a level written at once
SLAB_BYTES = 256 * 1024**2  # at most this much of the volume is held at once (unless chunks
# along the first axis are thicker)

Shape = tuple[int, int, int]


def level_shapes(shape: Shape, min_side: int = MIN_SIDE) -> list[Shape]:
    """The shapes of levels 1, 2, … of a volume of ``shape``."""
    found: list[Shape] = []
    current = shape
    while max(current) > min_side and min(current) >= 2:
        current = (-(-current[0] // 2), -(-current[1] // 2), -(-current[2] // 2))
        found.append(current)
    return found


def pyramid_bytes(shape: Shape, itemsize: int, min_side: int = MIN_SIDE) -> int:
    return sum(3 * math.prod(s) * itemsize for s in level_shapes(shape, min_side))


def level_file(folder: Path, level: int, axis: int) -> Path:
    return folder / f"L{level}-a{axis}.npy"


def halve(block: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """The mean of each 2×2×2 block (see the module's docstring), in ``dtype``."""
    for axis in range(3):
        if block.shape[axis] % 2:
            block = np.concatenate([block, np.take(block, [-1], axis=axis)], axis=axis)
    if dtype.kind in "biu" and dtype.itemsize <= 4:
        return _halve_integers(block, dtype)
    values = block.astype(np.float32 if block.dtype.itemsize <= 2 else np.float64)
    z, y, x = values.shape
    means = values.reshape(z // 2, 2, y // 2, 2, x // 2, 2).mean(axis=(1, 3, 5))
    if dtype.kind in "biu":
        means = np.rint(means)
    halved: np.ndarray = means.astype(dtype)
    return halved


def _halve_integers(block: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """2×2×2 means of integers (even sides), rounded half to even as :func:`numpy.rint` does:
    sums in integers (pairs along each axis in turn), then the quotient by 8 and its
    remainder, with no floating point (several times quicker on a whole volume)."""
    wide = np.dtype(np.int32 if dtype.itemsize <= 2 else np.int64)
    sums: np.ndarray[Any, np.dtype[np.signedinteger[Any]]] = block[0::2].astype(wide)
    np.add(sums, block[1::2], out=sums)
    sums = sums[:, 0::2] + sums[:, 1::2]
    sums = sums[:, :, 0::2] + sums[:, :, 1::2]
    quotient = sums >> 3  # floor division by 8, negative sums too
    rest = sums & 7
    quotient += (rest > 4) | ((rest == 4) & (quotient & 1 == 1))
    halved: np.ndarray = quotient.astype(dtype)
    return halved


class LevelWriter:
    """Writes one level's planes (along axis 0) into its three orientations.

    Planes are gathered into blocks of ``BLOCK_BYTES`` before they are written: in the two
    transposed orientations a block is one contiguous run per row, where a single plane would
    touch every page of the file with a few bytes."""

    def __init__(self, folder: Path, level: int, shape: Shape, dtype: np.dtype) -> None:
        z, y, x = shape
        shapes = {0: (z, y, x), 1: (y, z, x), 2: (x, z, y)}
        self.arrays = {
            axis: np.lib.format.open_memmap(
                level_file(folder, level, axis), mode="w+", dtype=dtype, shape=s
            )
            for axis, s in shapes.items()
        }
        self.block = max(1, BLOCK_BYTES // max(1, y * x * dtype.itemsize))
        self._pending: list[np.ndarray] = []
        self._start = 0

    def write(self, start: int, planes: np.ndarray) -> None:
        if self._pending and start != self._start + sum(p.shape[0] for p in self._pending):
            self._flush()
        if not self._pending:
            self._start = start
        self._pending.append(planes)
        if sum(p.shape[0] for p in self._pending) >= self.block:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        planes = np.concatenate(self._pending)
        self._pending = []
        start, stop = self._start, self._start + planes.shape[0]
        self.arrays[0][start:stop] = planes
        self.arrays[1][:, start:stop, :] = planes.transpose(1, 0, 2)
        self.arrays[2][:, start:stop, :] = planes.transpose(2, 0, 1)

    def close(self) -> None:
        self._flush()
        for array in self.arrays.values():
            array.flush()
        self.arrays.clear()


def _one_plane(dataset: h5py.Dataset, z: int) -> np.ndarray:
    request = SliceRequest(0, z)
    _, rows, cols = picture_grids(dataset, request)
    plane = Plane((rows.coords.size, cols.coords.size), dataset.dtype)
    chunks = pipeline(dataset).chunks
    tasks = []
    for gr in range(rows.count):
        for gc in range(cols.count):
            r0, nr = int(rows.starts[gr]), int(rows.sizes[gr])
            c0, nc = int(cols.starts[gc]), int(cols.sizes[gc])

            def place(values: np.ndarray, r0: int = r0, nr: int = nr, c0: int = c0,
                      nc: int = nc) -> None:  # fmt: skip
                plane.values[r0 : r0 + nr, c0 : c0 + nc] = values[:nr, :nc]

            tasks.append(Task((z // chunks[0] * chunks[0], r0, c0), place))
    decode_all(dataset, 0, z, tasks, threads=1)
    return plane.values


def read_slab(
    dataset: h5py.Dataset,
    start: int,
    stop: int,
    pool: ThreadPoolExecutor,
    cancel: CancelFlag | None = None,
) -> np.ndarray:
    """Planes ``start:stop`` of the volume: chunks one plane thick are decoded in parallel
    (off the GIL), ``cancel`` looked at before each; thicker chunks through h5py, each decoded
    once per slab."""
    pipe = pipeline(dataset)
    if pipe.direct is not None and pipe.chunks[0] == 1:

        def plane(z: int) -> np.ndarray:
            if cancel is not None and cancel.is_set():
                raise Cancelled(z)
            return _one_plane(dataset, z)

        return np.stack(list(pool.map(plane, range(start, stop))))
    slab: np.ndarray = dataset[start:stop]
    return slab


def slab_planes(shape: Shape, chunk: int, itemsize: int) -> int:
    """How many planes a slab holds: an even multiple of the chunk's thickness, about
    ``SLAB_BYTES`` of the volume."""
    unit = chunk if chunk % 2 == 0 else 2 * chunk
    wanted = max(1, SLAB_BYTES // max(1, shape[1] * shape[2] * itemsize * unit))
    return unit * wanted


def build(
    dataset: h5py.Dataset,
    folder: Path,
    *,
    min_side: int = MIN_SIDE,
    cancel: CancelFlag | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Write the pyramid of ``dataset`` into ``folder``; return its manifest (without source).

    ``progress(done, total)`` is told the planes of the volume read so far; raises
    :class:`~nxviz.volumes.chunks.Cancelled` once ``cancel`` is set (see the module's docstring).
    """
    check_volume(dataset, dataset.name)
    shape: Shape = tuple(int(n) for n in dataset.shape)  # type: ignore[assignment]
    dtype = dataset.dtype
    shapes = level_shapes(shape, min_side)
    manifest = {
        "shape": list(shape),
        "dtype": dtype.str,
        "levels": [list(s) for s in shapes],
        "bytes": pyramid_bytes(shape, dtype.itemsize, min_side),
    }
    if not shapes:
        return manifest
    step = slab_planes(shape, pipeline(dataset).chunks[0], dtype.itemsize)
    first = LevelWriter(folder, 1, shapes[0], dtype)
    with ThreadPoolExecutor(max_workers=cores(), thread_name_prefix="nxviz-pyramid") as pool:
        for start in range(0, shape[0], step):
            if cancel is not None and cancel.is_set():
                raise Cancelled(start)
            stop = min(shape[0], start + step)
            first.write(start // 2, halve(read_slab(dataset, start, stop, pool, cancel), dtype))
            if progress is not None:
                progress(stop, shape[0])
    first.close()
    below = np.load(level_file(folder, 1, 0), mmap_mode="r")
    for level, level_shape in enumerate(shapes[1:], start=2):
        if cancel is not None and cancel.is_set():
            raise Cancelled(shape[0])
        writer = LevelWriter(folder, level, level_shape, dtype)
        for start in range(0, below.shape[0], 64):
            if cancel is not None and cancel.is_set():
                raise Cancelled(shape[0])
            writer.write(start // 2, halve(np.asarray(below[start : start + 64]), dtype))
        writer.close()
        below = np.load(level_file(folder, level, 0), mmap_mode="r")
    return manifest


def choose_level(
    manifest: dict[str, Any],
    picture: tuple[int, int],
    axes: tuple[int, int],
    screen: tuple[int, int],
) -> int | None:
    """The coarsest level whose picture still has at least ``screen`` (rows, columns) pixels,
    or None when only the volume itself has enough (e.g. zoomed in)."""
    chosen = None
    for level, shape in enumerate(manifest["levels"], start=1):
        rows, cols = shape[axes[0]], shape[axes[1]]
        if rows >= min(screen[0], picture[0]) and cols >= min(screen[1], picture[1]):
            chosen = level
    return chosen


class OpenLevels:
    """Level files kept mapped between requests (a worker answers many slices of one volume),
    at most ``size``, least recently used dropped first. Keyed by the pyramid's build time as
    well: a pyramid built again is mapped afresh."""

    def __init__(self, size: int = 12) -> None:
        self.size = size
        self._arrays: OrderedDict[tuple[str, object, int, int], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, folder: Path, manifest: dict[str, Any], level: int, axis: int) -> np.ndarray:
        key = (str(folder), manifest.get("built"), level, axis)
        with self._lock:
            array = self._arrays.get(key)
            if array is not None:
                self._arrays.move_to_end(key)
                return array
        opened: np.ndarray = np.load(level_file(folder, level, axis), mmap_mode="r")
        with self._lock:
            self._arrays[key] = opened
            while len(self._arrays) > self.size:
                self._arrays.popitem(last=False)
        return opened


open_levels = OpenLevels()


def level_plane(
    folder: Path, manifest: dict[str, Any], level: int, axis: int, index: int
) -> np.ndarray:
    """The plane of ``level`` holding the volume's ``index`` along ``axis`` (one read)."""
    array = open_levels.get(folder, manifest, level, axis)
    position = min(index >> level, array.shape[0] - 1)
    plane: np.ndarray = np.array(array[position])
    return plane
