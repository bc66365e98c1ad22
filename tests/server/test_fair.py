"""GET /nxviz/api/fair: the FAIR report of one file, as ``nxviz fair --format json`` gives it,
naming the file as the client did; bad input answers 4xx with a code."""

from __future__ import annotations

import json
from pathlib import Path

import h5py

from nxviz.cli import main
from tests.fair.factories import ready
from tests.server.helpers import get_error, get_json


async def test_fair_answers_the_cli_report(jp_fetch, jp_root_dir: Path, capsys) -> None:
    (jp_root_dir / "runs").mkdir()
    with h5py.File(jp_root_dir / "runs" / "mx.nxs", "w") as f:
        ready(f)
        del f["/entry/user/ORCID"]

    body = await get_json(jp_fetch, "fair", file="runs/mx.nxs")

    assert set(body) == {"nxviz", "profile", "checks", "files", "summary"}
    (report,) = body["files"]
    assert report["file"] == "runs/mx.nxs"
    assert report["score"] < 100 and not report["ready"]
    assert [(f["check"], f["path"], f["anchor"]) for f in report["findings"]] == [
        ("orcid", "/entry/user/ORCID", "/entry/user")
    ]
    assert report["entries"][0]["technique"]["id"] == "PaNET01164"
    assert main(["fair", str(jp_root_dir / "runs" / "mx.nxs"), "--format", "json"]) == 1
    cli = json.loads(capsys.readouterr().out)
    assert cli["files"][0]["findings"] == report["findings"]
    assert str(jp_root_dir) not in json.dumps(body)


async def test_fair_refuses_bad_files_with_codes(jp_fetch, jp_root_dir: Path) -> None:
    (jp_root_dir / "junk.nxs").write_bytes(b"not hdf5 at all")
    status, body = await get_error(jp_fetch, "fair", file="junk.nxs")
    assert (status, body["code"]) == (415, "not_hdf5")
    status, body = await get_error(jp_fetch, "fair", file="../outside.nxs")
    assert status == 403
    status, body = await get_error(jp_fetch, "fair", file="missing.nxs")
    assert (status, body["code"]) == (404, "file_not_found")
    assert str(jp_root_dir) not in json.dumps(body)
