"""Regenerate the pyFAI files beside this script: a LaB6 powder pattern integrated by pyFAI.

Needs pyFAI (``pip install -e ".[regen]"``); the tests only read the files written here.

The pattern: pyFAI's bundled LaB6 calibrant, at 1.0 Å, on pyFAI's Pilatus 1M (981 x 1043
pixels of 172 µm, with its module gaps), 0.2 m from the sample, the beam near the detector's
centre and the detector slightly tilted. pyFAI's own ``fake_calibration_image`` draws the rings
(Gaussian rings of 0.1° width); a smooth background and Poisson noise (seeded) are added. The
image itself is not kept (5 MB); it is what each file below integrates:

- ``lab6_integrate1d.h5``: pyFAI's command-line integration (``pyFAI-integrate --no-gui``,
  its ``HDF5Writer``) of the image to I(q), 1000 bins in q (Å⁻¹), Poisson errors;
- ``lab6_integrate2d.h5``: the same command with 360 azimuthal bins: the cake I(χ, q),
  360 x 500 bins;
- ``lab6_nxmonopd.h5``: ``integrate1d`` to I(q) written with ``pyFAI.io.nexus.save_NXmonpd``
  (the NXmonopd application definition);
- ``lab6_nxazint1d.h5``: the same result written with ``save_NXazint1d`` (NXazint1d);
- ``lab6_nxcansas.h5``: the same result written with ``save_NXcansas`` (NXcanSAS).

Each file is pyFAI's output as pyFAI wrote it, with one change: pyFAI records the absolute
path of the file (the root's ``@file_name``) and of the running script (``program`` of the
command's NXprocess), which would put this machine's folders in the repository. pyFAI writes
into a temporary folder; ``publish`` then copies every object of the root as it is (HDF5's
object copy: names, attributes, types, layouts, hard links) into the kept file, with
``@file_name`` set to the file's name and ``program`` to ``pyFAI-integrate``. LaB6's q values
for the checks are ``2π/d`` of ``pyFAI.calibrant.get_calibrant("LaB6").dSpacing``.

Run from the repository: ``python tests/data/pyfai/make_pyfai.py``.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
SEED = 13
WAVELENGTH = 1.0e-10  # m
DISTANCE = 0.2  # m
BINS_1D = 1000
BINS_2D = (360, 500)  # azimuthal, radial
UNIT = "q_A^-1"


def integrator() -> Any:
    import pyFAI.detectors
    from pyFAI.integrator.azimuthal import AzimuthalIntegrator

    detector = pyFAI.detectors.detector_factory("Pilatus1M")
    return AzimuthalIntegrator(
        dist=DISTANCE,
        poni1=0.46 * detector.shape[0] * detector.pixel1,
        poni2=0.53 * detector.shape[1] * detector.pixel2,
        rot1=0.012,
        rot2=-0.008,
        detector=detector,
        wavelength=WAVELENGTH,
    )


def image(ai: Any) -> np.ndarray:
    from pyFAI.calibrant import get_calibrant

    calibrant = get_calibrant("LaB6")
    calibrant.wavelength = WAVELENGTH
    rings = calibrant.fake_calibration_image(ai, Imax=2000.0, resolution=0.1)
    background = 40.0 + 20.0 * np.exp(-ai.array_from_unit(unit="q_A^-1") / 2.0)
    rng = np.random.default_rng(SEED)
    counts = rng.poisson(np.clip(rings + background, 0, None)).astype(np.int32)
    counts[ai.detector.mask.astype(bool)] = -1  # Pilatus gaps, as the detector writes them
    return counts


def integrate_with_the_command(
    ai: Any, frame: np.ndarray, out: Path, azimuthal: int | None
) -> None:
    """What ``pyFAI-integrate --no-gui -j config.json -o out.h5 --delete image.edf`` does."""
    import fabio
    from pyFAI.app import integrate
    from pyFAI.worker import Worker

    worker = Worker(
        azimuthalIntegrator=ai,
        shapeOut=(azimuthal or 1, BINS_2D[1] if azimuthal else BINS_1D),
        unit=UNIT,
        dummy=-1,
        delta_dummy=0.5,
        method=("full", "csr", "cython"),
        extra_options={"error_model": "poisson"},
    )
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.json"
        worker.save_config(str(config))
        edf = Path(tmp) / "lab6.edf"
        fabio.edfimage.EdfImage(data=frame).write(str(edf))
        code = integrate._main(
            ["--no-gui", "-j", str(config), "-o", str(out), "--delete", str(edf)]
        )
    if code not in (0, None):
        raise RuntimeError(f"pyFAI-integrate stopped with {code}")


def publish(written: Path, kept: Path) -> None:
    """``written`` copied into ``kept`` without the machine's paths (see the docstring)."""
    import h5py

    with h5py.File(written, "r+") as src:
        for name in src:
            program = src[name].get("integrate/program")
            if isinstance(program, h5py.Dataset):
                program[()] = "pyFAI-integrate"
        with h5py.File(kept, "w") as dst:
            for key, value in src.attrs.items():
                dst.attrs[key] = kept.name if key == "file_name" else value
            for name in src:
                src.copy(src[name], dst, name=name)


def main() -> None:
    import pyFAI

    logging.basicConfig(level=logging.WARNING)
    ai = integrator()
    frame = image(ai)
    with tempfile.TemporaryDirectory() as tmp:
        written = Path(tmp)
        write_all(ai, frame, written)
        for path in sorted(written.glob("*.h5")):
            publish(path, HERE / path.name)
    print(f"pyFAI {pyFAI.version}: wrote", *sorted(p.name for p in HERE.glob("*.h5")))


def write_all(ai: Any, frame: np.ndarray, out: Path) -> None:
    from pyFAI.io.nexus import save_NXazint1d, save_NXcansas, save_NXmonpd

    integrate_with_the_command(ai, frame, out / "lab6_integrate1d.h5", None)
    integrate_with_the_command(ai, frame, out / "lab6_integrate2d.h5", BINS_2D[0])
    result = ai.integrate1d(
        frame,
        BINS_1D,
        unit=UNIT,
        dummy=-1,
        delta_dummy=0.5,
        error_model="poisson",
        method=("full", "csr", "cython"),
    )
    title = "LaB6 powder, simulated"
    save_NXmonpd(str(out / "lab6_nxmonopd.h5"), result, title=title, sample="LaB6")
    save_NXazint1d(str(out / "lab6_nxazint1d.h5"), result, sample="LaB6")
    save_NXcansas(str(out / "lab6_nxcansas.h5"), result, title=title, sample="LaB6")


if __name__ == "__main__":
    main()
