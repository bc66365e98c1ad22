"""The demo data set through the validator: every file valid but one, whose defects are each
reported as an error at (or under) the path the demo says it broke."""

from __future__ import annotations

from pathlib import Path

import pytest

import nxviz
from nxviz.demo.defects import DEFECTS

VALID = [
    "eiger_master.nxs",
    "tomo_volume.nxs",
    "tomo_reconstruction.nxs",
    "xas_spectrum.nxs",
    "xrf_map.nxs",
    "scan_1d.nxs",
]


@pytest.mark.parametrize("name", VALID)
def test_demo_file_has_no_error_finding(demo_dir: Path, name: str) -> None:
    report = nxviz.validate(demo_dir / name)
    errors = [i for i in report.issues if i.severity.value == "error"]
    assert errors == []


def test_demo_files_name_their_application_definitions(demo_dir: Path) -> None:
    named = {
        name: [e.definition for e in nxviz.validate(demo_dir / name).entries]
        for name in ("eiger_master.nxs", "tomo_volume.nxs", "xas_spectrum.nxs")
    }
    assert named == {
        "eiger_master.nxs": ["NXmx"],
        "tomo_volume.nxs": ["NXtomo"],
        "xas_spectrum.nxs": ["NXxas"],
    }


@pytest.mark.parametrize("defect", DEFECTS, ids=[d.kind for d in DEFECTS])
def test_each_deliberate_defect_is_an_error_where_it_was_made(demo_dir: Path, defect) -> None:
    report = nxviz.validate(demo_dir / "defects.nxs")
    errors = [i for i in report.issues if i.severity.value == "error"]
    here = [i for i in errors if i.path == defect.path or i.path.startswith(defect.path + "@")]
    assert here, f"{defect.kind} at {defect.path}: {[(i.path, i.code.value) for i in errors]}"
    assert not report.ok
