"""The Python surface: ``nxviz.validate``, ``Report``, ``load_definitions`` and the renderers."""

from __future__ import annotations

import dataclasses
import pickle
import tracemalloc
from pathlib import Path

import h5py
import numpy as np
import pytest

import nxviz
from nxviz.validation.issues import SEVERITY, Code, Issue, Report, Severity
from nxviz.validation.render import to_json_dict
from tests.validation.conftest import MakeFile
from tests.validation.factories import nxtest


def _broken(f: h5py.File) -> None:
    f["/entry/instrument/detector/mask"] = h5py.SoftLink("/entry/missing")
    f["/entry/title"].attrs["units"] = np.int32(3)


def test_public_names_are_the_engine_and_compiler() -> None:
    from nxviz.definitions.compile import load_definitions
    from nxviz.validation.engine import validate

    assert nxviz.validate is validate
    assert nxviz.Report is Report
    assert nxviz.load_definitions is load_definitions


def test_every_code_has_a_severity_and_a_snake_case_value() -> None:
    assert set(SEVERITY) == set(Code)
    for code in Code:
        assert code.value == code.name.lower()


def test_findings_are_frozen_and_reports_pickle(make_file: MakeFile) -> None:
    report = nxviz.validate(make_file("NXtest", _broken))
    found = report.issues[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.path = "/elsewhere"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(report)) == report


def test_report_renders_text_json_junit_and_html(make_file: MakeFile) -> None:
    path = make_file("NXtest", _broken)
    report = nxviz.validate(path)
    assert not report.ok
    line = f"{path}:/entry/instrument/detector/mask: error[broken_link]: "
    assert any(text.startswith(line) for text in report.to_text().splitlines())
    assert report.to_dict() == to_json_dict(report)
    assert "<testsuites" in report.to_junit()
    html = report._repr_html_()
    assert "broken_link" in html and "<table" in html
    assert "&lt;" not in report.to_html() or "<" in html


def test_html_groups_by_severity_errors_first_and_fits_the_cell() -> None:
    issues = [
        Issue("/entry/title", Code.INVALID_NAME, "a warning, listed second"),
        Issue("/entry/x", Code.BROKEN_LINK, "an error, listed first"),
    ]
    html = Report.build("f.nxs", "v2026.01", [], issues).to_html()
    sections = html.split("<details")[1:]
    assert [s.count("<tr>") - 1 for s in sections] == [1, 1]  # one row each, plus the head
    assert "1 errors" in sections[0] and "an error" in sections[0]
    assert "1 warnings" in sections[1] and "a warning" in sections[1]
    assert "width:100%" in html and "overflow-wrap:anywhere" in html


def test_html_escapes_paths() -> None:
    hostile = Issue("/entry/<script>", Code.INVALID_NAME, "name '<script>' breaks the rules")
    report = Report.build("f.nxs", "v2026.01", [], [hostile])
    assert "<script>" not in report.to_html()


def test_counts_match_severities(make_file: MakeFile) -> None:
    report = nxviz.validate(make_file("NXtest", _broken))
    counts = report.counts()
    assert counts["error"] == sum(i.severity is Severity.ERROR for i in report.issues) > 0
    assert counts["warning"] == sum(i.severity is Severity.WARNING for i in report.issues)


def test_validate_json_is_the_contract_for_one_file(make_file: MakeFile) -> None:
    from nxviz.validation.engine import validate_json

    path = make_file("NXtest", _broken)
    data = validate_json(path, label="data/run1.nxs")
    assert [f["file"] for f in data["files"]] == ["data/run1.nxs"]
    assert data == to_json_dict(nxviz.validate(path, label="data/run1.nxs"))


def test_validate_json_raises_for_an_unknown_definition(make_file: MakeFile) -> None:
    from nxviz.errors import DefinitionNotFoundError
    from nxviz.validation.engine import validate_json

    with pytest.raises(DefinitionNotFoundError):
        validate_json(make_file("NXtest"), definition="NXnothing")


def test_a_2_gib_dataset_is_never_read(tmp_path: Path) -> None:
    """Validation reads metadata only: a 2 GiB dataset costs no more memory than 2 KiB."""
    path = tmp_path / "big.nxs"
    with h5py.File(path, "w") as f:
        nxtest(f)
        detector = f["/entry/instrument/detector"]
        del detector["data"], f["/entry/data/data"]
        detector.create_dataset(
            "data", shape=(2**14, 2**15, 2), dtype=np.uint16, chunks=(1, 2**15, 2)
        )
        f["/entry/data/data"] = detector["data"]
    assert f"{2**14 * 2**15 * 2 * 2 / 2**30:.0f}" == "2"
    tracemalloc.start()
    try:
        report = nxviz.validate(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * 2**20
    assert Code.WRONG_DIMENSION in report.codes()  # its shape was still checked


def test_the_engine_neither_prints_nor_logs(
    make_file: MakeFile, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    report = nxviz.validate(make_file("NXtest", _broken))
    assert report.issues
    assert capsys.readouterr() == ("", "")
    assert [r for r in caplog.records if r.name.startswith("nxviz")] == []
