"""``nxviz fair``: exit codes, text/JSON/JUnit output, folders, the summary, the HTML report and
the SciCat records (validated against pyscicat's own model), local pool and dask alike."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import h5py
import pytest
from pyscicat.model import RawDataset

from nxviz.cli import main
from nxviz.fair.batch import Options, run_dask, run_local
from nxviz.validation.batch import find_files
from tests.fair.factories import MakeFile


def _no_orcid(f: h5py.File) -> None:
    del f["/entry/user/ORCID"]


def _typical(f: h5py.File) -> None:
    for path in ("/entry/user", "/entry/entry_identifier_uuid", "/entry/end_time"):
        del f[path]
    del f["/entry/start_time"]
    f["/entry/start_time"] = "2024-05-01T10:00:00"
    del f["/entry/experiment_identifier"]
    f["/entry/experiment_identifier"] = "N/A"


@pytest.fixture
def folder(make_ready: MakeFile, tmp_path: Path) -> Path:
    make_ready(name="a_ready.nxs")
    make_ready(_no_orcid, name="b_no_orcid.nxs")
    make_ready(_typical, name="c_typical.nxs")
    return tmp_path


def test_fair_ready_file_exits_0(make_ready: MakeFile, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fair", str(make_ready())]) == 0
    assert "score 100 %, FAIR-ready" in capsys.readouterr().out


def test_missing_required_item_exits_1_and_says_where(
    make_ready: MakeFile, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_ready(_no_orcid)
    assert main(["fair", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:/entry/user/ORCID: error[fair_missing] orcid:" in out


def test_unreadable_file_and_unknown_profile_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.nxs"
    junk.write_bytes(b"not hdf5")
    assert main(["fair", str(junk)]) == 2
    assert capsys.readouterr().err == f"nxviz fair: error[not_hdf5]: {junk}: not an HDF5 file\n"
    cut = tmp_path / "cut.nxs"
    cut.write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(200))  # an HDF5 signature, then nothing
    assert main(["fair", str(cut)]) == 2
    assert capsys.readouterr().err.startswith(f"nxviz fair: error[damaged_file]: {cut}: HDF5 ")
    assert main(["fair", str(junk), "--profile", "NXnothing"]) == 2
    assert "NXnothing" in capsys.readouterr().err
    assert main(["fair", str(tmp_path / "empty-folder-free"), "--jobs", "0"]) == 2


def test_folder_summary_names_pass_shares_and_worst_files(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["fair", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "3 files checked (0 unreadable): 1 FAIR-ready" in out
    assert "orcid 33.3 %" in out and "title 100 %" in out
    worst = out.split("worst files: ")[1]
    assert worst.index("c_typical.nxs") < worst.index("b_no_orcid.nxs") < worst.index("a_ready")


def test_json_report_is_stable(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["fair", str(folder), "--format", "json"])
    first = capsys.readouterr().out
    main(["fair", str(folder), "--format", "json", "--jobs", "2"])
    second = capsys.readouterr().out
    assert first == second
    data = json.loads(first)
    assert set(data) == {"nxviz", "profile", "checks", "files", "summary"}
    ready, no_orcid, typical = data["files"]
    assert ready["score"] == 100.0 and ready["findings"] == []
    assert ready["entries"][0]["technique"]["id"] == "PaNET01164"
    assert [f["path"] for f in no_orcid["findings"]] == ["/entry/user/ORCID"]
    codes = {f["code"] for f in typical["findings"]}
    assert {"fair_time_no_zone", "fair_placeholder", "fair_no_identifier"} <= codes
    assert data["summary"]["checks"]["orcid"] == 33.3
    assert sum(data["summary"]["distribution"]) == 3


def test_junit_has_a_case_per_check_and_failures_by_requirement(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["fair", str(folder / "b_no_orcid.nxs"), "--format", "junit"])
    suites = ET.fromstring(capsys.readouterr().out)
    (suite,) = suites
    assert suite.get("failures") == "1" and len(suite.findall("testcase")) == 15
    failure = suite.find("testcase[@name='fair.orcid']/failure")
    assert failure is not None and failure.get("type") == "required"


def test_html_report_is_self_contained_and_links_findings(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    main(["fair", str(folder), "--html", str(out)])
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 2
    assert "<script" not in page and "http://" not in page.replace(
        "http://www.w3.org/2000/svg", ""
    ).replace("http://purl.org/pan-science/PaNET/", "")
    typical = str(folder / "c_typical.nxs")
    assert f"id='{typical}:/entry/start_time'" in page
    assert f"href='#{typical}:/entry/start_time'" in page


def test_catalogue_records_validate_against_pyscicat(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "records.jsonl"
    main(["fair", str(folder), "--catalogue", str(out)])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3
    for record in records:
        RawDataset(**record)  # pyscicat's model: raises on a record an ingestor would refuse
    ready = records[0]
    assert ready["techniques"] == [
        {
            "pid": "http://purl.org/pan-science/PaNET/PaNET01164",
            "name": "macromolecular crystallography",
        }
    ]
    assert ready["proposalId"] == "MX-20240123" and ready["ownerGroup"] == "MX-20240123"
    assert ready["principalInvestigator"] == "Ada Lovelace"
    assert ready["orcidOfOwner"] == "0000-0002-1825-0097"
    assert ready["creationTime"] == "2024-05-01T10:00:00+02:00"
    assert ready["sampleId"] == "lysozyme" and ready["instrumentId"] == "MX beamline"
    assert ready["scientificMetadata"]["instrument/beam/incident_wavelength"] == {
        "value": 0.98,
        "unit": "angstrom",
    }
    assert "macromolecular crystallography" in ready["keywords"]
    assert records[2]["owner"] == "unknown"  # the typical file has no user


def test_dask_gives_the_local_results(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import distributed  # in the test extra: its absence is a failure, not a skip

    files = find_files([folder])
    options = Options(catalogue=True)
    local = run_local(files, options, jobs=1)
    with distributed.LocalCluster(
        host="127.0.0.1",
        protocol="tcp",
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        dashboard_address=None,
    ) as cluster:
        remote = run_dask(files, options, cluster.scheduler_address)
        address = cluster.scheduler_address
        assert main(["fair", str(folder), "--format", "json", "--scheduler", address]) == 1
        through_cli = capsys.readouterr().out
    assert remote == local
    assert main(["fair", str(folder), "--format", "json"]) == 1
    assert capsys.readouterr().out == through_cli
    assert [o.report.score for o in local if o.report] == [100.0, 92.3, 61.5]
    assert [len(o.records) for o in local] == [1, 1, 1]
