"""GET /nxviz/api/validate: the same JSON contract as ``nxviz validate --format json``."""

from __future__ import annotations

import json
from pathlib import Path

import h5py
import numpy as np

from nxviz.cli import main
from tests.server.helpers import get_error, get_json


def write_scan(path: Path, *, signal: str) -> None:
    with h5py.File(path, "w") as f:
        f.attrs["default"] = "entry"
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry.attrs["default"] = "data"
        data = entry.create_group("data")
        data.attrs["NX_class"] = "NXdata"
        data.attrs["signal"] = signal
        data.attrs["axes"] = "x"
        data["counts"] = np.arange(10.0)
        data["x"] = np.linspace(0, 1, 10)
        data["x"].attrs["units"] = "mm"


async def test_validate_answers_the_json_contract(jp_fetch, jp_root_dir: Path, capsys) -> None:
    (jp_root_dir / "runs").mkdir()
    write_scan(jp_root_dir / "runs" / "scan.nxs", signal="counts")

    body = await get_json(jp_fetch, "validate", file="runs/scan.nxs")

    assert set(body) == {"nxviz", "nxdl", "files"}
    assert body["nxdl"].startswith("v20")
    (report,) = body["files"]
    assert report["file"] == "runs/scan.nxs"
    assert report["entries"] == [{"path": "/entry", "definition": None}]
    assert report["counts"]["error"] == 0
    assert main(["validate", str(jp_root_dir / "runs" / "scan.nxs"), "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli["files"][0]["findings"] == report["findings"]


async def test_validate_reports_a_broken_signal_at_its_path(jp_fetch, jp_root_dir: Path) -> None:
    write_scan(jp_root_dir / "bad.nxs", signal="nothing_here")

    body = await get_json(jp_fetch, "validate", file="bad.nxs")

    findings = body["files"][0]["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert any(f["path"].startswith("/entry/data") for f in errors), findings
    assert body["files"][0]["counts"]["error"] == len(errors)


async def test_validate_refusals(jp_fetch, jp_root_dir: Path) -> None:
    (jp_root_dir / "notes.nxs").write_text("not hdf5")
    write_scan(jp_root_dir / "ok.nxs", signal="counts")

    assert (await get_error(jp_fetch, "validate"))[0] == 400
    assert (await get_error(jp_fetch, "validate", file="../x.nxs"))[0] == 403
    assert (await get_error(jp_fetch, "validate", file="missing.nxs"))[0] == 404
    status, body = await get_error(jp_fetch, "validate", file="notes.nxs")
    assert (status, body["code"]) == (415, "not_hdf5")
    assert body["message"] == "notes.nxs: not an HDF5 file"
    assert str(jp_root_dir) not in body["message"]
    status, body = await get_error(jp_fetch, "validate", file="ok.nxs", definition="NXnothing")
    assert (status, body["code"]) == (404, "nxdl_not_found")


async def test_validate_reports_external_links_leaving_the_root_without_following(
    jp_fetch, jp_root_dir: Path
) -> None:
    outside = jp_root_dir.parent / "outside.h5"
    with h5py.File(outside, "w") as f:
        secret = f.create_group("secret")
        secret.attrs["NX_class"] = "NXdata"
        secret["private_value"] = "do not read me"
    write_scan(jp_root_dir / "linked.nxs", signal="counts")
    with h5py.File(jp_root_dir / "linked.nxs", "a") as f:
        f["entry/leak"] = h5py.ExternalLink("../outside.h5", "/secret")
        f["entry/inside"] = h5py.ExternalLink("ok_target.h5", "/x")
    with h5py.File(jp_root_dir / "ok_target.h5", "w") as f:
        f["x"] = 1.0

    body = await get_json(jp_fetch, "validate", file="linked.nxs")

    findings = body["files"][0]["findings"]
    leak = [f for f in findings if f["path"].startswith("/entry/leak")]
    assert [(f["path"], f["code"], f["severity"]) for f in leak] == [
        ("/entry/leak", "broken_link", "error")
    ]
    assert "not followed" in leak[0]["message"]
    # Nothing behind the link was read: no finding below it, none naming its contents.
    assert not any(f["path"].startswith("/entry/leak/") for f in findings)
    assert not any("private_value" in f["path"] + f["message"] for f in findings)
    inside = [f for f in findings if f["path"].startswith("/entry/inside")]
    assert not any(f["code"] == "broken_link" for f in inside), inside
