"""The image answer's contrast (the Frames view draws it): automatic limits and the histogram of
the valid pixels, compared with numpy on the frame read back with h5py."""

from __future__ import annotations

import json
from pathlib import Path

import h5py
import hdf5plugin
import numpy as np
import pytest

from nxviz.frames.contrast import BINS
from nxviz.hdf5.stats import SAMPLE_SIZE
from tests.frames.contrast_reference import PERCENTILES, expected_contrast

GAP = np.iinfo(np.uint32).max
SATURATION = 900
DATA = "/entry/instrument/detector/data"


def write_detector(path: Path, stack: np.ndarray, mask: np.ndarray) -> None:
    """An NXdetector with its data (bitshuffle-LZ4 when unsigned), pixel_mask and saturation."""
    with h5py.File(path, "w") as f:
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        f.create_group("entry/instrument").attrs["NX_class"] = "NXinstrument"
        det = f.create_group("entry/instrument/detector")
        det.attrs["NX_class"] = "NXdetector"
        det["saturation_value"] = SATURATION
        det["pixel_mask"] = mask.astype(np.uint32)
        compression = hdf5plugin.Bitshuffle(cname="lz4") if stack.dtype.kind == "u" else {}
        det.create_dataset("data", data=stack, chunks=(1, *stack.shape[1:]), **compression)


def detector_frames(n: int, shape: tuple[int, int], dtype: str, seed: int = 3) -> np.ndarray:
    """Poisson counts with a tail, a gap row, saturated and masked peaks."""
    rng = np.random.default_rng(seed)
    stack = (rng.poisson(4.0, (n, *shape)) + rng.poisson(0.02, (n, *shape)) * 300).astype(dtype)
    stack[:, 7, :] = GAP if dtype == "uint32" else np.nan  # a module gap
    stack[:, 3, 5] = 5000  # saturated: left out
    stack[:, 4, 4] = 800  # a valid peak above the histogram's top: in its last bin
    return stack


def reference(
    path: Path, index: int, *, sampled: bool = False
) -> tuple[list[float], float, float, np.ndarray]:
    """The expected contrast from numpy over the valid pixels of an h5py read."""
    with h5py.File(path, "r") as f:
        frame = f[DATA][index]
        mask = f["entry/instrument/detector/pixel_mask"][()] != 0
    assert (frame.size > SAMPLE_SIZE) == sampled
    return expected_contrast(frame, mask, SATURATION)


async def contrast_of(jp_fetch, file: str, index: int) -> dict:
    response = await jp_fetch(
        "nxviz",
        "api",
        "image",
        params={
            "file": file,
            "path": DATA,
            "selection": str(index),
            "width": 64,
            "height": 64,
            "percentiles": ",".join(map(str, PERCENTILES)),
        },
    )
    return json.loads(response.headers["X-Nxviz-Image"])["contrast"]


@pytest.mark.parametrize("dtype", ["uint32", "float32"])
async def test_histogram_and_limits_match_numpy_on_the_valid_pixels(jp_fetch, jp_root_dir, dtype):
    stack = detector_frames(3, (90, 120), dtype)
    mask = np.zeros((90, 120), bool)
    mask[20:24, :] = True
    mask[50, 60] = True
    stack[:, 50, 60] = 700  # masked: left out
    write_detector(jp_root_dir / "det.h5", stack, mask)

    got = await contrast_of(jp_fetch, "det.h5", 1)

    limits, low, high, counts = reference(jp_root_dir / "det.h5", 1)
    assert got["limits"] == limits
    hist = got["histogram"]
    assert (hist["low"], hist["high"]) == (low, high)
    assert len(hist["counts"]) == BINS
    np.testing.assert_array_equal(hist["counts"], counts)
    assert sum(hist["counts"]) == 90 * 120 - 120 - 4 * 120 - 1 - 1  # gap, mask, saturated
    assert hist["counts"][-1] > 0  # the 800 peak (and the tail above the top) in the last bin


async def test_a_sampled_frame_counts_its_sample_scaled_to_the_valid_pixels(jp_fetch, jp_root_dir):
    shape = (1100, 520)  # more pixels than the sample holds: every 2nd value is taken
    stack = detector_frames(2, shape, "uint32")
    mask = np.zeros(shape, bool)
    mask[100:140, :] = True
    write_detector(jp_root_dir / "big.h5", stack, mask)

    got = await contrast_of(jp_fetch, "big.h5", 0)

    limits, low, high, counts = reference(jp_root_dir / "big.h5", 0, sampled=True)
    assert got["limits"] == limits
    assert (got["histogram"]["low"], got["histogram"]["high"]) == (low, high)
    np.testing.assert_array_equal(got["histogram"]["counts"], counts)


async def test_a_sparse_frame_gets_its_min_and_max_as_limits(jp_fetch, jp_root_dir):
    stack = np.zeros((1, 60, 80), np.uint32)
    stack[0, 10, 10:14] = [3, 9, 40, 200]  # 4 of 4,800 pixels: the percentiles are both 0
    stack[0, 30, :] = GAP
    write_detector(jp_root_dir / "sparse.h5", stack, np.zeros((60, 80), bool))

    got = await contrast_of(jp_fetch, "sparse.h5", 0)

    assert got["limits"] == [0.0, 200.0]
    hist = got["histogram"]
    assert (hist["low"], hist["high"]) == (0.0, 200.0)
    expected, _ = np.histogram([0] * (60 * 80 - 80 - 4) + [3, 9, 40, 200], BINS, (0, 200))
    np.testing.assert_array_equal(hist["counts"], expected)


async def test_a_frame_without_valid_pixels_has_no_contrast(jp_fetch, jp_root_dir):
    stack = np.full((1, 20, 30), GAP, np.uint32)
    write_detector(jp_root_dir / "empty.h5", stack, np.zeros((20, 30), bool))

    got = await contrast_of(jp_fetch, "empty.h5", 0)

    assert got == {"limits": None, "histogram": None}
