"""GET /nxviz/api/data?format=csv|tiff|npy: the current slice as a file to download."""

from __future__ import annotations

import io
from pathlib import Path

import h5py
import numpy as np
import pytest
import tifffile

from nxviz.hdf5 import downloads
from tests.hdf5.factories import GAP, frames, write_tree
from tests.server.helpers import get_error


@pytest.fixture
def tree(jp_root_dir: Path) -> str:
    write_tree(jp_root_dir / "tree.h5")
    with h5py.File(jp_root_dir / "values.h5", "w") as f:
        f["counts"] = np.array([3, -1, 70000], dtype=np.int32)
        f["ratio"] = np.array([[0.1, np.nan], [np.inf, -2.5e-300]], dtype=np.float64)
        f["single"] = np.array([1 / 3, 2.0], dtype=np.float32)
        f["flags"] = np.array([[True, False]])
        f['odd "name" é'] = np.arange(4, dtype=np.uint8).reshape(2, 2)
        f["数据"] = np.arange(3, dtype=np.uint8)
    return "tree.h5"


async def download(jp_fetch, file: str, path: str, fmt: str, selection: str | None = None):
    params = {"file": file, "path": path, "format": fmt}
    if selection is not None:
        params["selection"] = selection
    return await jp_fetch("nxviz", "api", "data", params=params)


async def test_tiff_of_a_detector_frame_keeps_uint32_and_the_gap_value(jp_fetch, tree):
    response = await download(jp_fetch, tree, "/entry/data/frames", "tiff", selection="2")

    assert response.headers["Content-Type"] == "image/tiff"
    assert response.headers["Content-Disposition"] == 'attachment; filename="frames.tiff"'
    image = tifffile.imread(io.BytesIO(response.body))
    assert image.dtype == np.uint32
    np.testing.assert_array_equal(image, frames()[2])
    assert (image == GAP).any()  # 2^32-1 survives, not wrapped to a signed value


async def test_tiff_of_float64_and_of_booleans(jp_fetch, tree):
    ratio = await download(jp_fetch, "values.h5", "/ratio", "tiff")
    flags = await download(jp_fetch, "values.h5", "/flags", "tiff")

    got = tifffile.imread(io.BytesIO(ratio.body))
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, [[0.1, np.nan], [np.inf, -2.5e-300]])
    np.testing.assert_array_equal(tifffile.imread(io.BytesIO(flags.body)), [[1, 0]])


async def test_csv_writes_integers_as_integers_one_value_per_line(jp_fetch, tree):
    response = await download(jp_fetch, "values.h5", "/counts", "csv")

    assert response.headers["Content-Type"] == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="counts.csv"'
    assert response.body.decode() == "3\n-1\n70000\n"


async def test_csv_of_a_2d_slice_reads_back_exactly(jp_fetch, tree):
    frame = await download(jp_fetch, tree, "/entry/data/gzip", "csv", selection="1,0:5,0:8")
    ratio = await download(jp_fetch, "values.h5", "/ratio", "csv")
    single = await download(jp_fetch, "values.h5", "/single", "csv")

    rows = frame.body.decode().splitlines()
    assert len(rows) == 5 and all(len(r.split(",")) == 8 for r in rows)
    np.testing.assert_array_equal(
        np.loadtxt(io.BytesIO(frame.body), delimiter=",", dtype=np.uint64), frames()[1, 0:5, 0:8]
    )
    assert ratio.body.decode().splitlines()[1].startswith("inf,-2.5")
    np.testing.assert_array_equal(
        np.loadtxt(io.BytesIO(ratio.body), delimiter=","), [[0.1, np.nan], [np.inf, -2.5e-300]]
    )
    # float32 written with the digits float32 has: it reads back as the same float32
    back = np.loadtxt(io.BytesIO(single.body), dtype=np.float32)
    np.testing.assert_array_equal(back, np.array([1 / 3, 2.0], dtype=np.float32))


async def test_npy_and_csv_are_named_after_the_dataset_with_safe_characters(jp_fetch, tree):
    npy = await download(jp_fetch, "values.h5", '/odd "name" é', "npy")
    csv = await download(jp_fetch, "values.h5", '/odd "name" é', "csv")

    chinese = await download(jp_fetch, "values.h5", "/数据", "csv")

    assert npy.headers["Content-Disposition"] == 'attachment; filename="odd_name.npy"'
    assert csv.headers["Content-Disposition"] == 'attachment; filename="odd_name.csv"'
    np.testing.assert_array_equal(np.load(io.BytesIO(npy.body)), [[0, 1], [2, 3]])
    # a header holds Latin-1 only: a name without ASCII letters gives "data", not an error
    assert chinese.headers["Content-Disposition"] == 'attachment; filename="data.csv"'
    assert chinese.body == b"0\n1\n2\n"


@pytest.mark.parametrize(
    ("path", "fmt", "status", "code"),
    [
        pytest.param("/entry/data/frames", "tiff", 400, "bad_request", id="tiff-of-3d"),
        pytest.param("/entry/data/frames", "csv", 400, "bad_request", id="csv-of-3d"),
        pytest.param("/entry/scalar", "tiff", 400, "bad_request", id="tiff-of-a-scalar"),
        pytest.param("/entry/text", "csv", 415, "unsupported_type", id="csv-of-text"),
        pytest.param("/entry/compound", "tiff", 415, "unsupported_type", id="tiff-compound"),
        pytest.param("/entry/empty", "csv", 415, "unsupported_type", id="csv-of-empty"),
    ],
)
async def test_downloads_that_cannot_be_made_say_why(jp_fetch, tree, path, fmt, status, code):
    got_status, body = await get_error(jp_fetch, "data", file=tree, path=path, format=fmt)
    assert (got_status, body["code"]) == (status, code)
    assert body["message"].startswith(path)  # one sentence naming the dataset and the way out
    assert "select" in body["message"] or "ask for" in body["message"]


async def test_csv_above_its_size_limit_is_refused_with_413(jp_fetch, jp_root_dir):
    # the work runs in a worker process: the real limit, on a slice one row above it
    columns = downloads.CSV_MAX_ELEMENTS // 1000 + 1
    with h5py.File(jp_root_dir / "wide.h5", "w") as f:
        f.create_dataset("x", shape=(1000, columns), dtype=np.uint8, chunks=(100, columns))

    status, body = await get_error(jp_fetch, "data", file="wide.h5", path="/x", format="csv")

    assert (status, body["code"]) == (413, "too_large")
    assert "npy" in body["message"]
