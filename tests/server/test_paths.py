"""resolve_under_root: what a request's ``file`` may name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nxviz.errors import FileAccessError, OutsideRootError, UsageError
from nxviz.server.paths import resolve_under_root


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "root" / "sub").mkdir(parents=True)
    (tmp_path / "root" / "sub" / "a.h5").write_bytes(b"x")
    (tmp_path / "root" / ".hidden.h5").write_bytes(b"x")
    (tmp_path / "outside.h5").write_bytes(b"x")
    return tmp_path / "root"


def test_relative_path_resolves_inside_root(root: Path) -> None:
    assert resolve_under_root(root, "sub/a.h5") == (root / "sub" / "a.h5").resolve()


@pytest.mark.parametrize("file", ["", "   ", None], ids=["empty", "blank", "missing"])
def test_usage_error_on_missing_file(root: Path, file: str | None) -> None:
    with pytest.raises(UsageError):
        resolve_under_root(root, file)


@pytest.mark.parametrize(
    "file",
    ["../outside.h5", "sub/../../outside.h5", "/etc/passwd"],
    ids=["dotdot", "nested", "absolute"],
)
def test_outside_root_refused(root: Path, file: str) -> None:
    with pytest.raises(OutsideRootError):
        resolve_under_root(root, file)


def test_symlink_leaving_root_refused(root: Path) -> None:
    os.symlink(root.parent / "outside.h5", root / "link.h5")
    with pytest.raises(OutsideRootError):
        resolve_under_root(root, "link.h5")


def test_symlink_inside_root_allowed(root: Path) -> None:
    os.symlink(root / "sub" / "a.h5", root / "alias.h5")
    assert resolve_under_root(root, "alias.h5") == (root / "sub" / "a.h5").resolve()


def test_hidden_file_refused_unless_allowed(root: Path) -> None:
    with pytest.raises(OutsideRootError):
        resolve_under_root(root, ".hidden.h5")
    assert resolve_under_root(root, ".hidden.h5", allow_hidden=True).name == ".hidden.h5"


def test_missing_file_and_folder_are_access_errors(root: Path) -> None:
    with pytest.raises(FileAccessError):
        resolve_under_root(root, "nope.h5")
    with pytest.raises(FileAccessError):
        resolve_under_root(root, "sub")
