"""GET /nxviz/api/image and /nxviz/api/stats on detector-like stacks."""

from __future__ import annotations

import json
from pathlib import Path

import h5py
import hdf5plugin
import numpy as np
import pytest

from tests.hdf5.factories import FRAME_SHAPE, GAP, frames, write_nxmx
from tests.server.helpers import get_error, get_json

DETECTOR_DATA = "/entry/instrument/detector/data"
SATURATION = 1000  # write_nxmx's saturation_value


@pytest.fixture
def nxmx(jp_root_dir: Path) -> str:
    write_nxmx(jp_root_dir / "nxmx.h5")
    return "nxmx.h5"


def detector_mask() -> np.ndarray:
    mask = np.zeros(FRAME_SHAPE, bool)
    mask[:, FRAME_SHAPE[1] // 2] = True
    mask[10, 10] = True
    return mask


async def image(jp_fetch, **params: object) -> tuple[np.ndarray, dict]:
    response = await jp_fetch("nxviz", "api", "image", params=params)
    meta = json.loads(response.headers["X-Nxviz-Image"])
    shape = tuple(meta["image_shape"])
    assert response.headers["X-Nxviz-Image-Shape"] == ",".join(map(str, shape))
    assert response.headers["Content-Type"] == "application/octet-stream"
    meta["headers"] = response.headers
    return np.frombuffer(response.body, dtype="<f4").reshape(shape), meta


def pooled(frame: np.ndarray, excluded: np.ndarray, fy: int, fx: int, how: str) -> np.ndarray:
    """The reference: pad to whole bins and reduce with numpy's nan-aware functions."""
    values = np.where(excluded, np.nan, frame.astype(np.float64))
    h, w = -(-frame.shape[0] // fy), -(-frame.shape[1] // fx)
    padded = np.full((h * fy, w * fx), np.nan)
    padded[: frame.shape[0], : frame.shape[1]] = values
    blocks = padded.reshape(h, fy, w, fx).transpose(0, 2, 1, 3).reshape(h, w, fy * fx)
    out = np.full((h, w), np.nan)
    has = ~np.all(np.isnan(blocks), axis=2)
    reduce = np.nanmax if how == "max" else np.nanmean
    out[has] = reduce(blocks[has], axis=1)
    return out


@pytest.mark.parametrize("how", ["max", "mean"])
async def test_pooled_frame_excludes_gaps_and_mask_and_flags_saturation(jp_fetch, nxmx, how):
    got, meta = await image(
        jp_fetch, file=nxmx, path=DETECTOR_DATA, selection="2", width=16, height=16, reduce=how
    )

    frame = frames(4)[2]
    mask = detector_mask()
    saturated = (frame > SATURATION) & (frame != GAP)
    assert meta["factors"] == [3, 4]  # ceil(40/16), ceil(60/16)
    assert meta["frame_shape"] == list(FRAME_SHAPE) and meta["shape"] == [4, *FRAME_SHAPE]
    assert meta["mask"] == "/entry/instrument/detector/pixel_mask"
    assert meta["saturation_value"] == SATURATION
    expected = pooled(frame, mask | (frame == GAP), 3, 4, how)
    peak_bin = (5 // 3, 7 // 4)  # the Bragg peak is above saturation_value: +inf
    assert saturated.sum() == 1 and np.isposinf(got[peak_bin])
    expected[peak_bin] = np.inf
    np.testing.assert_allclose(got, expected.astype(np.float32), rtol=1e-6)
    valid = frame[~mask & (frame != GAP) & ~saturated]
    assert (meta["min"], meta["max"]) == (valid.min(), valid.max())
    assert meta["saturated"] == 1 and meta["excluded"] == mask.sum()
    assert meta["valid"] == valid.size
    assert meta["headers"]["X-Nxviz-Factors"] == "3,4"
    assert float(meta["headers"]["X-Nxviz-Max"]) == valid.max()
    assert set(json.loads(meta["headers"]["X-Nxviz-Percentiles"])) == {"0.1", "99.9"}


async def test_percentiles_match_numpy_on_the_valid_pixels(jp_fetch, nxmx):
    _, meta = await image(
        jp_fetch, file=nxmx, path=DETECTOR_DATA, selection="1", percentiles="5,50,99"
    )

    frame = frames(4)[1]
    valid = frame[~detector_mask() & (frame != GAP) & (frame <= SATURATION)]
    expected = np.percentile(valid, [5, 50, 99], method="nearest")
    assert meta["percentiles"] == {"5": expected[0], "50": expected[1], "99": expected[2]}
    assert meta["factors"] == [1, 1]


async def test_region_zooms_at_full_resolution(jp_fetch, nxmx):
    got, meta = await image(
        jp_fetch, file=nxmx, path=DETECTOR_DATA, selection="0", region="2:12,8:34"
    )

    frame = frames(4)[0]
    assert meta["region"] == [2, 12, 8, 34] and meta["factors"] == [1, 1]
    expected = frame[2:12, 8:34].astype(np.float32)
    expected[detector_mask()[2:12, 8:34]] = np.nan
    assert np.isnan(expected[:, 30 - 8]).all() and np.isnan(expected[10 - 2, 10 - 8])
    expected[expected > SATURATION] = np.inf
    np.testing.assert_array_equal(got, expected)


async def test_the_rectangle_can_be_given_in_the_selection(jp_fetch, nxmx):
    by_selection, meta = await image(
        jp_fetch, file=nxmx, path=DETECTOR_DATA, selection="1,2:12,8:34"
    )
    by_region, _ = await image(
        jp_fetch, file=nxmx, path=DETECTOR_DATA, selection="1", region="2:12,8:34"
    )

    assert meta["region"] == [2, 12, 8, 34]
    np.testing.assert_array_equal(by_selection, by_region)


@pytest.mark.parametrize("combine", ["sum", "max"])
async def test_frames_are_combined(jp_fetch, nxmx, combine):
    got, meta = await image(
        jp_fetch, file=nxmx, path=DETECTOR_DATA, frames="1:4", combine=combine, region="0:4,0:20"
    )

    stack = frames(4)[1:4, 0:4, 0:20].astype(np.float64)
    expected = stack.sum(axis=0) if combine == "sum" else stack.max(axis=0)
    excluded = detector_mask()[0:4, 0:20] | np.any(stack == GAP, axis=0)
    expected[excluded] = np.nan
    np.testing.assert_array_equal(got, expected.astype(np.float32))
    assert meta["index"] == [1]


async def test_any_nd_dataset_and_mask_by_path(jp_fetch, jp_root_dir):
    data = np.arange(2 * 3 * 8 * 10, dtype=np.float32).reshape(2, 3, 8, 10)
    with h5py.File(jp_root_dir / "nd.h5", "w") as f:
        f["four_d"] = data
        f["mask"] = np.eye(8, 10, dtype=np.uint8)
    got, meta = await image(jp_fetch, file="nd.h5", path="/four_d", selection="1,2", mask="/mask")

    expected = data[1, 2].copy()
    expected[np.eye(8, 10, dtype=bool)] = np.nan
    np.testing.assert_array_equal(got, expected)
    assert meta["excluded"] == 8 and meta["index"] == [1, 2]


async def test_fast_and_h5py_paths_give_the_same_image(jp_fetch, jp_root_dir):
    stack = frames(2, (64, 48))
    with h5py.File(jp_root_dir / "twin.h5", "w") as f:
        f.create_dataset("lz4", data=stack, chunks=(1, 64, 48), **hdf5plugin.Bitshuffle())
        f.create_dataset("plain", data=stack)
    fast, _ = await image(jp_fetch, file="twin.h5", path="/lz4", selection="1", width=10)
    slow, _ = await image(jp_fetch, file="twin.h5", path="/plain", selection="1", width=10)

    np.testing.assert_array_equal(fast, slow)


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        pytest.param({"width": "0"}, 400, "bad_request", id="zero-width"),
        pytest.param({"height": "big"}, 400, "bad_request", id="bad-height"),
        pytest.param({"reduce": "median"}, 400, "bad_request", id="bad-reduce"),
        pytest.param({"region": "5:2,0:3"}, 400, "bad_selection", id="empty-region"),
        pytest.param({"region": "0:99,0:3"}, 400, "bad_selection", id="region-too-big"),
        pytest.param({"frames": "0:9"}, 400, "bad_selection", id="frames-out-of-range"),
        pytest.param({"selection": "7"}, 400, "bad_selection", id="frame-out-of-range"),
        pytest.param({"selection": "0:2"}, 400, "bad_selection", id="frame-slice"),
        pytest.param({"percentiles": "101"}, 400, "bad_request", id="bad-percentile"),
        pytest.param({"selection": "0,::2,:"}, 400, "bad_selection", id="step-in-selection"),
        pytest.param(
            {"selection": "0,0:5,0:5", "region": "0:2,0:2"},
            400,
            "bad_selection",
            id="selection-and-region",
        ),
        pytest.param({"selection": "0,5:5,:"}, 400, "bad_selection", id="empty-rectangle"),
        pytest.param({"mask": "/entry/title"}, 400, "bad_request", id="text-mask"),
        pytest.param({"mask": "/nope"}, 404, "entity_not_found", id="missing-mask"),
        pytest.param({"path": "/entry/definition"}, 415, "unsupported_type", id="string-data"),
        pytest.param({"path": "/entry/data/monitor"}, 400, "bad_selection", id="1d-data"),
    ],
)
async def test_bad_image_requests_get_json_errors(jp_fetch, nxmx, params, status, code):
    got_status, body = await get_error(
        jp_fetch, "image", **({"file": nxmx, "path": DETECTOR_DATA} | params)
    )
    assert (got_status, body["code"]) == (status, code)


async def test_stats_of_a_frame_exclude_mask_gaps_and_saturation(jp_fetch, nxmx):
    stats = await get_json(
        jp_fetch,
        "stats",
        file=nxmx,
        path=DETECTOR_DATA,
        selection="3",
        bins=8,
        percentiles="50,99",
    )

    frame = frames(4)[3]
    valid = frame[~detector_mask() & (frame != GAP) & (frame <= SATURATION)]
    assert stats["shape"] == list(FRAME_SHAPE)
    assert (stats["min"], stats["max"]) == (valid.min(), valid.max())
    assert stats["mean"] == pytest.approx(valid.mean())
    assert stats["percentiles"] == {
        "50": np.percentile(valid, 50, method="nearest"),
        "99": np.percentile(valid, 99, method="nearest"),
    }
    counts, edges = np.histogram(valid, bins=8, range=(valid.min(), valid.max()))
    assert stats["histogram"] == {"edges": edges.tolist(), "counts": counts.tolist()}
    assert stats["sampled"] is False and stats["valid"] == valid.size


async def test_odd_datasets_get_answers_not_errors(jp_fetch, jp_root_dir):
    with h5py.File(jp_root_dir / "odd.h5", "w") as f:
        f["zero"] = np.zeros((2, 0, 5), np.uint16)
        f["flags"] = np.eye(3, 4, dtype=bool)
        f["all_gap"] = np.full((3, 4), 2**64 - 1, np.uint64)

    zero, meta = await image(jp_fetch, file="odd.h5", path="/zero")
    flags, _ = await image(jp_fetch, file="odd.h5", path="/flags")
    gaps, gap_meta = await image(jp_fetch, file="odd.h5", path="/all_gap")
    flag_stats = await get_json(jp_fetch, "stats", file="odd.h5", path="/flags", bins=2)

    assert zero.shape == (0, 5) and meta["min"] is None
    np.testing.assert_array_equal(flags, np.eye(3, 4, dtype=np.float32))
    assert np.isnan(gaps).all() and gap_meta["excluded"] == 12 and gap_meta["max"] is None
    assert flag_stats["histogram"]["counts"] == [9, 3] and flag_stats["mean"] == 0.25


async def test_stats_of_float_data_ignore_nan(jp_fetch, jp_root_dir):
    values = np.array([1.0, np.nan, 3.0, np.inf, 5.0])
    with h5py.File(jp_root_dir / "f.h5", "w") as f:
        f["v"] = values
    stats = await get_json(jp_fetch, "stats", file="f.h5", path="/v")

    assert (stats["min"], stats["max"], stats["mean"]) == (1.0, 5.0, 3.0)
    assert stats["excluded"] == 2
