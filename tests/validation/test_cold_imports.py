"""``nxviz validate`` in a fresh process imports h5py only for a file that needs it: a file of
groups, numbers and strings reached by hard links is walked through HDF5's C functions alone
(h5py's import is about a quarter of a small file's cold start); a soft link, or a compound
brings h5py in. The findings are those the same command
prints in a process that has h5py (byte for byte)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.cli import main

_PROBE = """
import json, os, sys
from nxviz.validation import batch
from nxviz.cli import main

checked = batch.validate_one

def probe(file, options):  # runs in the worker process that checks the file
    outcome = checked(file, options)
    with open(os.environ["NXVIZ_PROBE"], "w") as out:
        out.write(json.dumps("h5py" in sys.modules))
    return outcome

batch.validate_one = probe
code = main(sys.argv[1:])
print(json.dumps({"code": code, "h5py": "h5py" in sys.modules}))
"""


def _fresh(folder: Path, *args: str) -> tuple[dict[str, object], str]:
    """In a new process: the command's exit code, whether the process that checked the file
    imported h5py, and what the command printed."""
    probe = folder / "probe.json"
    probe.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NXVIZ_PROBE": str(probe)},
    )
    *printed, last = done.stdout.splitlines()
    answer = json.loads(last)
    assert answer["h5py"] is False  # the command's own process never needs it
    return {"code": answer["code"], "h5py": json.loads(probe.read_text())}, "\n".join(
        printed
    ) + "\n"


def _entry(f: h5py.File) -> h5py.Group:
    f.attrs["default"] = "entry"
    entry = f.create_group("entry")
    entry.attrs["NX_class"] = "NXentry"
    entry["definition"] = "NXmx"
    entry["start_time"] = "2024-05-01T10:00:00+02:00"
    instrument = entry.create_group("instrument")
    instrument.attrs["NX_class"] = "NXinstrument"
    beam = instrument.create_group("beam")
    beam.attrs["NX_class"] = "NXbeam"
    beam["incident_wavelength"] = 0.98
    beam["incident_wavelength"].attrs["units"] = "angstrom"
    data = entry.create_group("data")
    data.attrs["NX_class"] = "NXdata"
    data.attrs["signal"] = "data"
    data["data"] = np.arange(12, dtype=np.uint16).reshape(3, 4)
    return entry


def _plain(f: h5py.File) -> None:
    _entry(f)


def _soft_link(f: h5py.File) -> None:
    entry = _entry(f)
    entry["instrument/beam/wavelength_alias"] = h5py.SoftLink("/entry/data/data")


def _compound(f: h5py.File) -> None:
    entry = _entry(f)
    entry["sample"] = np.zeros(2, dtype=[("x", "f8"), ("y", "i4")])


CASES: dict[str, tuple[Callable[[h5py.File], None], bool]] = {
    "plain": (_plain, False),
    "soft_link": (_soft_link, True),
    "compound": (_compound, True),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_h5py_is_imported_only_for_a_file_that_needs_it(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write, needs_h5py = CASES[name]
    path = tmp_path / f"{name}.nxs"
    with h5py.File(path, "w") as f:
        write(f)
    for args in (["validate", str(path)], ["validate", str(path), "--format", "json", "-v"]):
        probe, printed = _fresh(tmp_path, *args)
        assert probe["h5py"] is needs_h5py
        code = main(args)  # this process has h5py: the file opened and walked through it
        assert probe["code"] == code
        assert printed == capsys.readouterr().out


def test_a_file_that_is_not_hdf5_is_refused_without_h5py(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.nxs"
    bogus.write_text("not HDF5")
    probe, _ = _fresh(tmp_path, "validate", str(bogus))
    assert probe == {"code": 2, "h5py": False}
