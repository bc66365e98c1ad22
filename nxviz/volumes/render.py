"""A slice to the screen: read (progressively), corrected for NXtomo flats/darks, reduced.

:func:`slice_image` is what the ``slice`` endpoint runs on a worker: module-level, its
arguments plain data plus a cancel flag, so it can run in a thread or another process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import h5py
import numpy as np

from nxviz.errors import UsageError
from nxviz.hdf5.locate import Locator
from nxviz.hdf5.reduce import Exclusions, reduce_frame
from nxviz.volumes.cache import Identity, PyramidCache
from nxviz.volumes.chunks import CancelFlag
from nxviz.volumes.pyramid import choose_level, level_plane
from nxviz.volumes.slices import Slice, SliceRequest, check_volume, read_slice
from nxviz.volumes.tomo import corrected, find_tomo, references


@dataclass(frozen=True)
class SliceOptions:
    width: int = 1024
    height: int = 1024
    how: str = "max"
    percentiles: tuple[float, ...] = (0.1, 99.9)
    projections: bool = False  # only the projections of an NXtomo scan along the first axis
    correct: bool = False  # NXtomo: −log of the flat/dark-normalised transmission
    max_bytes: int = 1 << 30
    pyramids: str | None = None  # the pyramid cache folder to answer from (None: never)


def _fast_path(picture: np.ndarray) -> bool:
    """Whether reduce_frame may take the unsigned picture as it is: its fast path leaves out
    the value 2^N-1 (a detector's gap), so only when no voxel holds it; floats always."""
    if picture.dtype.kind == "f":
        return True
    if picture.dtype.kind != "u" or picture.size == 0:
        return False
    return int(picture.max()) < int(np.iinfo(picture.dtype).max)


def file_version(h5file: h5py.File) -> tuple[object, ...]:
    """The file's path, size and modification time: decoded planes belong to one version."""
    stat = os.stat(h5file.filename)
    return (os.path.realpath(h5file.filename), stat.st_size, stat.st_mtime_ns)


def slice_image(
    locator: Locator,
    h5file: h5py.File,
    path: str | None,
    request: SliceRequest,
    options: SliceOptions,
    cancel: CancelFlag | None = None,
) -> tuple[bytes, dict[str, Any]]:
    """The float32 body and the metadata of one level of a slice."""
    found = locator.find(h5file, path)
    dataset = found.entity
    if not isinstance(dataset, h5py.Dataset):
        raise UsageError(f"{found.path} is not a dataset")
    tomo = find_tomo(locator, found) if options.projections or options.correct else None
    if (options.projections or options.correct) and tomo is None:
        raise UsageError(f"{found.path} is not the frames of an NXtomo scan")
    if options.projections and tomo is not None and request.axis != 0:
        kept = tuple(int(i) for i in tomo.indices("projections"))
        request = replace(request, frames=kept)
    if options.pyramids is not None and not (options.projections or options.correct):
        answered = _from_pyramid(found.file, found.path, dataset, request, options)
        if answered is not None:
            return answered
    got: Slice = read_slice(
        dataset, file_version(found.file), request, max_bytes=options.max_bytes, cancel=cancel
    )
    picture = got.picture
    if options.correct and tomo is not None:
        flat, dark = references(locator, found, tomo)
        picture = corrected(picture, got.coords, request.index, request.axis, flat, dark)
    elif not _fast_path(picture):  # every value is shown: no detector gap value here
        picture = picture.astype(np.float32 if picture.dtype.itemsize <= 2 else np.float64)
    meta = _where(dataset, request, got.axes, picture.shape) | {
        "level": got.level,
        "levels": got.levels,
        "stride": got.stride,
        "complete": got.stride == 1,
        "decoded": got.decoded,
        "chunks_total": got.chunks_total,
        "chunks_shown": got.chunks_shown,
        "corrected": options.correct,
        "pyramid": None,
    }
    return _to_screen(picture, options, meta, scale=1)


#: a slice from the pyramid is one answer at screen resolution: the levels of chunks do not apply
WHOLE: dict[str, Any] = {"level": 0, "levels": 1, "stride": 1, "complete": True, "decoded": 0,
                         "chunks_total": 0, "chunks_shown": 0, "corrected": False}  # fmt: skip


def _where(
    dataset: h5py.Dataset, request: SliceRequest, axes: tuple[int, ...], shape: tuple[int, ...]
) -> dict[str, Any]:
    """Which slice an answer shows: the dataset axes along its rows and columns, and its size
    in voxels of the volume."""
    return {"shape": list(shape), "dtype": dataset.dtype.str, "axis": request.axis,
            "index": request.index, "axes": list(axes)}  # fmt: skip


def _to_screen(
    picture: np.ndarray, options: SliceOptions, meta: dict[str, Any], scale: int
) -> tuple[bytes, dict[str, Any]]:
    """The picture reduced to the screen (float32 bytes) and ``meta`` with its image's shape,
    bin factors (in voxels of the volume: ``scale`` voxels a picture pixel) and statistics."""
    reduced = reduce_frame(
        picture,
        width=options.width,
        height=options.height,
        how=options.how,
        exclusions=Exclusions(),
        percentiles=options.percentiles,
    )
    stats = reduced.stats
    meta = meta | {
        "image_shape": list(reduced.image.shape),
        "factors": [int(f) * scale for f in reduced.factors],
        "min": stats.min,
        "max": stats.max,
        "percentiles": stats.percentiles,
    }
    return reduced.image.astype("<f4", copy=False).tobytes(), meta


def _from_pyramid(
    h5file: h5py.File,
    path: str,
    dataset: h5py.Dataset,
    request: SliceRequest,
    options: SliceOptions,
) -> tuple[bytes, dict[str, Any]] | None:
    """The slice from the coarsest pyramid level that still fills the screen, or None (no
    pyramid built for this version of the file, or the screen asks for full resolution)."""
    check_volume(dataset, path)
    if not 0 <= request.axis < 3 or not 0 <= request.index < dataset.shape[request.axis]:
        return None  # the progressive read says what is wrong
    cache = PyramidCache(Path(options.pyramids)) if options.pyramids else PyramidCache()
    manifest = cache.lookup(Identity.of(h5file.filename, path))
    if manifest is None:
        return None
    axes = tuple(a for a in range(3) if a != request.axis)
    full = (int(dataset.shape[axes[0]]), int(dataset.shape[axes[1]]))
    level = choose_level(manifest, full, (axes[0], axes[1]), (options.height, options.width))
    if level is None:
        return None
    folder = cache.folder(Identity.of(h5file.filename, path))
    try:
        picture = level_plane(folder, manifest, level, request.axis, request.index)
    except (OSError, ValueError):
        return None  # removed meanwhile (the cache was bounded, the file changed)
    if not _fast_path(picture):
        picture = picture.astype(np.float32 if picture.dtype.itemsize <= 2 else np.float64)
    meta = _where(dataset, request, axes, full) | WHOLE | {"pyramid": level}
    return _to_screen(picture, options, meta, scale=1 << level)


def full_slice(
    locator: Locator, h5file: h5py.File, path: str | None, axis: int, index: int, max_bytes: int
) -> tuple[np.ndarray, dict[str, Any], tuple[int, int]]:
    """The exact slice at ``index`` along ``axis``, the volume's description and the picture's
    dataset axes (for drawing it elsewhere, e.g. with matplotlib)."""
    from nxviz.volumes.describe import describe_volume

    found = locator.find(h5file, path)
    info = describe_volume(locator, found)
    dataset = found.entity
    assert isinstance(dataset, h5py.Dataset)
    got = read_slice(
        dataset, file_version(found.file), SliceRequest(axis, index), max_bytes=max_bytes
    )
    return got.picture, info, got.axes
