"""Regenerate ``steel_map.h5`` (a spectra cube) and ``steel_map_fit.h5`` (PyMca's fit of it).

Needs pymca5 (``pip install -e ".[regen]"``); the tests only read the files written here.

The cube is 20 rows x 16 columns x 2048 channels, built from PyMca's bundled sample spectrum
``PyMcaData/Steel.spe`` (a steel sample, 2048 channels). Each pixel is that spectrum scaled,
with the channels around three elements' lines made brighter in known regions, then Poisson
noise (seeded):

- Cu (K lines) x4 in rows 2-7, columns 2-7 (a rectangle);
- Pb (L lines) x5 in a disk of radius 3 around row 13, column 11;
- Ni (K lines) x3 in rows 15-19, columns 0-5.

The cube is written with h5py as an NXdata (energy axis in keV from the configuration's
calibration), chunked one row per chunk, gzip. PyMca's fast linear fit (``FastXRFLinearFit``)
then fits every pixel with the bundled configuration ``PyMcaData/Steel.cfg`` (elements Fe, Cr,
Mn, Ni, Cu, V, As, W, Pb) with its background set to SNIP, which the fast fit requires, with
concentrations, and writes its own HDF5 output (parameters, uncertainties, mass fractions,
fitted model, residuals, the measured data and the configuration) with its own
``OutputBuffer``. PyMca stores its datasets uncompressed (32 MB for 40 x 30 pixels, hence the
small map); the file kept is PyMca's, repacked: every
object copied as it is (names, attributes, types, shapes, values) except that the 2-D and 3-D
datasets are stored gzip-compressed (``repack``).

Run from the repository: ``python tests/data/xrf/make_pymca.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent
CUBE = HERE / "steel_map.h5"
FIT = HERE / "steel_map_fit.h5"
ROWS, COLS = 20, 16
SEED = 16
#: element -> (factor, region as a boolean function of (row, col) grids)
BRIGHTER = {
    "Cu": (4.0, lambda r, c: (r >= 2) & (r < 8) & (c >= 2) & (c < 8)),
    "Pb": (5.0, lambda r, c: (r - 13) ** 2 + (c - 11) ** 2 <= 9),
    "Ni": (3.0, lambda r, c: (r >= 15) & (c < 6)),
}
#: lines made brighter per element (xraylib-free: PyMca's own element data)
LINE_GROUPS = {"Cu": "K", "Pb": "L", "Ni": "K"}


def _pymca_data() -> Path:
    from PyMca5 import PyMcaDataDir

    return Path(PyMcaDataDir.PYMCA_DATA_DIR)


def _spectrum(data_dir: Path) -> np.ndarray:
    from PyMca5.PyMcaIO import specfilewrapper

    sf = specfilewrapper.Specfile(str(data_dir / "Steel.spe"))
    counts = np.asarray(sf[0].mca(1), dtype=np.float64)
    sf = None
    return counts


def _calibration(data_dir: Path) -> tuple[float, float]:
    from PyMca5.PyMcaIO import ConfigDict

    config = ConfigDict.ConfigDict()
    config.read(str(data_dir / "Steel.cfg"))
    return float(config["detector"]["zero"]), float(config["detector"]["gain"])


def _line_profile(element: str, energy: np.ndarray) -> np.ndarray:
    """Where the element's lines of the group lie: Gaussians (FWHM ~0.16 keV) weighted by
    PyMca's own line rates."""
    from PyMca5.PyMcaPhysics import Elements

    group = LINE_GROUPS[element]
    profile = np.zeros_like(energy)
    info = Elements.Element[element]
    for transition in info[f"{group} xrays"]:
        line = info[transition]
        sigma = 0.16 / 2.3548
        profile += line["rate"] * np.exp(-0.5 * ((energy - line["energy"]) / sigma) ** 2)
    return profile / profile.max()


