"""guarded(): what h5py raises on a damaged or changing file, as one readable nxviz error."""

from __future__ import annotations

import os
from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.errors import DamagedFileError, EntityNotFoundError, FileChangedError
from nxviz.hdf5.guard import guarded


def _file(path: Path) -> Path:
    with h5py.File(path, "w") as f:
        f["x"] = np.arange(3)
    return path


def _h5py_error(path: Path) -> None:
    """An error raised from inside h5py: a group opened as a file's member that is not there."""
    with h5py.File(path, "r", locking=False) as f:
        f["nope"]


def test_an_error_from_inside_h5py_is_a_damaged_file(tmp_path: Path):
    path = _file(tmp_path / "a.h5")
    with pytest.raises(DamagedFileError) as raised:
        guarded(path, _h5py_error, path)
    assert raised.value.message.startswith("a.h5: ")
    assert str(tmp_path) not in raised.value.message


def test_an_error_on_a_file_that_changed_meanwhile_is_a_409(tmp_path: Path):
    path = _file(tmp_path / "a.h5")

    def rewritten_then_failed() -> None:
        _file(path)
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
        _h5py_error(path)

    with pytest.raises(FileChangedError) as raised:
        guarded(path, rewritten_then_failed)
    assert "changed while it was read; try again" in raised.value.message


def test_a_missing_entity_on_a_changed_file_is_a_409_and_stays_404_otherwise(tmp_path: Path):
    path = _file(tmp_path / "a.h5")

    def missing(change: bool) -> None:
        if change:
            path.write_bytes(path.read_bytes() + b"\0")
        raise EntityNotFoundError("/x: no such entity")

    with pytest.raises(EntityNotFoundError):
        guarded(path, missing, False)
    with pytest.raises(FileChangedError):
        guarded(path, missing, True)


def test_a_bug_of_nxviz_stays_a_bug(tmp_path: Path):
    path = _file(tmp_path / "a.h5")

    def bug() -> None:
        raise KeyError("not from h5py")

    with pytest.raises(KeyError):
        guarded(path, bug)
