"""The gallery of real files: public facility files in ``tests/data/real``, pyFAI's own output
in ``tests/data/pyfai`` and files written at test time by facility software (nxtomo writes
NXtomo). Each file's findings are written down in
``tests/data/real/expected_findings.json`` with the NXDL line that decides each one.

To review a change of the validator against the gallery, regenerate the table and read the diff:
``python -m tests.validation.gallery`` (each added or removed line is a decision to check
against the NXDL text it names)."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from nxviz.definitions.locate import nxdl_line
from nxviz.validation.engine import validate
from nxviz.validation.issues import Code

REAL_DATA = Path(__file__).resolve().parents[1] / "data" / "real"
PYFAI_DATA = REAL_DATA.parent / "pyfai"
EXPECTED = REAL_DATA / "expected_findings.json"

#: What decides a finding that no NXDL member states: the NeXus rules themselves.
RULES: dict[Code, str] = {
    Code.INVALID_NAME: "NeXus naming rules (NXDL nxdl.xsd validItemName)",
    Code.MISSING_NX_CLASS: "NeXus: every group has an NX_class",
    Code.UNKNOWN_NX_CLASS: "NeXus: NX_class names a base class",
    Code.NX_CLASS_ON_FIELD: "NeXus: NX_class belongs to groups",
    Code.BROKEN_LINK: "HDF5: the link's target does not exist",
    Code.UNREADABLE: "HDF5: the object cannot be read",
    Code.UNKNOWN_DEFINITION: "NXentry/definition names a definition that does not exist",
    Code.LIMIT_REACHED: "the walk's limit",
}


def write_nxtomo(path: Path) -> None:
    """An NXtomo file written by nxtomo (the ESRF's NXtomo library), as a beamline writes one."""
    pint: Any = importlib.import_module("pint")  # untyped libraries: used as Any
    nxtomo: Any = importlib.import_module("nxtomo")
    ImageKey: Any = importlib.import_module("nxtomo.nxobject.nxdetector").ImageKey

    units = pint.get_application_registry()
    scan = nxtomo.NXtomo()
    scan.instrument.beam.incident_energy = 12.5 * units.keV
    scan.instrument.detector.data = np.arange(24, dtype=np.uint16).reshape(4, 3, 2)
    scan.instrument.detector.image_key_control = [
        ImageKey.DARK_FIELD,
        ImageKey.FLAT_FIELD,
        ImageKey.PROJECTION,
        ImageKey.PROJECTION,
    ]
    scan.instrument.detector.x_pixel_size = 1e-6 * units.m
    scan.instrument.detector.y_pixel_size = 1e-6 * units.m
    scan.instrument.detector.distance = 0.1 * units.m
    scan.sample.rotation_angle = np.array([0.0, 0.0, 0.0, 90.0]) * units.degree
    scan.save(str(path), data_path="entry0000", overwrite=True)


#: Files written at test time, by name: the function that writes one.
PRODUCED: dict[str, Callable[[Path], None]] = {"nxtomo_NXtomo.nx": write_nxtomo}


def decided_by(code: Code, nxdl: str) -> str:
    return nxdl_line(nxdl) if nxdl else RULES.get(code, "")


def findings(path: Path) -> list[dict[str, str]]:
    """A file's findings (errors and warnings) as the table holds them, sorted."""
    report = validate(path)
    return [
        {
            "path": i.path,
            "code": i.code.value,
            "nxdl": i.nxdl,
            "decided_by": decided_by(i.code, i.nxdl),
        }
        for i in report.issues
    ]


def gallery_files() -> list[Path]:
    kept = [*REAL_DATA.iterdir(), *PYFAI_DATA.iterdir()]
    return sorted((p for p in kept if p.suffix in (".h5", ".nxs", ".hdf5")), key=lambda p: p.name)


def main(scratch: Path) -> int:
    table: dict[str, list[dict[str, str]]] = {}
    for path in gallery_files():
        table[path.name] = findings(path)
    for name, write in PRODUCED.items():
        write(scratch / name)
        table[name] = findings(scratch / name)
    EXPECTED.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        sys.exit(main(Path(folder)))
