"""The demo data set through the validator: every file valid but one, whose defects are each
reported as an error at (or under) the path the demo says it broke."""

from __future__ import annotations

from pathlib import Path

import h5py
import hdf5plugin  # noqa: F401  (the frames' bitshuffle filter)
import numpy as np
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


#: The one warning the valid demo files carry on purpose (README.txt says so).
DELIBERATE = {("scan_1d.nxs", "/entry/legacy/errors", "deprecated")}


@pytest.mark.parametrize(
    "name", [*VALID, "eiger_data_000001.h5", "fair_ready.nxs", "fair_typical.nxs"]
)
def test_showcase_demo_file_has_no_warning_but_the_deliberate_one(
    demo_dir: Path, name: str
) -> None:
    report = nxviz.validate(demo_dir / name)
    warnings = {
        (name, i.path, i.code.value) for i in report.issues if i.severity.value == "warning"
    }
    assert warnings == {w for w in DELIBERATE if w[0] == name}


def test_eiger_master_data_is_the_whole_series(demo_dir: Path) -> None:
    with h5py.File(demo_dir / "eiger_master.nxs", "r") as master:
        data = master["/entry/data"]
        assert data.attrs["signal"] == "data_000001"  # the viewer reads blocks chunk by chunk
        series = data["data"]
        assert series.is_virtual and series.shape[0] == 70
        assert master["/entry/instrument/detector/data"] == series
        last_block = data["data_000002"]
        np.testing.assert_array_equal(series[50], last_block[0])
        np.testing.assert_array_equal(series[69], last_block[19])