def make_cube() -> np.ndarray:
    data_dir = _pymca_data()
    base = _spectrum(data_dir)
    zero, gain = _calibration(data_dir)
    energy = zero + gain * np.arange(base.size)
    rng = np.random.default_rng(SEED)
    r, c = np.mgrid[0:ROWS, 0:COLS]
    scale = 0.05 * (1.0 + 0.3 * np.sin(c / 5.0) * np.cos(r / 7.0))  # a smooth thickness
    expected = scale[:, :, None] * base[None, None, :]
    for element, (factor, where) in BRIGHTER.items():
        profile = _line_profile(element, energy)
        region = where(r, c)
        expected[region] *= 1.0 + (factor - 1.0) * profile
    cube = rng.poisson(expected).astype(np.uint32)
    with h5py.File(CUBE, "w") as f:
        f.attrs["default"] = "entry"
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry.attrs["default"] = "spectra"
        entry["title"] = "XRF map built from PyMca's Steel.spe"
        data = entry.create_group("spectra")
        data.attrs["NX_class"] = "NXdata"
        data.attrs["signal"] = "counts"
        data.attrs["axes"] = ["y", "x", "energy"]
        counts = data.create_dataset(
            "counts", data=cube, chunks=(1, COLS, base.size), compression="gzip", shuffle=True
        )
        counts.attrs["units"] = "counts"
        data["energy"] = energy
        data["energy"].attrs["units"] = "keV"
        data["y"] = np.arange(ROWS) * 0.1
        data["y"].attrs["units"] = "mm"
        data["x"] = np.arange(COLS) * 0.1
        data["x"].attrs["units"] = "mm"
    return cube


def fit(cube: np.ndarray) -> None:
    from PyMca5.PyMcaIO import ConfigDict
    from PyMca5.PyMcaPhysics.xrf.FastXRFLinearFit import FastXRFLinearFit
    from PyMca5.PyMcaPhysics.xrf.XRFBatchFitOutput import OutputBuffer

    config = ConfigDict.ConfigDict()
    config.read(str(_pymca_data() / "Steel.cfg"))
    config["fit"]["stripalgorithm"] = 1  # SNIP: the fast linear fit requires it
    fast = FastXRFLinearFit()
    fast.setFitConfiguration(config)
    with tempfile.TemporaryDirectory() as tmp:
        out = OutputBuffer(
            outputDir=tmp,
            outputRoot="steel_map_fit",
            fileEntry="steel_map",
            h5=True,
            saveResiduals=True,
            saveFit=True,
            saveData=True,
            overwrite=True,
        )
        with out.saveContext():
            fast.fitMultipleSpectra(y=cube, weight=0, refit=1, concentrations=1, outbuffer=out)
        written = sorted(Path(tmp).rglob("*.h5"))
        if len(written) != 1:
            raise RuntimeError(f"PyMca wrote {written}, one .h5 file expected")
        repack(written[0], FIT)


def repack(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target``: the same objects, arrays of 2 or more dimensions gzipped."""
    with h5py.File(source, "r") as src, h5py.File(target, "w") as dst:
        for key, value in src.attrs.items():
            dst.attrs[key] = value

        def copy(name: str, obj: h5py.HLObject) -> None:
            if isinstance(obj, h5py.Group):
                group = dst.require_group(name)
                for key, value in obj.attrs.items():
                    group.attrs[key] = value
            elif obj.ndim >= 2:
                data = dst.create_dataset(
                    name,
                    data=obj[()],
                    dtype=obj.dtype,
                    chunks=obj.chunks or True,
                    compression="gzip",
                    compression_opts=9,
                    shuffle=True,
                )
                for key, value in obj.attrs.items():
                    data.attrs[key] = value
            else:
                src.copy(obj, dst, name)

        src.visititems(copy)


def main() -> None:
    cube = make_cube()
    fit(cube)
    import PyMca5

    print(f"wrote {CUBE.name} and {FIT.name} with PyMca {PyMca5.version()}")


if __name__ == "__main__":
    main()
