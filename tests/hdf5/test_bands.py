"""The banded, parallel image pipeline equals the one-thread, whole-frame one it replaced
(``tests/hdf5/legacy_reduce.py``), on frames written with h5py: every storage layout, odd
sizes that no band or bin divides, masks, gaps, saturation, regions and combined frames."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, fields
from pathlib import Path

import h5py
import hdf5plugin
import numpy as np
import pytest

from nxviz.hdf5 import bands, combine, fastread, stats
from nxviz.hdf5.image import ImageRequest, render
from nxviz.hdf5.locate import Locator
from nxviz.hdf5.open import FileCache
from tests.hdf5 import legacy_reduce as legacy

SHAPE = (203, 157)  # prime-ish: no band (7 rows here) and no bin divides it
SATURATION = 900
LAYOUTS = {
    "lz4": dict(chunks=(1, *SHAPE), **hdf5plugin.Bitshuffle(cname="lz4")),
    "lz4-small-blocks": dict(chunks=(1, *SHAPE), **hdf5plugin.Bitshuffle(nelems=24, cname="lz4")),
    "gzip": dict(chunks=(1, *SHAPE), compression="gzip"),
    "contiguous": {},
}


def stack(dtype: str, n: int = 5, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    data = rng.poisson(2.0, size=(n, *SHAPE)).astype(np.float64)
    data[:, rng.integers(0, SHAPE[0], 40), rng.integers(0, SHAPE[1], 40)] = 5000  # saturated
    data[:, 17, 23] = 850 + np.arange(n)  # a Bragg peak below saturation
    out = data.astype(dtype)
    if out.dtype.kind == "u":
        out[:, :, 60:63] = np.iinfo(out.dtype).max  # module gaps
        out[1, 100, 100] = np.iinfo(out.dtype).max  # a gap in one frame only
    if out.dtype.kind == "f":
        out[:, 5, :9] = np.nan
    return out


def write(path: Path, dtype: str, layout: str, detector: bool) -> np.ndarray:
    data = stack(dtype)
    with h5py.File(path, "w") as f:
        group = f.create_group("entry/instrument/detector")
        if detector:
            group.attrs["NX_class"] = "NXdetector"
            mask = np.zeros(SHAPE, np.uint32)
            mask[40:44, :] = 1
            mask[150, 3] = 4
            group["pixel_mask"] = mask
            group["saturation_value"] = np.int32(SATURATION)
        group.create_dataset("data", data=data, **LAYOUTS[layout])
    return data


@pytest.fixture(autouse=True)
def many_small_bands(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Bands of 7 rows on three threads, and a sample stride, even on these small frames."""
    monkeypatch.setattr(bands, "BAND_ROWS", 7)
    monkeypatch.setattr(stats, "SAMPLE_SIZE", 1000)
    monkeypatch.setattr(legacy, "SAMPLE_SIZE", 1000)
    bands.set_threads(3)
    yield
    bands.set_threads(None)


def expected(data: np.ndarray, detector: bool, request: ImageRequest, region, indices):
    mask = None
    if detector:
        mask = np.zeros(SHAPE, bool)
        mask[40:44, :] = True
        mask[150, 3] = True
    frames = [data[i] for i in indices]
    return legacy.render(
        frames,
        region,
        request.combine,
        request.how,
        request.width,
        request.height,
        mask,
        SATURATION if detector else None,
        request.percentiles,
    )


def rendered(path: Path, request: ImageRequest):
    cache = FileCache()
    try:
        with Locator(cache, path.parent) as locator:
            h5file = locator.open(path)
            return render(locator, locator.find(h5file, "/entry/instrument/detector/data"), request)
    finally:
        cache.close()


def assert_same(got, want) -> None:
    assert got.reduced.factors == want.factors
    np.testing.assert_array_equal(got.reduced.image, want.image)  # NaN and inf where they were
    assert asdict(got.reduced.stats) == asdict(want.stats)


CASES = [
    # (request arguments, region, frame indices)
    (dict(width=40, height=30), (0, SHAPE[0], 0, SHAPE[1]), [0]),
    (dict(width=1000, height=1000), (0, SHAPE[0], 0, SHAPE[1]), [1]),
    (dict(width=13, height=11, how="mean"), (0, SHAPE[0], 0, SHAPE[1]), [2]),
    (dict(width=500, height=500, region="31:170,9:140"), (31, 170, 9, 140), [0]),
    (dict(width=20, height=20, region="1:202,61:62"), (1, 202, 61, 62), [1]),
    (dict(width=17, height=9, frames="0:5", combine="sum"), (0, SHAPE[0], 0, SHAPE[1]), range(5)),
    (dict(width=17, height=9, frames="1:4", combine="max"), (0, SHAPE[0], 0, SHAPE[1]), [1, 2, 3]),
    (
        dict(width=300, height=300, frames="0:3", combine="sum", region="35:120,50:70"),
        (35, 120, 50, 70),
        [0, 1, 2],
    ),
    (
        dict(width=8, height=8, frames="0:5", combine="sum", how="mean"),
        (0, SHAPE[0], 0, SHAPE[1]),
        range(5),
    ),
]


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("case", range(len(CASES)))
@pytest.mark.parametrize("detector", [True, False])
def test_unsigned_frames_give_what_they_gave(tmp_path: Path, layout: str, case: int, detector):
    data = write(tmp_path / "f.h5", "<u4", layout, detector)
    arguments, region, indices = CASES[case]
    if "frames" in arguments:
        request = ImageRequest(**arguments)
    else:
        request = ImageRequest(selection=str(indices[0]), **arguments)
    got = rendered(tmp_path / "f.h5", request)
    assert_same(got, expected(data, detector, request, region, indices))
    assert got.direct == (len(indices) if layout.startswith("lz4") else 0)


