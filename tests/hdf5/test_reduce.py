"""Pooling, exclusions and statistics against plain numpy references."""

from __future__ import annotations

import numpy as np
import pytest

from nxviz.hdf5 import reduce as r
from nxviz.hdf5.stats import percentiles_of


def detector_frame(shape: tuple[int, int], seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    frame = rng.poisson(4.0, size=shape).astype(np.uint32)
    frame[:, shape[1] // 3] = r.default_gap(frame.dtype)
    frame[rng.integers(0, shape[0], 20), rng.integers(0, shape[1], 20)] = 60_000
    return frame


@pytest.mark.parametrize("shape", [(37, 53), (64, 64), (5, 300)])
@pytest.mark.parametrize("saturation", [None, 50_000])
def test_fast_unsigned_max_path_equals_the_generic_path(shape, saturation):
    frame = detector_frame(shape)
    mask = np.zeros(shape, bool)
    mask[3, :] = True
    excl = r.Exclusions(mask=mask, gap=r.default_gap(frame.dtype), saturation=saturation)

    fast = r.reduce_frame(frame.copy(), width=9, height=7, exclusions=excl, percentiles=(1, 50))
    generic = r._reduce_generic(frame.copy(), fast.factors, "max", excl, (1, 50))

    np.testing.assert_array_equal(fast.image, generic.image)
    assert fast.stats == generic.stats


def test_fast_path_leaves_the_frame_as_given_apart_from_masked_pixels():
    frame = detector_frame((20, 30))
    before = frame.copy()
    r.reduce_frame(
        frame, width=4, height=4, exclusions=r.Exclusions(gap=r.default_gap(frame.dtype))
    )
    np.testing.assert_array_equal(frame, before)


def test_sampled_percentiles_are_within_one_count_on_a_large_detector_frame():
    frame = detector_frame((1500, 1400), seed=3)  # 2.1 M pixels: sampled
    gap = r.default_gap(frame.dtype)
    excl = r.Exclusions(gap=gap)
    ps = (0.1, 1, 50, 99, 99.9)

    reduced = r.reduce_frame(frame.copy(), width=100, height=100, exclusions=excl, percentiles=ps)

    valid = frame[frame != gap]
    exact = np.percentile(valid, ps, method="nearest")
    assert reduced.stats.sampled
    for p, value in zip(ps, exact, strict=True):
        assert abs(reduced.stats.percentiles[f"{p:g}"] - value) <= 1
    assert (reduced.stats.min, reduced.stats.max) == (valid.min(), valid.max())


@pytest.mark.parametrize("seed", range(20))
def test_percentiles_from_counts_equal_numpy_nearest(seed: int):
    rng = np.random.default_rng(seed)
    values = rng.poisson(rng.uniform(0.1, 50), size=int(rng.integers(1, 5000))).astype(np.uint16)
    ps = (0, 0.1, 1, 12.5, 50, 99, 99.9, 100)

    got = percentiles_of(values, ps)

    expected = np.percentile(values, ps, method="nearest")
    assert list(got.values()) == [float(v) for v in expected]


def test_mean_pooling_ignores_excluded_pixels():
    frame = np.array([[1, 3, 5, 7], [2, 2, 9, 1]], dtype=np.float32)
    mask = np.array([[0, 0, 1, 1], [0, 1, 1, 1]], dtype=bool)

    got = r.reduce_frame(frame, width=2, height=1, how="mean", exclusions=r.Exclusions(mask=mask))

    assert got.factors == (2, 2)
    np.testing.assert_array_equal(got.image, [[2.0, np.nan]])


def test_pool_handles_ragged_edges():
    a = np.arange(7 * 5).reshape(7, 5)
    got = r.pool(a, (3, 2), np.maximum)
    assert got.tolist() == [[11, 13, 14], [26, 28, 29], [31, 33, 34]]
