"""Hostile arguments: NUL characters, names too long for the file system, a file holding only
the HDF5 signature, and a definition given as a path. Each is a 4xx with a JSON reason that
names no folder of the server's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from tests.hdf5.factories import write_nxmx

ENDPOINTS = ("meta", "attr", "data", "image", "stats", "nexus", "search", "validate")
SIGNATURE = b"\x89HDF\r\n\x1a\n"


async def error_of(jp_fetch, endpoint: str, params: dict[str, str]) -> tuple[int, dict[str, str]]:
    with pytest.raises(HTTPClientError) as raised:
        await jp_fetch("nxviz", "api", endpoint, params=params)
    assert raised.value.response is not None
    body = json.loads(raised.value.response.body)
    assert set(body) == {"code", "message"}
    return raised.value.code, body


@pytest.fixture
def nxmx(jp_root_dir: Path) -> str:
    write_nxmx(jp_root_dir / "nxmx.h5")
    return "nxmx.h5"


@pytest.mark.parametrize("argument", ["file", "path", "selection", "q", "definition", "other"])
async def test_400_on_a_nul_character_in_any_argument(jp_fetch, nxmx: str, argument: str):
    for endpoint in ENDPOINTS:
        params = {"file": nxmx, "path": "/entry/data/data", "q": "data"}
        params[argument] = params.get(argument, "x") + "\x00.h5"
        status, body = await error_of(jp_fetch, endpoint, params)
        assert (status, body["code"]) == (400, "bad_request"), endpoint
        assert "NUL" in body["message"]


async def test_4xx_on_a_file_name_too_long_for_the_file_system(jp_fetch, nxmx: str):
    for name in ("a" * 5000, "d/" * 2100 + "x.h5"):
        for endpoint in ENDPOINTS:
            status, body = await error_of(jp_fetch, endpoint, {"file": name, "q": "x"})
            assert 400 <= status < 500, (endpoint, body)
            assert len(body["message"]) < 200


async def test_4xx_on_a_file_that_is_only_the_hdf5_signature(jp_fetch, jp_root_dir: Path):
    (jp_root_dir / "signature.h5").write_bytes(SIGNATURE)
    for endpoint in ENDPOINTS:
        params = {"file": "signature.h5", "path": "/x", "q": "x"}
        status, body = await error_of(jp_fetch, endpoint, params)
        assert status in (415, 422), (endpoint, body)
        assert str(jp_root_dir) not in body["message"]


@pytest.mark.parametrize(
    "definition", ["../../evil", "../evil.nxdl.xml", "/etc/evil", "NXmx/../../evil", "NX mx"]
)
async def test_404_on_a_definition_given_as_a_path(
    jp_fetch, nxmx: str, tmp_path: Path, definition: str
):
    (tmp_path / "evil.nxdl.xml").write_text("<definition name='evil'>EVILMARKER</definition>")

    status, body = await error_of(jp_fetch, "validate", {"file": nxmx, "definition": definition})

    assert (status, body["code"]) == (404, "nxdl_not_found")
    assert "EVILMARKER" not in body["message"] and str(tmp_path) not in body["message"]


def test_a_definition_named_by_the_file_is_never_read_as_a_path(tmp_path: Path):
    """An entry's ``definition`` field is a name too: a path there is an unknown definition."""
    import h5py

    from nxviz.validation.engine import validate

    (tmp_path / "evil.nxdl.xml").write_text("<definition>EVILMARKER</definition>")
    (tmp_path / "data").mkdir()
    path = write_nxmx(tmp_path / "data" / "nxmx.h5")
    with h5py.File(path, "a") as f:
        del f["entry/definition"]
        f["entry/definition"] = "../evil"

    report = validate(path)

    assert [i.code.value for i in report.issues if i.path == "/entry/definition"] == [
        "unknown_definition"
    ]
