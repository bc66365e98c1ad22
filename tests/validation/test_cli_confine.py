"""``nxviz validate --root DIR``: nothing outside DIR is read on a file's behalf (without it the
CLI reads what h5py would, the user's own right)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nxviz.cli import main
from tests.hdf5.hostile import SECRET_TEXT, efl_absolute, efl_prefix, write_outside


def test_root_keeps_external_storage_outside_it_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "root"
    root.mkdir()
    efl_absolute(root, write_outside(tmp_path / "outside"))
    file = str(root / "efl_absolute.h5")

    main(["validate", "--format", "json", file])
    unconfined = capsys.readouterr().out
    main(["validate", "--format", "json", "--root", str(root), file])
    confined = capsys.readouterr().out

    assert SECRET_TEXT.decode() in unconfined  # read as h5py reads it: the definition's name
    assert SECRET_TEXT.decode() not in confined


def test_root_applies_to_what_the_prefix_variables_reach(tmp_path: Path) -> None:
    """HDF5 reads HDF5_EXTFILE_PREFIX when it starts: a new process shows it."""
    root = tmp_path / "root"
    root.mkdir()
    outside = write_outside(tmp_path / "outside")
    efl_prefix(root, outside)
    env = {**os.environ, "HDF5_EXTFILE_PREFIX": str(outside.folder)}

    def run(*options: str) -> str:
        command = [sys.executable, "-m", "nxviz", "validate", "--format", "json", *options]
        done = subprocess.run(
            [*command, str(root / "efl_prefix.h5")],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            check=False,
            timeout=120,
        )
        assert "Traceback" not in done.stderr
        return done.stdout + done.stderr

    assert SECRET_TEXT.decode() in run()
    assert SECRET_TEXT.decode() not in run("--root", str(root))


def test_root_must_be_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--root", str(tmp_path / "nope"), str(tmp_path)]) == 2
    assert "--root" in capsys.readouterr().err
