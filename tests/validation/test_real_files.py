"""Files written by other software: every one gets a report (findings, never a traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nxviz.cli import main
from nxviz.validation.engine import validate
from nxviz.validation.issues import Code
from nxviz.validation.render import to_json_dict


def test_every_real_file_gets_a_report(real_files: list[Path]) -> None:
    for path in real_files:
        report = validate(path, verbose=True)
        assert report.file == str(path)
        assert report.entries, f"{path.name}: no entry found"
        assert report.issues, f"{path.name}: no findings at all, not even info"
        data = json.loads(json.dumps(to_json_dict(report)))
        assert data["files"][0]["counts"] == report.counts()


def test_real_files_carry_the_defects_they_are_known_for(real_files: list[Path]) -> None:
    by_name = {p.name: validate(p) for p in real_files}
    # the canSAS example writes Q in "1/A", which UDUNITS and pint read as per ampere
    spheres = by_name["1998spheres.h5"]
    assert Code.WRONG_UNITS in spheres.codes()
    assert [e.definition for e in spheres.entries] == ["NXcanSAS", "NXcanSAS"]
    # NXspecdata is not a NeXus definition
    spec = by_name["33id_spec_22_2D.hdf5"]
    assert [i.code for i in spec.at("/S22/definition")] == [Code.UNKNOWN_DEFINITION]
    # NX_class stored as a one-element array is still read as its class
    compression = by_name["compression.h5"]
    assert Code.UNKNOWN_NX_CLASS not in compression.codes()


def test_cli_on_the_real_folder_exits_1_without_traceback(
    real_files: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = real_files[0].parent
    assert main(["validate", str(folder), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    data = json.loads(captured.out)
    assert len(data["files"]) == len(real_files)
