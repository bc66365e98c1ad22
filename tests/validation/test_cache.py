"""The cold-start cache: compiled NXDL and unit verdicts in the user's cache folder, keyed by
versions, never beside the data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from nxviz.definitions import diskcache, stamp
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


_NXDL = '<definition xmlns="http://definition.nexusformat.org/nxdl/3.1" name="NXa"/>\n'


def _installed(site: Path, version: str, editable: bool = False) -> Path:
    """A package ``pkg`` with a ``definitions`` folder, installed as pip installs a wheel."""
    root = site / "pkg" / "definitions"
    (root / "base_classes").mkdir(parents=True, exist_ok=True)
    (root / "base_classes" / "NXa.nxdl.xml").write_text(_NXDL, encoding="utf-8")
    for old in site.glob("pkg-*.dist-info"):
        for member in old.iterdir():
            member.unlink()
        old.rmdir()
    info = site / f"pkg-{version}.dist-info"
    info.mkdir()
    record = f"pkg/__init__.py,sha256=x{version},1\npkg/definitions/base_classes/NXa.nxdl.xml,,\n"
    (info / "RECORD").write_text(record, encoding="utf-8")
    if editable:
        url = '{"url": "file:///src/pkg", "dir_info": {"editable": true}}'
        (info / "direct_url.json").write_text(url, encoding="utf-8")
    return root


def test_an_installed_set_is_keyed_by_its_distribution_without_a_stat_of_its_files(
    tmp_path: Path,
) -> None:
    root = _installed(tmp_path, "1.0")
    first = stamp.folder_stamp(root)
    assert first.startswith("pkg-1.0.dist-info:")
    nxdl = root / "base_classes" / "NXa.nxdl.xml"
    with mock.patch.object(stamp, "full_stamp", side_effect=AssertionError("a stat of each file")):
        assert stamp.folder_stamp(root) == first
    _installed(tmp_path, "1.1")  # an upgrade: a new RECORD
    upgraded = stamp.folder_stamp(root)
    assert upgraded.startswith("pkg-1.1.dist-info:") and upgraded != first
    assert nxdl.is_file()


def test_an_editable_or_unlisted_set_is_keyed_by_its_files(tmp_path: Path) -> None:
    editable = _installed(tmp_path / "a", "1.0", editable=True)
    assert stamp.installed_stamp(editable) == ""
    before = stamp.folder_stamp(editable)
    (editable / "base_classes" / "NXa.nxdl.xml").write_text(_NXDL + "\n", encoding="utf-8")
    assert stamp.folder_stamp(editable) not in ("", before)  # the edit is seen
    unlisted = _installed(tmp_path / "b", "1.0")
    (tmp_path / "b" / "pkg-1.0.dist-info" / "RECORD").write_text("pkg/__init__.py,,\n")
    assert stamp.installed_stamp(unlisted) == ""  # the RECORD does not own the folder
    assert stamp.folder_stamp(unlisted) == stamp.full_stamp(unlisted)
    assert stamp.installed_stamp(tmp_path) == ""  # no distribution at all


_FIELDS = (
    "from nxviz.definitions.compile import load_definitions; "
    "print(load_definitions('NXmine', {!r}).root.groups[0].fields[0].name)"
)


def _user_definition(folder: Path, field: str) -> Path:
    nxdl = folder / "NXmine.nxdl.xml"
    nxdl.write_text(
        '<definition xmlns="http://definition.nexusformat.org/nxdl/3.1" name="NXmine" '
        'type="group" extends="NXobject" category="application"><doc>mine</doc>'
        f'<group type="NXentry"><field name="{field}"/></group></definition>',
        encoding="utf-8",
    )
    return nxdl


def test_a_user_folder_edited_between_runs_compiles_afresh(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    env = {"NXVIZ_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""}

    def fields() -> str:
        run = [sys.executable, "-c", _FIELDS.format(str(folder))]
        return subprocess.run(run, capture_output=True, text=True, env=env, check=True).stdout

    nxdl = _user_definition(folder, "first")
    assert fields() == "first\n"
    assert fields() == "first\n"  # from the cache
    mtime = nxdl.stat().st_mtime_ns
    _user_definition(folder, "other")  # the same size
    os.utime(nxdl, ns=(mtime + 10**9, mtime + 10**9))
    assert fields() == "other\n"