@pytest.mark.parametrize("dtype", ["<u2", "<i4", "<f4", "<f8", "u1"])
@pytest.mark.parametrize("case", [0, 2, 3, 5, 6])
def test_other_types_give_what_they_gave(tmp_path: Path, dtype: str, case: int):
    data = write(tmp_path / "f.h5", dtype, "lz4", detector=True)
    arguments, region, indices = CASES[case]
    if "frames" in arguments:
        request = ImageRequest(**arguments)
    else:
        request = ImageRequest(selection=str(indices[0]), **arguments)
    want = expected(data, True, request, region, indices)
    assert_same(rendered(tmp_path / "f.h5", request), want)


@pytest.mark.parametrize("top", [4_000, 3_000_000])
def test_percentiles_of_the_bands_joined_samples_agree(tmp_path: Path, top: int):
    """The bands' parts of the sample, joined: small integers counted, values of 2^20 and
    more by numpy's percentiles. Always the legacy's."""
    rng = np.random.default_rng(11)
    data = rng.integers(0, top, size=(2, *SHAPE)).astype("<u4")
    data[:, :, 60:63] = np.iinfo(np.uint32).max
    with h5py.File(tmp_path / "f.h5", "w") as f:
        f.create_dataset("entry/instrument/detector/data", data=data, **LAYOUTS["lz4"])
    request = ImageRequest(selection="1", width=40, height=30, percentiles=(0.1, 50, 99.9))
    region = (0, SHAPE[0], 0, SHAPE[1])
    got = rendered(tmp_path / "f.h5", request)
    assert_same(got, expected(data, False, request, region, [1]))
    assert got.reduced.stats.sampled


