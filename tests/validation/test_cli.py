"""``nxviz validate`` through ``nxviz.cli.main``: exit codes, text lines, JSON, JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import h5py
import pytest

from nxviz.cli import main
from tests.validation.conftest import MakeFile


def _missing_title(f: h5py.File) -> None:
    del f["/entry/title"]


def test_exit_0_on_a_valid_file(make_file: MakeFile, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_file("NXtest")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: 0 errors, 0 warnings" in out


def test_exit_1_and_compiler_lines_on_an_invalid_file(
    make_file: MakeFile, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_file("NXtest", _missing_title)
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"{path}:/entry/title: error[missing_required]: required field title is missing" in lines


def test_exit_2_on_a_file_that_is_not_hdf5(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "bogus.nxs"
    bogus.write_text("not HDF5")
    assert main(["validate", str(bogus)]) == 2
    assert "not_hdf5" in capsys.readouterr().err


def test_exit_2_on_a_missing_file(tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path / "absent.nxs")]) == 2


def test_exit_2_on_an_unknown_definition(
    make_file: MakeFile, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(make_file("NXtest")), "--definition", "NXnothing"]) == 2
    assert "NXnothing" in capsys.readouterr().err


def test_exit_2_on_a_definitions_folder_that_does_not_exist(
    make_file: MakeFile, tmp_path: Path
) -> None:
    path = make_file("NXtest")
    assert main(["validate", str(path), "--definitions", str(tmp_path / "nope")]) == 2


def test_definition_option_overrides_the_file(
    make_file: MakeFile, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_file("NXsas")
    assert main(["validate", str(path), "--definition", "NXtomo", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["files"][0]["entries"] == [{"path": "/entry", "definition": "NXtomo"}]


def test_json_contract(make_file: MakeFile, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_file("NXtest", _missing_title)
    assert main(["validate", str(path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"nxviz", "nxdl", "files"}
    assert data["nxdl"].startswith("v")
    (one,) = data["files"]
    assert set(one) == {"file", "entries", "findings", "counts"}
    assert one["file"] == str(path)
    assert one["entries"] == [{"path": "/entry", "definition": "NXtest"}]
    assert {
        "severity": "error",
        "code": "missing_required",
        "path": "/entry/title",
        "message": "required field title is missing",
        "nxdl": "NXtest/ENTRY/title",
    } in one["findings"]
    assert one["counts"]["error"] == sum(f["severity"] == "error" for f in one["findings"])
    for finding in one["findings"]:
        assert set(finding) == {"severity", "code", "path", "message", "nxdl"}
        assert "\n" not in finding["message"]


def test_junit_xml_has_one_failure_per_error(
    make_file: MakeFile, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = make_file("NXtest"), make_file("NXtest", _missing_title)
    assert main(["validate", str(good), str(bad), "--format", "junit"]) == 1
    root = ET.fromstring(capsys.readouterr().out)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert suites[str(good)].get("failures") == "0"
    failures = suites[str(bad)].findall("testcase/failure")
    assert [f.get("type") for f in failures] == ["missing_required"]


def test_folder_is_walked_and_summarised(
    make_file: MakeFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_file("NXtest")
    make_file("NXtest", _missing_title)
    (tmp_path / "notes.txt").write_text("not a NeXus file")
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "2 files: 1 valid, 1 invalid, 0 not checked in " in out
    summary = out.strip().splitlines()[-1]
    assert summary.endswith(" files/s)"), summary


def test_parallel_jobs_give_the_same_json_as_one_job(
    make_file: MakeFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for definition in ("NXtest", "NXmx", "NXsas"):
        make_file(definition)
    make_file("NXtest", _missing_title)
    assert main(["validate", str(tmp_path), "--format", "json"]) == 1
    serial = json.loads(capsys.readouterr().out)
    assert main(["validate", str(tmp_path), "--format", "json", "--jobs", "2"]) == 1
    assert json.loads(capsys.readouterr().out) == serial


def test_verbose_shows_info(make_file: MakeFile, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_file("NXtest")
    assert main(["validate", str(path), "--verbose"]) == 0
    assert "info[missing_optional]" in capsys.readouterr().out


def test_progress_bar_only_on_a_terminal() -> None:
    # the bar of both commands, nxviz validate and nxviz fair
    import io

    from nxviz.validation.batchcli import Bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = Bar(stream)
        for done in (1, 2, 3):
            bar(done, 3)
    assert terminal.getvalue().endswith("] 3/3\n")
    assert pipe.getvalue() == ""
