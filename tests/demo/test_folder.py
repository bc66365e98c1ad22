"""Where the demo may write: its own folder (rewritten), an empty one, never a stranger's."""

from __future__ import annotations

from pathlib import Path

import h5py
import pytest

import nxviz.demo
from nxviz.demo import MARKER, scan, write_demo
from nxviz.errors import FileAccessError, UsageError
from tests.demo_data import WrittenDemo


@pytest.fixture
def scan_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the fastest writer: these tests are about the folder, not the files."""
    monkeypatch.setattr(nxviz.demo, "WRITERS", (scan.write,))


def test_whole_data_set_is_written_into_the_folder(demo: WrittenDemo) -> None:
    names = {path.name for path in demo.paths}
    assert {
        "eiger_master.nxs",
        "eiger_data_000001.h5",
        "eiger_data_000002.h5",
        "tomo_volume.nxs",
        "tomo_reconstruction.nxs",
        "xas_spectrum.nxs",
        "xrf_map.nxs",
        "xrf_steel_map.h5",
        "xrf_steel_map_fit.h5",
        "scan_1d.nxs",
        "defects.nxs",
    } <= names
    assert all(path.parent == demo.directory and path.is_file() for path in demo.paths)


def test_refuses_a_non_empty_folder_that_is_not_its_own(tmp_path: Path, scan_only: None) -> None:
    (tmp_path / "thesis.tex").write_text("precious")
    with pytest.raises(UsageError) as caught:
        write_demo(tmp_path)
    assert "\n" not in caught.value.message
    assert str(tmp_path) in caught.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.tex"]


def test_refuses_a_file_in_place_of_the_folder(tmp_path: Path, scan_only: None) -> None:
    target = tmp_path / "demo"
    target.write_text("")
    with pytest.raises(UsageError):
        write_demo(target)


def test_force_writes_into_a_foreign_folder_and_keeps_its_files(
    tmp_path: Path, scan_only: None
) -> None:
    (tmp_path / "thesis.tex").write_text("precious")
    written = write_demo(tmp_path, force=True)
    assert (tmp_path / "thesis.tex").read_text() == "precious"
    assert tmp_path / "scan_1d.nxs" in written
    assert (tmp_path / MARKER).is_file()


def test_creates_a_missing_folder_and_rewrites_its_own(tmp_path: Path, scan_only: None) -> None:
    target = tmp_path / "new" / "demo"
    write_demo(target)
    scan_file = target / "scan_1d.nxs"
    with h5py.File(scan_file, "a") as file:
        del file["/entry/data"]
    write_demo(target)
    with h5py.File(scan_file, "r") as file:
        assert file["/entry/data/data"].shape == (scan.POINTS,)


def test_a_folder_that_cannot_be_created_is_a_usage_error(tmp_path: Path, scan_only: None) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(UsageError, match="cannot create"):
        write_demo(tmp_path / "file" / "demo")


def test_a_failing_write_is_a_file_access_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(directory: Path) -> list[Path]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(nxviz.demo, "WRITERS", (scan.write, full_disk))
    with pytest.raises(FileAccessError, match="No space left on device") as caught:
        write_demo(tmp_path)
    assert "\n" not in caught.value.message
