"""Read one frame of a per-frame chunked, bitshuffle-LZ4 dataset by decoding its raw chunk.

All Eiger data is stored so: one chunk per frame, HDF5 filter 32008 with LZ4. Reading the raw
chunk (``read_direct_chunk``) and decoding it with the ``bitshuffle`` package (built with AVX2
where the CPU has it, and outside h5py's global lock) is several times faster than going
through HDF5's filter pipeline. Anything else, or any surprise in the chunk, falls back to h5py.

A bitshuffle-LZ4 chunk starts with a 12-byte header: the uncompressed size in bytes
(8 bytes, big-endian) and the block size in bytes (4 bytes, big-endian).
"""

from __future__ import annotations

import h5py
import numpy as np

try:
    import bitshuffle
except ImportError:  # the optional "fast" extra is not installed
    bitshuffle = None

BSHUF_FILTER = 32008
BSHUF_LZ4 = 2
HEADER = 12


def is_frame_chunked_bitshuffle_lz4(dataset: h5py.Dataset) -> bool:
    """One chunk per 2D frame (all leading chunk sizes 1), bitshuffle-LZ4 the only filter."""
    if bitshuffle is None or dataset.ndim < 2 or dataset.chunks is None:
        return False
    chunks, shape = dataset.chunks, dataset.shape
    if tuple(chunks[-2:]) != tuple(shape[-2:]) or any(c != 1 for c in chunks[:-2]):
        return False
    if dataset.dtype.kind not in "uif" or dataset.dtype.byteorder == ">":
        return False
    plist = dataset.id.get_create_plist()
    if plist.get_nfilters() != 1:
        return False
    filter_id, _flags, values, _name = plist.get_filter(0)
    return bool(filter_id == BSHUF_FILTER and len(values) > 4 and values[4] == BSHUF_LZ4)


def decode_chunk(raw: bytes, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray | None:
    """Decode a bitshuffle-LZ4 chunk, or None when its header does not match what we expect."""
    if bitshuffle is None or len(raw) < HEADER:
        return None
    total = int.from_bytes(raw[:8], "big")
    block_bytes = int.from_bytes(raw[8:12], "big")
    itemsize = dtype.itemsize
    if total != int(np.prod(shape)) * itemsize or block_bytes % itemsize:
        return None
    payload = np.frombuffer(raw, dtype=np.uint8, offset=HEADER)
    try:
        decoded: np.ndarray = bitshuffle.decompress_lz4(
            payload, shape, dtype, block_bytes // itemsize
        )
    except (RuntimeError, ValueError):
        return None
    return decoded


def read_frame(dataset: h5py.Dataset, index: tuple[int, ...]) -> np.ndarray:
    """The full 2D frame at ``index`` (one index per leading axis), decoded directly if possible."""
    if is_frame_chunked_bitshuffle_lz4(dataset):
        frame = _read_direct(dataset, index)
        if frame is not None:
            return frame
    result: np.ndarray = dataset[(*index, slice(None), slice(None))]
    return result


def _read_direct(dataset: h5py.Dataset, index: tuple[int, ...]) -> np.ndarray | None:
    offset = (*index, 0, 0)
    try:
        filter_mask, raw = dataset.id.read_direct_chunk(offset)
    except (OSError, ValueError, KeyError):
        return None  # e.g. a chunk never written: h5py answers with the fill value
    if filter_mask != 0:
        return None
    return decode_chunk(raw, tuple(dataset.shape[-2:]), dataset.dtype)
