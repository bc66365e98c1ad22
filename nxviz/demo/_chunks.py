"""Write a stack of frames as shuffle + gzip chunks, compressed on every core.

h5py compresses chunks one at a time with its lock held; :func:`zlib.compress` releases the
GIL, so frames made and compressed in a thread pool and written with ``write_direct_chunk``
use all the cores. The dataset is created with the same filters (shuffle, then gzip at
``level``), so HDF5 and every reader decode the chunks as if h5py had written them.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import h5py
import numpy as np

from nxviz.volumes.chunks import cores


def create_frames(
    parent: h5py.Group, name: str, count: int, frame: tuple[int, int], level: int
) -> h5py.Dataset:
    return parent.create_dataset(
        name,
        shape=(count, *frame),
        dtype=np.uint16,
        chunks=(1, *frame),
        compression="gzip",
        compression_opts=level,
        shuffle=True,
    )


def _compressed(frame: np.ndarray, level: int) -> bytes:
    data = np.ascontiguousarray(frame, dtype="<u2")
    shuffled = np.frombuffer(data.tobytes(), np.uint8).reshape(-1, 2).T.tobytes()
    return zlib.compress(shuffled, level)


def write_frames(dataset: h5py.Dataset, make: Callable[[int], np.ndarray], level: int) -> None:
    """Frame ``i`` of ``dataset`` is ``make(i)`` (uint16), made and compressed in threads."""

    def one(index: int) -> bytes:
        return _compressed(make(index), level)

    with ThreadPoolExecutor(max_workers=cores()) as pool:
        for index, chunk in enumerate(pool.map(one, range(dataset.shape[0]))):
            dataset.id.write_direct_chunk((index, 0, 0), chunk)
