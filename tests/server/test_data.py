"""GET /nxviz/api/attr and /nxviz/api/data: values, slices, formats, dtypes, limits."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

from tests.hdf5.factories import frames, write_outside, write_tree
from tests.server.helpers import get_error, get_json


@pytest.fixture
def tree(jp_root_dir: Path, tmp_path: Path) -> str:
    write_tree(jp_root_dir / "tree.h5", outside=write_outside(tmp_path / "outside.h5"))
    return "tree.h5"


async def fetch(jp_fetch, endpoint: str, **params: object):
    return await jp_fetch("nxviz", "api", endpoint, params=params)


async def test_attr_returns_all_values_or_the_named_ones(jp_fetch, tree):
    everything = await get_json(jp_fetch, "attr", file=tree, path="/entry")
    one = await get_json(jp_fetch, "attr", file=tree, path="/entry/scalar", name="units")

    assert everything == {"NX_class": "NXentry", "default": "data"}
    assert one == {"units": "mm"}


async def test_text_that_is_not_utf8_is_read_as_latin1(jp_fetch, jp_root_dir):
    import h5py

    with h5py.File(jp_root_dir / "latin.h5", "w") as f:
        f["wavelength"] = 1.0
        f["wavelength"].attrs["units"] = np.bytes_(b"\xc5")  # Å in Latin-1
        f["names"] = np.array([b"caf\xe9", b"ok"], dtype="S4")

    attrs = await get_json(jp_fetch, "attr", file="latin.h5", path="/wavelength")
    names = await get_json(jp_fetch, "data", file="latin.h5", path="/names")

    assert attrs == {"units": "\u00c5"}
    assert names == ["caf\u00e9", "ok"]


async def test_attr_404_for_a_missing_attribute_or_dangling_link(jp_fetch, tree):
    status, body = await get_error(jp_fetch, "attr", file=tree, path="/entry", name="nope")
    assert (status, body["code"]) == (404, "entity_not_found")
    status, body = await get_error(jp_fetch, "attr", file=tree, path="/links/dangling_soft")
    assert (status, body["code"]) == (404, "entity_not_found")


async def test_npy_slice_of_a_bitshuffle_stack_equals_what_was_written(jp_fetch, tree):
    response = await fetch(
        jp_fetch, "data", file=tree, path="/entry/data/frames", selection="1", format="npy"
    )

    array = np.load(io.BytesIO(response.body))
    np.testing.assert_array_equal(array, frames()[1])
    assert response.headers["X-Nxviz-Shape"] == "40,60"
    assert response.headers["X-Nxviz-Dtype"] == "<u4"


async def test_bin_slice_with_steps_through_gzip(jp_fetch, tree):
    response = await fetch(
        jp_fetch, "data", file=tree, path="/entry/data/gzip", selection="2,5:20:3,-4:", format="bin"
    )

    expected = frames()[2, 5:20:3, -4:]
    shape = tuple(int(n) for n in response.headers["X-Nxviz-Shape"].split(","))
    got = np.frombuffer(response.body, dtype=response.headers["X-Nxviz-Dtype"]).reshape(shape)
    np.testing.assert_array_equal(got, expected)


async def test_json_for_scalars_strings_compounds_enums_and_empty(jp_fetch, tree):
    assert await get_json(jp_fetch, "data", file=tree, path="/entry/scalar") == 3.5
    assert await get_json(jp_fetch, "data", file=tree, path="/entry/text") == "hello"
    assert await get_json(jp_fetch, "data", file=tree, path="/entry/compound") == [
        [1, 2.5],
        [2, 3.5],
    ]
    assert await get_json(jp_fetch, "data", file=tree, path="/entry/enum") == [0, 1, 1]
    assert await get_json(jp_fetch, "data", file=tree, path="/entry/empty") is None
    assert await get_json(jp_fetch, "data", file=tree, path="/entry/zero_length") == []


async def test_4d_slice_and_external_link_data(jp_fetch, tree):
    four_d = await get_json(jp_fetch, "data", file=tree, path="/entry/four_d", selection="1,2")
    external = await get_json(jp_fetch, "data", file=tree, path="/links/external")

    expected = np.arange(120, dtype=np.float32).reshape(2, 3, 4, 5)[1, 2]
    assert four_d == expected.tolist()
    assert external == [0, 1, 2, 3, 4]


async def test_dtype_safe_makes_little_endian_js_friendly_arrays(jp_fetch, jp_root_dir):
    import h5py

    with h5py.File(jp_root_dir / "endian.h5", "w") as f:
        f["big"] = np.arange(4, dtype=">i4")
        f["half"] = np.arange(4, dtype="<f2")
    big = await fetch(jp_fetch, "data", file="endian.h5", path="/big", format="bin", dtype="safe")
    half = await fetch(jp_fetch, "data", file="endian.h5", path="/half", format="bin", dtype="safe")

    assert big.headers["X-Nxviz-Dtype"] == "<i4"
    assert np.frombuffer(big.body, "<i4").tolist() == [0, 1, 2, 3]
    assert half.headers["X-Nxviz-Dtype"] == "<f4"


async def test_413_above_the_configured_byte_limit(jp_fetch, jp_serverapp, tree):
    jp_serverapp.web_app.settings["nxviz"].max_bytes = 1000  # frames are 40*60*4 = 9600 bytes
    status, body = await get_error(
        jp_fetch, "data", file=tree, path="/entry/data/frames", selection="0", format="bin"
    )
    assert (status, body["code"]) == (413, "too_large")
    small = await fetch(
        jp_fetch, "data", file=tree, path="/entry/data/frames", selection="0,0:2,0:10", format="bin"
    )
    assert len(small.body) == 80


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        pytest.param(
            {"path": "/entry/data/frames", "selection": "9"},
            400,
            "bad_selection",
            id="index-out-of-range",
        ),
        pytest.param(
            {"path": "/entry/data/frames", "selection": "0,0,0,0"},
            400,
            "bad_selection",
            id="too-many-members",
        ),
        pytest.param(
            {"path": "/entry/data/frames", "selection": "a:b"},
            400,
            "bad_selection",
            id="not-integers",
        ),
        pytest.param(
            {"path": "/entry/data/frames", "selection": "::0"}, 400, "bad_selection", id="zero-step"
        ),
        pytest.param(
            {"path": "/entry/data/frames", "format": "xml"}, 400, "bad_request", id="bad-format"
        ),
        pytest.param(
            {"path": "/entry/data/frames", "dtype": "int"}, 400, "bad_request", id="bad-dtype"
        ),
        pytest.param({"path": "/entry"}, 400, "bad_request", id="group-not-dataset"),
        pytest.param(
            {"path": "/entry/text", "format": "bin"}, 415, "unsupported_type", id="bin-of-strings"
        ),
        pytest.param(
            {"path": "/entry/compound", "format": "npy"},
            415,
            "unsupported_type",
            id="npy-of-compound",
        ),
        pytest.param(
            {"path": "/entry/text", "dtype": "safe"}, 415, "unsupported_type", id="safe-of-strings"
        ),
        pytest.param(
            {"path": "/entry/empty", "format": "npy"}, 415, "unsupported_type", id="npy-of-empty"
        ),
        pytest.param(
            {"path": "/links/leaves_root"}, 403, "outside_root", id="external-leaving-root"
        ),
        pytest.param(
            {"path": "/links/dangling_external"}, 404, "entity_not_found", id="dangling-external"
        ),
    ],
)
async def test_bad_data_requests_get_json_errors(jp_fetch, tree, params, status, code):
    got_status, body = await get_error(jp_fetch, "data", file=tree, **params)
    assert (got_status, body["code"]) == (status, code)


async def test_415_when_a_compression_filter_is_missing(jp_fetch, jp_root_dir):
    import h5py

    with h5py.File(jp_root_dir / "filter.h5", "w") as f:
        # Chunks stored as if an unregistered filter (id 32999) had encoded them.
        x = f.create_dataset(
            "x",
            shape=(10,),
            dtype="<i8",
            chunks=(5,),
            compression=32999,
            allow_unknown_filter=True,
        )
        for start in (0, 5):
            x.id.write_direct_chunk((start,), np.arange(5, dtype="<i8").tobytes(), filter_mask=0)

    status, body = await get_error(jp_fetch, "data", file="filter.h5", path="/x")
    assert (status, body["code"]) == (415, "missing_filter")
    assert json.loads(json.dumps(body))["message"]


async def test_complex_slices_as_npy_and_bin_equal_what_was_written(jp_fetch, jp_root_dir):
    import h5py

    values = (np.arange(12) - 1j * np.arange(12) ** 2).reshape(3, 4)
    with h5py.File(jp_root_dir / "complex.h5", "w") as f:
        f["c16"] = values
        f["c8"] = values.astype("<c8")

    response = await fetch(
        jp_fetch, "data", file="complex.h5", path="/c16", selection="1:3,1:", format="npy"
    )
    np.testing.assert_array_equal(np.load(io.BytesIO(response.body)), values[1:3, 1:])
    response = await fetch(jp_fetch, "data", file="complex.h5", path="/c8", format="bin")
    assert response.headers["X-Nxviz-Dtype"] == "<c8"
    got = np.frombuffer(response.body, dtype="<c8").reshape(3, 4)
    np.testing.assert_array_equal(got, values.astype("<c8"))
    pairs = await get_json(jp_fetch, "data", file="complex.h5", path="/c16", selection="0,1")
    assert pairs == [1.0, -1.0]
    status, body = await get_error(
        jp_fetch, "data", file="complex.h5", path="/c16", format="npy", dtype="safe"
    )
    assert (status, body["code"]) == (415, "unsupported_type")