def test_every_bragg_peak_survives_max_pooling(tmp_path: Path):
    data = write(tmp_path / "f.h5", "<u4", "lz4", detector=False)
    request = ImageRequest(selection="0", width=10, height=10)
    image = rendered(tmp_path / "f.h5", request).reduced
    fy, fx = image.factors
    frame = np.where(data[0] == np.iinfo(np.uint32).max, 0, data[0])  # gaps never win a bin
    for y, x in zip(*np.nonzero(frame >= 850), strict=True):
        assert image.image[y // fy, x // fx] >= frame[y, x]
    # each bin is its largest valid pixel, nothing more
    padded = np.zeros((image.image.shape[0] * fy, image.image.shape[1] * fx), frame.dtype)
    padded[: SHAPE[0], : SHAPE[1]] = frame
    blocks = padded.reshape(image.image.shape[0], fy, image.image.shape[1], fx)
    np.testing.assert_array_equal(image.image, blocks.max(axis=(1, 3)).astype(np.float32))
    assert image.stats.max == 5000.0


def test_a_chunk_cut_short_is_never_decoded(tmp_path: Path):
    """Its blocks do not add up to the chunk: refused (the caller reads through h5py)."""
    path = tmp_path / "f.h5"
    data = write(path, "<u4", "lz4-small-blocks", detector=False)
    with h5py.File(path, "r") as f:
        dataset = f["entry/instrument/detector/data"]
        _, raw = dataset.id.read_direct_chunk((2, 0, 0))
        whole = fastread.read_raw(dataset, (2,))
    assert whole is not None
    out = np.empty(SHAPE, dataset.dtype)
    whole.decode_into(out, 0, out.size)
    np.testing.assert_array_equal(out, data[2])
    for cut in (raw[: len(raw) // 2], raw[:-1], raw + b"\0"):
        assert fastread.parse_chunk(cut, SHAPE, np.dtype("<u4")) is None


class _Flaky(fastread.RawFrame):
    """A raw frame whose lower half does not decode (as a corrupt block would not)."""

    def decode_into(self, out: np.ndarray, start: int, stop: int) -> None:
        if stop > self.size // 2:
            raise fastread.DecodeError("a block did not decode to its size")
        super().decode_into(out, start, stop)

    def decode_span(self, start: int, stop: int, buffer: np.ndarray) -> np.ndarray:
        if stop > self.size // 2:
            raise fastread.DecodeError("a block did not decode to its size")
        return super().decode_span(start, stop, buffer)


@pytest.mark.parametrize("case", [0, 3, 5, 6])
def test_bands_that_do_not_decode_are_read_through_h5py(tmp_path, monkeypatch, case):
    data = write(tmp_path / "f.h5", "<u4", "lz4", detector=True)
    original = combine.read_raw

    def flaky(dataset, index, *, reuse=False):
        raw = original(dataset, index, reuse=reuse)
        if raw is None or index[0] not in (0, 2):
            return raw
        return _Flaky(**{f.name: getattr(raw, f.name) for f in fields(raw)})

    monkeypatch.setattr(combine, "read_raw", flaky)
    arguments, region, indices = CASES[case]
    if "frames" in arguments:
        request = ImageRequest(**arguments)
    else:
        request = ImageRequest(selection=str(indices[0]), **arguments)
    got = rendered(tmp_path / "f.h5", request)
    assert_same(got, expected(data, True, request, region, indices))
    if "frames" not in arguments:  # the frame was read again, whole, through h5py
        assert got.direct == 0


def test_the_calling_thread_takes_bands_beside_the_pool_threads():
    import threading

    caller, caller_took = threading.get_ident(), threading.Event()

    def band(start: int, stop: int) -> int:
        if threading.get_ident() == caller:
            caller_took.set()
        else:  # a pool thread cannot take every band before the caller has taken one
            caller_took.wait(5)
        return start

    ids: list[int] = []
    starts = [(i, i + 1) for i in range(24)]
    done = bands.in_parallel(
        lambda a, b: (ids.append(threading.get_ident()), band(a, b))[1], starts
    )

    assert done == [a for a, _ in starts]  # every band once, in band order
    assert caller in ids
    assert len(set(ids)) <= bands.threads()  # the caller and threads() - 1 of the pool's


def test_a_failing_band_is_raised_once_every_band_thread_has_stopped():
    import threading
    import time

    running, lock = [0], threading.Lock()

    def band(start: int, stop: int) -> int:
        with lock:
            running[0] += 1
        try:
            if start == 0:
                raise ValueError("band 0 does not decode")
            time.sleep(0.01)
            return start
        finally:
            with lock:
                running[0] -= 1

    with pytest.raises(ValueError, match="band 0"):
        bands.in_parallel(band, [(i, i + 1) for i in range(12)])
    assert running[0] == 0  # no thread is still writing into the caller's arrays


class GoneAfter:
    """A cancel flag whose client leaves after ``checks`` checks (counted under a lock: the
    band threads read it)."""

    def __init__(self, checks: int) -> None:
        import threading

        self.checks, self.checked, self._lock = checks, 0, threading.Lock()

    @property
    def value(self) -> int:
        with self._lock:
            self.checked += 1
            return 1 if self.checked > self.checks else 0


@pytest.mark.parametrize("threads", [1, 3])
@pytest.mark.parametrize("layout", ["lz4", "contiguous"])
def test_a_frame_whose_client_left_stops_between_bands(tmp_path: Path, threads: int, layout):
    from nxviz.errors import RequestCancelledError
    from nxviz.hdf5 import limits

    bands.set_threads(threads)
    write(tmp_path / "f.h5", "<u4", layout, detector=False)
    request = ImageRequest(selection="0", width=SHAPE[1], height=SHAPE[0])
    every = len(bands.band_starts(SHAPE[0], 1))  # 29 bands of 7 rows
    flag = GoneAfter(checks=3)
    with limits.scope(limits.Limits(), cancel=flag), pytest.raises(RequestCancelledError):
        rendered(tmp_path / "f.h5", request)
    # the render stopped a band or so after the client left, not at the frame's end
    assert flag.checked <= 3 + threads < every
    # and the same render with its client still there checks between all its bands
    staying = GoneAfter(checks=10_000)
    with limits.scope(limits.Limits(), cancel=staying):
        rendered(tmp_path / "f.h5", request)
    assert staying.checked >= every


def test_every_band_thread_has_stopped_when_a_cancelled_start_parallel_raises():
    import threading
    import time

    from nxviz.errors import RequestCancelledError
    from nxviz.hdf5 import limits

    running, lock = [0], threading.Lock()

    def band(start: int, stop: int) -> int:
        with lock:
            running[0] += 1
        time.sleep(0.2 if start == 2 else 0.002)  # one thread is still busy when others stop
        with lock:
            running[0] -= 1
        return start

    with limits.scope(limits.Limits(), cancel=GoneAfter(checks=6)):
        wait = bands.start_parallel(band, [(i, i + 1) for i in range(40)])
        with pytest.raises(RequestCancelledError):
            wait()
    assert running[0] == 0  # none still writes into the caller's arrays once wait() raised
