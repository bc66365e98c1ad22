"""The cold-start cache: compiled NXDL and unit verdicts in the user's cache folder, keyed by
versions, never beside the data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nxviz.definitions import diskcache
from tests.validation.conftest import MakeFile

_RUN = "from nxviz.validation.engine import validate; print(len(validate({!r}).issues))"


def _validate_in_a_new_process(path: Path, cache: str) -> str:
    env = {"NXVIZ_CACHE_DIR": cache, "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-c", _RUN.format(str(path))],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout


def test_a_second_cold_start_reads_the_cache_and_finds_the_same(
    make_file: MakeFile, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = make_file("NXmx")
    data_folder = set(path.parent.iterdir())
    cache = tmp_path_factory.mktemp("cache")
    first = _validate_in_a_new_process(path, str(cache))
    stored = sorted(p.relative_to(cache).parts[0] for p in cache.rglob("*") if p.is_file())
    assert "nxdl" in stored and "units" in stored
    assert _validate_in_a_new_process(path, str(cache)) == first
    assert set(path.parent.iterdir()) == data_folder  # nothing written beside the data


def test_caching_off_writes_nothing(make_file: MakeFile, tmp_path: Path) -> None:
    path = make_file("NXmx")
    first = _validate_in_a_new_process(path, "")
    assert first.strip().isdigit()


def test_an_unreadable_entry_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NXVIZ_CACHE_DIR", str(tmp_path))
    (tmp_path / "nxdl").mkdir()
    (tmp_path / "nxdl" / "broken").write_bytes(b"not a pickle")
    assert diskcache.load("nxdl", "broken") is None
    diskcache.store("nxdl", "fine", {"a": 1})
    assert diskcache.load("nxdl", "fine") == {"a": 1}
