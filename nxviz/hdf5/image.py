"""Frames for the screen (read, masked, combined, reduced) and statistics of any selection.

The frame is picked by the leading indices of ``selection``; ``frames=a:b`` combines
consecutive frames along the first axis (``sum`` or ``max``), across the files of an Eiger
series when ``path`` names the group of its ``data_NNNNNN`` blocks; ``region`` crops the frame
before reduction (zoom). The mask is a dataset given by path or, for NXdetector data, its
``pixel_mask``; the saturation value comes from the detector when the caller gives none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import h5py
import numpy as np

from nxviz.errors import SelectionError, TooLargeError, UnsupportedTypeError, UsageError
from nxviz.frames.contrast import contrast
from nxviz.hdf5.bands import ArrayRows, DecodedRows, Rows
from nxviz.hdf5.combine import combine_frames, frame_rows, h5py_rows
from nxviz.hdf5.confine import iter_notes
from nxviz.hdf5.fastread import DecodeError
from nxviz.hdf5.locate import Found, Locator
from nxviz.hdf5.nexus import child, detector_of, scalar
from nxviz.hdf5.nodata import no_data_value
from nxviz.hdf5.pooling import Allocate, new_image
from nxviz.hdf5.reduce import (
    Exclusions,
    Reduced,
    array_statistics,
    histogram,
    reduce_rows,
)
from nxviz.hdf5.select import frame_selection, parse_selection, read_error, read_selection
from nxviz.hdf5.series import Series, find_series

MAX_COMBINED = 1000


@dataclass(frozen=True)
class ImageRequest:
    selection: str | None = None
    region: str | None = None
    frames: str | None = None
    combine: str = "sum"
    width: int = 1024
    height: int = 1024
    how: str = "max"
    mask: str | None = None
    percentiles: tuple[float, ...] = (0.1, 99.9)
    max_bytes: int = 1 << 30


@dataclass
class Image:
    reduced: Reduced
    shape: tuple[int, ...]  # the dataset's shape
    frame_shape: tuple[int, int]
    region: tuple[int, int, int, int]  # row start, row stop, column start, column stop
    index: tuple[int, ...]  # leading indices of the (first) frame
    dtype: str
    mask: str | None
    saturation: float | None
    direct: int = 0  # frames decoded straight from their raw chunks (the rest through h5py)
    notes: tuple[str, ...] = ()
    no_data: float | None = None  # the value marking "no data" (gap, pyFAI's dummy), left out


def _dataset(found: Found) -> h5py.Dataset:
    if not isinstance(found.entity, h5py.Dataset):
        raise UsageError(f"{found.path} is not a dataset")
    dataset = found.entity
    if dataset.shape is None or dataset.dtype.kind not in "biuf":
        raise UnsupportedTypeError(f"{found.path}: an image needs numeric data")
    return dataset


def _range(text: str, length: int, what: str) -> tuple[int, int]:
    parts = text.split(":")
    try:
        start = int(parts[0]) if parts[0].strip() else 0
        stop = int(parts[1]) if len(parts) > 1 and parts[1].strip() else length
    except ValueError:
        raise SelectionError(f"'{what}' takes start:stop ranges of integers") from None
    if len(parts) != 2 or not 0 <= start < stop <= length:
        raise SelectionError(f"'{what}': {text!r} is not a range within 0:{length}")
    return start, stop


def _region(text: str | None, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    if text is None or text.strip() == "":
        return (0, shape[0], 0, shape[1])
    parts = text.split(",")
    if len(parts) != 2:
        raise SelectionError("'region' takes row_start:row_stop,column_start:column_stop")
    rows = _range(parts[0], shape[0], "region")
    cols = _range(parts[1], shape[1], "region")
    return (*rows, *cols)


def _mask(
    locator: Locator, found: Found, request: ImageRequest, detector: Found | None
) -> tuple[np.ndarray | None, str | None]:
    if request.mask is not None and request.mask.strip() != "":
        target = locator.find(found.file, request.mask)
    elif detector is not None:
        got = child(locator, detector, "pixel_mask")
        if got is None:
            return None, None
        target = got
    else:
        return None, None
    if not isinstance(target.entity, h5py.Dataset) or target.entity.dtype.kind not in "biu":
        raise UsageError(f"{target.path}: a mask must be an integer or boolean dataset")
    cache = locator.cache

    def load() -> np.ndarray:
        try:
            values = np.asarray(target.entity[()])
        except OSError as error:
            raise read_error(target.entity, error) from error
        excluded: np.ndarray = values != 0
        return excluded

    mask = cache.memo(target.file, ("mask", target.path), load)
    return mask, target.path


def render(
    locator: Locator,
    found: Found,
    request: ImageRequest,
    *,
    detector: Found | None = None,
    allocate: Allocate = new_image,
) -> Image:
    """The image of one frame of a dataset, or of a group's data_NNNNNN series (then the
    selection's index and ``frames`` count frames of the whole series, across its files).
    ``detector`` (its mask and saturation value apply) defaults to the frames' own; the
    float32 image is written into ``allocate(shape)``."""
    series = find_series(locator, found) if isinstance(found.entity, h5py.Group) else None
    if series is not None:
        found = series.first  # its detector, mask and dtype stand for the series
        dataset = _dataset(found)
        shape: tuple[int, ...] = (series.stack.count, *series.stack.frame_shape)
    else:
        dataset = _dataset(found)
        shape = tuple(int(n) for n in dataset.shape)
    index, (rows, cols) = frame_selection(request.selection, shape)
    frame_shape = (shape[-2], shape[-1])
    if rows.step != 1 or cols.step != 1:
        raise SelectionError("an image takes no step: ask for a smaller width and height")
    region = (rows.start, rows.stop, cols.start, cols.stop)
    if request.region is not None and request.region.strip() != "":
        if region != (0, shape[-2], 0, shape[-1]):
            raise SelectionError("give the rectangle in 'region' or in 'selection', not both")
        region = _region(request.region, frame_shape)
    whole = region == (0, shape[-2], 0, shape[-1])
    if not whole and (region[0] >= region[1] or region[2] >= region[3]):
        raise SelectionError("the image's rectangle is empty")
    indices = [index]
    if request.frames:
        if len(shape) < 3:
            raise SelectionError("'frames' needs a stack of frames (3 or more dimensions)")
        start, stop = _range(request.frames, shape[0], "frames")
        if stop - start > MAX_COMBINED:
            raise TooLargeError(f"at most {MAX_COMBINED} frames are combined")
        indices = [(i, *index[1:]) for i in range(start, stop)]
    reads: list[tuple[h5py.Dataset, tuple[int, ...]]]
    if series is not None:
        span = series.reads(indices[0][0], indices[-1][0] + 1)
        reads = [(block, (local,)) for block, local in span]
    else:
        reads = [(dataset, i) for i in indices]
    frame_bytes = frame_shape[0] * frame_shape[1] * dataset.dtype.itemsize
    if frame_bytes > request.max_bytes:
        raise TooLargeError(f"a frame of {frame_bytes} bytes exceeds the limit")
    detector = detector or detector_of(locator, found)
    mask, mask_path = _mask(locator, found, request, detector)
    if mask is not None and mask.shape != frame_shape:
        raise SelectionError(f"the mask's shape {mask.shape} is not the frame's {frame_shape}")
    saturation = None
    if detector is not None:
        got = scalar(locator, detector, "saturation_value")
        saturation = got[0] if got is not None else None
    gap = no_data_value(locator, found, dataset.dtype)
    r0, r1, c0, c1 = region
    if mask is not None and region != (0, frame_shape[0], 0, frame_shape[1]):
        mask = mask[r0:r1, c0:c1]
    if len(reads) == 1:
        exclusions = Exclusions(mask, gap, saturation)
        reduced, direct = _single(reads[0], region, request, exclusions, allocate)
    else:
        # combining knows the unsigned gap value only (a float "no data" value is not summed)
        unsigned_gap = gap if isinstance(gap, int) else None
        combined = combine_frames(reads, request.combine, unsigned_gap, saturation, region)
        exclusions = Exclusions(
            mask=mask,
            gap=gap if request.combine == "max" else None,
            saturation=saturation if combined.saturated is None else None,
            saturated=combined.saturated,
        )
        reduced = _reduce(ArrayRows(combined.data), request, exclusions, allocate)
        direct = combined.direct
    return Image(
        reduced,
        shape,
        frame_shape,
        region,
        indices[0],
        dataset.dtype.str,
        mask_path,
        saturation,
        direct,
        tuple(iter_notes(tuple(n for _, f in _sources(series, found) for n in f.notes))),
        gap,
    )


def _reduce(
    rows: Rows, request: ImageRequest, exclusions: Exclusions, allocate: Allocate = new_image
) -> Reduced:
    return reduce_rows(
        rows,
        width=request.width,
        height=request.height,
        how=request.how,
        exclusions=exclusions,
        percentiles=request.percentiles,
        allocate=allocate,
    )


def _single(
    read: tuple[h5py.Dataset, tuple[int, ...]],
    region: tuple[int, int, int, int],
    request: ImageRequest,
    exclusions: Exclusions,
    allocate: Allocate,
) -> tuple[Reduced, int]:
    """One frame, decoded band by band from its raw chunk when it can be (1), else through h5py
    (0; also when the raw chunk turns out not to decode)."""
    rows = frame_rows(*read, region, reuse=True)  # decoded before this thread reads again
    if isinstance(rows, DecodedRows):
        try:
            return _reduce(rows, request, exclusions, allocate), 1
        except DecodeError:
            rows = h5py_rows(*read, region)
    return _reduce(rows, request, exclusions, allocate), 0


def _sources(series: Series | None, found: Found) -> list[tuple[str, Found]]:
    return list(series.datasets.items()) if series is not None else [(found.path, found)]


def headers(image: Image) -> dict[str, Any]:
    """What the client needs besides the float32 body (the handler puts it in headers)."""
    stats = image.reduced.stats
    return {
        "shape": list(image.shape),
        "frame_shape": list(image.frame_shape),
        "image_shape": list(image.reduced.image.shape),
        "region": list(image.region),
        "index": list(image.index),
        "factors": list(image.reduced.factors),
        "dtype": image.dtype,
        "min": stats.min,
        "max": stats.max,
        "percentiles": stats.percentiles,
        "valid": stats.valid,
        "excluded": stats.excluded,
        "saturated": stats.saturated,
        "mask": image.mask,
        "saturation_value": image.saturation,
        "direct": image.direct,
        "notes": list(image.notes),
        "no_data": image.no_data,
        "contrast": contrast(stats, image.reduced.sample),
    }


def statistics(
    locator: Locator,
    found: Found,
    selection: str | None,
    *,
    percentiles: tuple[float, ...],
    bins: int,
    mask: str | None,
    max_bytes: int,
    detector: Found | None = None,
) -> dict[str, Any]:
    """Min, max, mean, percentiles and a histogram of a selection, excluded pixels left out."""
    dataset = _dataset(found)
    sel = parse_selection(selection, tuple(dataset.shape))
    if sel.nbytes(dataset.dtype) > max_bytes:
        raise TooLargeError(f"{sel.nbytes(dataset.dtype)} bytes asked, the limit is {max_bytes}")
    data = np.asarray(read_selection(dataset, sel))
    detector = detector or detector_of(locator, found)
    request = ImageRequest(mask=mask)
    mask_array, mask_path = _mask(locator, found, request, detector)
    if mask_array is not None and data.shape[-2:] != mask_array.shape:
        if mask is not None:
            raise SelectionError(f"the mask's shape {mask_array.shape} does not fit the selection")
        mask_array, mask_path = None, None  # the detector's mask is for whole frames only
    saturation = None
    if detector is not None:
        got = scalar(locator, detector, "saturation_value")
        saturation = got[0] if got is not None else None
    gap = no_data_value(locator, found, dataset.dtype)
    exclusions = Exclusions(mask=mask_array, gap=gap, saturation=saturation)
    stats, mean = array_statistics(data, exclusions, percentiles)
    edges, counts = histogram(data, stats, bins, exclusions)
    return {
        "shape": list(data.shape),
        "min": stats.min,
        "max": stats.max,
        "mean": mean,
        "percentiles": stats.percentiles,
        "valid": stats.valid,
        "excluded": stats.excluded,
        "saturated": stats.saturated,
        "sampled": stats.sampled,
        "histogram": {"edges": edges, "counts": counts},
        "mask": mask_path,
        "saturation_value": saturation,
        "notes": list(iter_notes(found.notes)),
        "no_data": gap,
    }
