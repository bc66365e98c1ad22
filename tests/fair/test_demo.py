"""The demo's two FAIR files: one FAIR-ready (100 %), one typical of a beamline today; both
valid NXxas, so the difference is FAIR readiness alone. The ready one's catalogue record
validates against pyscicat's model and carries the PaNET identifier of XAS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyscicat.model import RawDataset

import nxviz
from nxviz.cli import main
from nxviz.demo.readme import TEXT


def test_fair_ready_demo_scores_100(demo_dir: Path) -> None:
    report = nxviz.fair(demo_dir / "fair_ready.nxs")
    assert (report.score, report.ready, report.findings) == (100.0, True, ())
    technique = report.entries[0].technique
    assert technique is not None and technique.id == "PaNET01196"
    assert nxviz.validate(demo_dir / "fair_ready.nxs").ok


def test_typical_demo_is_valid_but_not_fair_ready(demo_dir: Path) -> None:
    assert nxviz.validate(demo_dir / "fair_typical.nxs").ok
    report = nxviz.fair(demo_dir / "fair_typical.nxs")
    assert not report.ready and report.score < 60
    failed = {r.check.id for r in report.results if not r.passed}
    assert {"times", "users", "orcid", "proposal", "identifier"} <= failed


def test_ready_demo_catalogue_record_validates_against_pyscicat(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "records.jsonl"
    assert main(["fair", str(demo_dir / "fair_ready.nxs"), "--catalogue", str(out)]) == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    dataset = RawDataset(**record)
    assert dataset.techniques == [
        {
            "pid": "http://purl.org/pan-science/PaNET/PaNET01196",
            "name": "x-ray absorption spectroscopy",
        }
    ]
    assert dataset.proposalId == "DEMO-2026-0042"
    assert dataset.creationTime == "2026-03-14T09:26:53.589000+01:00"


def test_demo_readme_says_how_to_see_the_difference() -> None:
    assert "nxviz fair fair_ready.nxs fair_typical.nxs" in TEXT


def test_notebook_summary_is_html_with_score_and_findings(demo_dir: Path) -> None:
    page = nxviz.fair(demo_dir / "fair_typical.nxs")._repr_html_()
    assert "FAIR score" in page and "not FAIR-ready" in page
    assert "/entry/user" in page and "<table" in page
    assert "PaNET01196" in nxviz.fair(demo_dir / "fair_ready.nxs")._repr_html_()
