"""Read one frame of a per-frame chunked, bitshuffle-LZ4 dataset by decoding its raw chunk.

All Eiger data is stored so: one chunk per frame, HDF5 filter 32008 with LZ4. Reading the raw
chunk (``read_direct_chunk``) and decoding it with the ``bitshuffle`` package (built with AVX2
where the CPU has it) is several times faster than going through HDF5's filter pipeline.
Anything else, or any surprise in the chunk, falls back to h5py.

A bitshuffle-LZ4 chunk starts with a 12-byte header: the uncompressed size in bytes (8 bytes,
big-endian) and the block size in bytes (4 bytes, big-endian). Blocks follow, each a 4-byte
big-endian compressed size and its LZ4 data; every block but the last holds ``block size``
elements, the last the rest rounded down to a multiple of 8, and the final ``size % 8``
elements are stored raw after the blocks. Blocks are independent, so any run of them decodes on
its own: :class:`RawFrame` decodes any range of elements (a band of rows), and bands decode in
parallel on threads. h5py's ``read_direct_chunk`` holds the GIL; the decode does not: it is a
call through ``ctypes`` into the bitshuffle library that the ``bitshuffle`` package ships,
which releases the GIL for its duration (the package's own ``decompress_lz4`` releases it too,
but allocates its output and runs an OpenMP team of its own).
"""

from __future__ import annotations

import ctypes
import struct
import threading
from dataclasses import dataclass
from typing import Any

import h5py
import numpy as np

try:
    import bitshuffle
    import bitshuffle.ext
except ImportError:  # the optional "fast" extra is not installed
    bitshuffle = None

BSHUF_FILTER = 32008
BSHUF_LZ4 = 2
HEADER = 12
BLOCKED_MULT = 8  # bitshuffle's blocks hold a multiple of 8 elements


def _library() -> tuple[Any, Any]:
    """bitshuffle's ``bshuf_decompress_lz4`` and (if built with OpenMP) ``omp_set_num_threads``."""
    if bitshuffle is None:
        return None, None
    try:
        lib = ctypes.CDLL(bitshuffle.ext.__file__)
        decode = lib.bshuf_decompress_lz4
    except (OSError, AttributeError):
        return None, None
    decode.restype = ctypes.c_int64
    pointer, size = ctypes.c_void_p, ctypes.c_size_t
    decode.argtypes = [pointer, pointer, size, size, size]
    threads = getattr(lib, "omp_set_num_threads", None)
    if threads is not None:
        threads.restype = None
        threads.argtypes = [ctypes.c_int]
    return decode, threads


_DECODE, _OMP_THREADS = _library()


_local = threading.local()
_BLOCK_SIZE = struct.Struct(">I")


def single_threaded_decoder() -> None:
    """Make bitshuffle decode on the calling thread only (each band is one thread's work; an
    OpenMP team of its own would only spin against the other bands' threads)."""
    if _OMP_THREADS is not None and not getattr(_local, "single", False):
        _OMP_THREADS(1)
    _local.single = True


def build() -> str:
    """The bitshuffle build in use, for benchmarks: version and SIMD."""
    if bitshuffle is None:
        return "bitshuffle not installed (h5py's filter pipeline only)"
    simd = [n for n in ("AVX512", "AVX2", "SSE2", "NEON") if getattr(bitshuffle, f"using_{n}")()]
    ctypes_path = "ctypes block decode" if _DECODE is not None else "no ctypes decode"
    openmp = "OpenMP" if _OMP_THREADS is not None else "no OpenMP"
    simd_text = "+".join(simd) or "scalar"
    return f"bitshuffle {bitshuffle.__version__} ({simd_text}, {openmp}, {ctypes_path})"


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


class DecodeError(ValueError):
    """A chunk that is not what its header says (the caller falls back to h5py)."""


