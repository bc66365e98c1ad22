"""Real files as the test of truth: every finding of every gallery file is written down with
the NXDL line that decides it; a finding that appears or disappears fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nxviz.validation.issues import Code
from tests.validation.gallery import (
    EXPECTED,
    PRODUCED,
    decided_by,
    findings,
    gallery_files,
)

TABLE: dict[str, list[dict[str, str]]] = json.loads(EXPECTED.read_text(encoding="utf-8"))


def _key(found: dict[str, str]) -> tuple[str, str, str]:
    return found["path"], found["code"], found["nxdl"]


def _compare(name: str, actual: list[dict[str, str]]) -> None:
    expected = TABLE[name]
    appeared = sorted(set(map(_key, actual)) - set(map(_key, expected)))
    vanished = sorted(set(map(_key, expected)) - set(map(_key, actual)))
    assert not appeared and not vanished, f"{name}: appeared {appeared}, vanished {vanished}"


@pytest.mark.parametrize("path", gallery_files(), ids=lambda p: p.name)
def test_a_public_file_has_exactly_its_written_down_findings(path: Path) -> None:
    _compare(path.name, findings(path))


@pytest.mark.parametrize("name", sorted(PRODUCED))
def test_a_file_written_by_facility_software_has_its_findings(name: str, tmp_path: Path) -> None:
    PRODUCED[name](tmp_path / name)
    _compare(name, findings(tmp_path / name))


def test_every_file_of_the_folder_is_in_the_table() -> None:
    assert {p.name for p in gallery_files()} | set(PRODUCED) == set(TABLE)


def test_each_written_down_finding_names_the_line_that_decides_it() -> None:
    for name, rows in TABLE.items():
        for row in rows:
            assert row["decided_by"], f"{name}: {row} names nothing that decides it"
            assert row["decided_by"] == decided_by(Code(row["code"]), row["nxdl"]), (name, row)
