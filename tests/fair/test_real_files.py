"""Real facility files (tests/data/real): each gets a FAIR report, none is FAIR-ready, and the
techniques of standard definitions are their PaNET terms."""

from __future__ import annotations

from pathlib import Path

import pytest

import nxviz

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
FILES = sorted(p for p in REAL.iterdir() if p.suffix in (".h5", ".nxs", ".hdf5"))
TECHNIQUES = {
    "201805_WSe2_arpes.nxs": "PaNET01089",  # NXarpes: ARPES
    "1998spheres.h5": "PaNET01124",  # NXcanSAS: small angle scattering
    "example_01_1D_I_Q.h5": "PaNET01124",
    "nexusformat_chopper.nxs": "PaNET01245",  # NXdirecttof: inelastic neutron spectroscopy
}


def test_real_files_are_present() -> None:
    assert len(FILES) >= 8, f"real data missing in {REAL}"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_real_file_gets_a_report_with_what_to_add(path: Path) -> None:
    report = nxviz.fair(path)
    assert 0 <= report.score < 100 and not report.ready
    assert report.findings and all(f.path.startswith("/") for f in report.findings)
    expected = TECHNIQUES.get(path.name)
    if expected is not None:
        assert {e.technique.id for e in report.entries if e.technique} == {expected}