@dataclass(frozen=True)
class RawFrame:
    """A frame's compressed chunk and where each of its blocks starts."""

    payload: np.ndarray  # uint8, the chunk after its 12-byte header
    shape: tuple[int, int]
    dtype: np.dtype
    block: int  # elements per block
    offsets: np.ndarray  # int64: each block's 4-byte size header within the payload
    tail: int  # payload offset of the raw leftover elements

    @property
    def size(self) -> int:
        return self.shape[0] * self.shape[1]

    def decode_into(self, out: np.ndarray, start: int, stop: int) -> None:
        """Decode elements ``start:stop`` (row-major) into the contiguous ``out``: the whole
        blocks inside the range in one call, the (at most two) blocks cut by its edges apart."""
        flat = out.reshape(-1)
        if flat.size != stop - start or not out.flags.c_contiguous or out.dtype != self.dtype:
            raise ValueError("decode_into takes a contiguous array of stop - start elements")
        count = len(self.offsets)
        blocked = self._block_end(count - 1) if count else 0  # the raw leftover follows
        first = -(-start // self.block)  # the first block starting inside the range
        last = min(stop // self.block, count - 1)  # blocks before it end inside the range
        if last == count - 1 and count and blocked <= stop:
            last = count
        if first < last:
            b0, b1 = first * self.block, self._block_end(last - 1)
            self._decode(first, last, flat[b0 - start : b1 - start])
        for k in {start // self.block, (stop - 1) // self.block}:
            if 0 <= k < count and not first <= k < last:  # a block cut by an edge
                b0, b1 = k * self.block, self._block_end(k)
                lo, hi = max(start, b0), min(stop, b1)
                if lo < hi:
                    scratch = np.empty(b1 - b0, dtype=self.dtype)
                    self._decode(k, k + 1, scratch)
                    flat[lo - start : hi - start] = scratch[lo - b0 : hi - b0]
        if stop > blocked:  # the raw elements after the last block
            lo = max(start, blocked)
            raw = self.payload[self.tail :].view(self.dtype)
            flat[lo - start :] = raw[lo - blocked : stop - blocked]

    def decode_span(self, start: int, stop: int, buffer: np.ndarray) -> np.ndarray:
        """Elements ``start:stop`` (row-major) as a view of ``buffer`` (1-D, this dtype, at
        least :meth:`span_size` elements), where the whole blocks covering the range are
        decoded in one call: one release of the GIL a band, no blocks cut and copied apart."""
        count = len(self.offsets)
        blocked = self._block_end(count - 1) if count else 0  # the raw leftover follows
        end = min(stop, blocked)
        b0 = start
        if start < end:
            k0, k1 = start // self.block, min(count, -(-end // self.block))
            b0 = k0 * self.block
            self._decode(k0, k1, buffer[: self._block_end(k1 - 1) - b0])
        if stop > blocked:  # the raw elements after the last block
            lo = max(start, blocked)
            raw = self.payload[self.tail :].view(self.dtype)
            buffer[lo - b0 : stop - b0] = raw[lo - blocked : stop - blocked]
        span: np.ndarray = buffer[start - b0 : stop - b0]
        return span

    def span_size(self, start: int, stop: int) -> int:
        """The buffer :meth:`decode_span` needs: the range and a block more on each side."""
        return stop - start + 2 * self.block

    def _block_end(self, k: int) -> int:
        if k < len(self.offsets) - 1:
            return (k + 1) * self.block
        rest = self.size - k * self.block
        return k * self.block + min(self.block, rest - rest % BLOCKED_MULT)

    def _decode(self, k0: int, k1: int, out: np.ndarray) -> None:
        single_threaded_decoder()
        source = self.payload.ctypes.data + int(self.offsets[k0])
        used = _DECODE(source, out.ctypes.data, out.size, self.dtype.itemsize, self.block)
        end = int(self.offsets[k1]) if k1 < len(self.offsets) else self.tail
        if used != end - int(self.offsets[k0]):
            raise DecodeError("a bitshuffle block did not decode to its size")


def parse_chunk(
    raw: bytes | memoryview, shape: tuple[int, int], dtype: np.dtype
) -> RawFrame | None:
    """The blocks of a bitshuffle-LZ4 chunk, or None when it is not what we expect."""
    if _DECODE is None or len(raw) < HEADER:
        return None
    total = int.from_bytes(raw[:8], "big")
    block_bytes = int.from_bytes(raw[8:12], "big")
    itemsize = dtype.itemsize
    size = shape[0] * shape[1]
    if total != size * itemsize or block_bytes == 0 or block_bytes % itemsize:
        return None
    block = block_bytes // itemsize
    if block % BLOCKED_MULT:
        return None
    rest = size % block
    count = size // block + (1 if rest - rest % BLOCKED_MULT else 0)
    # Each block's size says where the next starts: a walk in Python, kept lean (a list,
    # then one array) since the bands cannot start before it ends (~9,000 blocks for a 16M).
    starts, unpack = [0] * count, _BLOCK_SIZE.unpack_from
    position, last = HEADER, len(raw) - 4
    for k in range(count):
        if position > last:
            return None
        starts[k] = position
        position += 4 + unpack(raw, position)[0]
    if len(raw) - position != (size % BLOCKED_MULT) * itemsize:
        return None
    offsets = np.array(starts, dtype=np.int64) - HEADER
    payload = np.frombuffer(raw, dtype=np.uint8, offset=HEADER)
    return RawFrame(payload, shape, dtype, block, offsets, position - HEADER)


def read_raw(
    dataset: h5py.Dataset, index: tuple[int, ...], *, reuse: bool = False
) -> RawFrame | None:
    """The raw chunk of the frame at ``index``, ready to decode by bands, or None (use h5py).

    ``reuse``: read into this thread's buffer, kept from call to call (a 16M frame's chunk is
    several MB of fresh pages otherwise); the frame is then valid until this thread's next
    ``reuse`` read, so only for a frame decoded before the caller reads another."""
    if not is_frame_chunked_bitshuffle_lz4(dataset) or _DECODE is None:
        return None
    offsets = (*index, 0, 0)
    raw: bytes | memoryview
    try:
        if reuse:
            filter_mask, raw = dataset.id.read_direct_chunk(offsets, out=_buffer(dataset, offsets))
        else:
            filter_mask, raw = dataset.id.read_direct_chunk(offsets)
    except (OSError, ValueError, KeyError, RuntimeError):
        # e.g. a chunk never written (HDF5 2.0: RuntimeError): h5py answers the fill value
        return None
    if filter_mask != 0:
        return None
    shape = (int(dataset.shape[-2]), int(dataset.shape[-1]))
    return parse_chunk(raw, shape, dataset.dtype)


def _buffer(dataset: h5py.Dataset, offsets: tuple[int, ...]) -> np.ndarray:
    """This thread's raw-chunk buffer, grown to hold the chunk at ``offsets``."""
    size = dataset.id.get_chunk_info_by_coord(offsets).size
    buffer: np.ndarray | None = getattr(_local, "raw", None)
    if buffer is None or buffer.size < size:
        buffer = np.empty(size, dtype=np.uint8)
        _local.raw = buffer
    view: np.ndarray = buffer[:size]
    return view


def decode_chunk(raw: bytes, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray | None:
    """Decode a whole bitshuffle-LZ4 chunk, or None when its header does not match."""
    if len(shape) != 2:
        return None
    frame = parse_chunk(raw, (int(shape[0]), int(shape[1])), np.dtype(dtype))
    if frame is None:
        return None
    out = np.empty(frame.shape, dtype=frame.dtype)
    try:
        frame.decode_into(out, 0, frame.size)
    except DecodeError:
        return None
    return out


def read_frame(dataset: h5py.Dataset, index: tuple[int, ...]) -> np.ndarray:
    """The full 2D frame at ``index`` (one index per leading axis), decoded directly if possible."""
    raw = read_raw(dataset, index)
    if raw is not None:
        from nxviz.hdf5.bands import decode_frame  # bands builds on this module

        try:
            return decode_frame(raw)
        except DecodeError:
            pass
    result: np.ndarray = dataset[(*index, slice(None), slice(None))]
    return result
