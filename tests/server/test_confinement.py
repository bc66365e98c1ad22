"""No endpoint reads a byte outside the root, whatever a file inside it tells HDF5 to read.

Each hostile file (tests/hdf5/hostile.py) is first read with plain h5py to prove that HDF5
really reaches the marker outside the root from it; then every endpoint is asked about it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tornado.httpclient import HTTPClientError

from tests.hdf5.hostile import (
    CASES,
    SECRET,
    SECRET_TEXT,
    Case,
    leaks,
    read_unconfined,
    write_outside,
)

SIGNAL = "/entry/data/data"

#: requests that read the hostile values: refused with 403
READS: list[tuple[str, dict[str, str]]] = [
    *[("data", {"path": SIGNAL, "format": fmt}) for fmt in ("json", "npy", "bin", "csv", "tiff")],
    ("data", {"path": "/entry/definition"}),
    ("image", {"path": SIGNAL}),
    ("stats", {"path": SIGNAL}),
]

#: requests that describe the file: answered, without the hostile values
DESCRIBES: list[tuple[str, dict[str, str]]] = [
    *[("meta", {"path": p}) for p in ("/", "/entry", "/entry/data", SIGNAL, "/entry/definition")],
    ("attr", {"path": SIGNAL}),
    ("attr", {"path": "/entry"}),
    ("nexus", {}),
    ("search", {"q": "data"}),
    ("search", {"q": "NX"}),
    ("validate", {}),
    ("validate", {"definition": "NXmx"}),
]


async def ask(jp_fetch: Any, endpoint: str, params: dict[str, str]) -> tuple[int, bytes, str]:
    """Status, body and all headers (as text) of one request."""
    try:
        response = await jp_fetch("nxviz", "api", endpoint, params=params)
    except HTTPClientError as error:
        assert error.response is not None
        response = error.response
    return response.code, response.body, str(response.headers)


@pytest.fixture
def hostile(request, jp_root_dir: Path, tmp_path: Path, monkeypatch) -> Case:
    case: Case = request.param
    outside = write_outside(tmp_path / "outside")
    case.write(jp_root_dir, outside)
    monkeypatch.chdir(jp_root_dir if case.cwd == "root" else outside.folder)
    if case.env is not None:
        monkeypatch.setenv(case.env, str(outside.folder))
    # the case is hostile: plain h5py, in the same place, reads the marker
    values, definition = read_unconfined(jp_root_dir / case.file)
    assert np.all(values == SECRET)
    assert definition == SECRET_TEXT
    return case


@pytest.mark.parametrize("hostile", CASES, ids=[c.name for c in CASES], indirect=True)
async def test_no_endpoint_reads_outside_the_root(jp_fetch, hostile: Case, tmp_path: Path):
    for endpoint, params in READS:
        status, body, headers = await ask(jp_fetch, endpoint, {"file": hostile.file, **params})
        assert leaks(body) == [] and leaks(headers.encode()) == [], (endpoint, params)
        assert status == 403, (endpoint, params, body)
        answer = json.loads(body)
        assert answer["code"] == hostile.code
        assert str(tmp_path) not in answer["message"]
    for endpoint, params in DESCRIBES:
        status, body, headers = await ask(jp_fetch, endpoint, {"file": hostile.file, **params})
        assert leaks(body) == [] and leaks(headers.encode()) == [], (endpoint, params)
        assert status in (200, 403), (endpoint, params, body)
        assert str(tmp_path) not in body.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "hostile", [c for c in CASES if c.name == "efl_absolute"], ids=["efl"], indirect=True
)
async def test_meta_says_why_a_dataset_is_refused(jp_fetch, hostile: Case):
    _, body, _ = await ask(jp_fetch, "meta", {"file": hostile.file, "path": SIGNAL})
    meta = json.loads(body)

    assert meta["type"] == "dataset" and meta["shape"] == [4, 4]
    assert "outside the served folder" in meta["refused"]


async def test_a_virtual_dataset_with_a_missing_source_says_so(jp_fetch, jp_root_dir: Path):
    import h5py

    layout = h5py.VirtualLayout(shape=(2, 3), dtype="<f8")
    layout[0] = h5py.VirtualSource("present.h5", "values", shape=(3,))
    layout[1] = h5py.VirtualSource("missing.h5", "values", shape=(3,))
    with h5py.File(jp_root_dir / "present.h5", "w") as f:
        f["values"] = [1.0, 2.0, 3.0]
    with h5py.File(jp_root_dir / "vds.h5", "w") as f:
        f.create_virtual_dataset("data", layout, fillvalue=-1.0)

    response = await jp_fetch("nxviz", "api", "data", params={"file": "vds.h5", "path": "/data"})
    notes = json.loads(response.headers["X-Nxviz-Notes"])
    meta = json.loads(
        (await jp_fetch("nxviz", "api", "meta", params={"file": "vds.h5", "path": "/data"})).body
    )
    stats = json.loads(
        (await jp_fetch("nxviz", "api", "stats", params={"file": "vds.h5", "path": "/data"})).body
    )

    assert json.loads(response.body) == [[1.0, 2.0, 3.0], [-1.0, -1.0, -1.0]]
    assert len(notes) == 1 and "missing.h5" in notes[0] and "fill value" in notes[0]
    assert meta["notes"] == notes
    assert stats["notes"] == notes


async def test_a_virtual_dataset_whose_sources_are_beside_it_is_served(jp_fetch, jp_root_dir):
    import h5py

    with h5py.File(jp_root_dir / "block.h5", "w") as f:
        f["values"] = np.arange(6.0).reshape(2, 3)
    layout = h5py.VirtualLayout(shape=(2, 3), dtype="<f8")
    layout[:] = h5py.VirtualSource("block.h5", "values", shape=(2, 3))
    (jp_root_dir / "sub").mkdir()
    with h5py.File(jp_root_dir / "master.h5", "w") as f:
        f.create_virtual_dataset("data", layout)

    response = await jp_fetch("nxviz", "api", "data", params={"file": "master.h5", "path": "/data"})

    assert json.loads(response.body) == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert "X-Nxviz-Notes" not in response.headers
