"""pyFAI's own output (tests/data/pyfai): each file's plot is I(q) or the cake I(χ, q) on q in
Å⁻¹, its labels written out as text, and the peaks on the axis the server names sit at LaB6's q.
"""

from __future__ import annotations

import json
import shutil
from typing import Any

import h5py
import numpy as np
import pytest

from tests.conftest import PYFAI_DATA
from tests.server.helpers import get_json

#: LaB6's cubic cell (NIST SRM 660c, the cell pyFAI's LaB6 calibrant is computed from), Å
LAB6_A = 4.1568
#: h² + k² + l² of its first reflections (primitive cubic: every hkl; 7 is no sum of 3 squares)
LAB6_HKL_SQUARES = np.array([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14])
LAB6_Q = 2 * np.pi * np.sqrt(LAB6_HKL_SQUARES) / LAB6_A

Q_LABEL = "(Å⁻¹)"

#: file -> (the NXdata, the signal's dimensions, its q axis's label)
PYFAI_FILES = {
    "lab6_integrate1d.h5": (
        "/entry_0000/integrate/results",
        [1, 1000],
        "Diffraction radial direction q (Å⁻¹)",
    ),
    "lab6_integrate2d.h5": (
        "/entry_0000/integrate/results",
        [1, 360, 500],
        "Diffraction radial direction q (Å⁻¹)",
    ),
    "lab6_nxmonopd.h5": ("/entry/results", [1000], "Scattering vector q (Å⁻¹)"),
    "lab6_nxazint1d.h5": ("/entry/data", [1, 1000], "q (1/angstrom)"),
    "lab6_nxcansas.h5": ("/entry/sasdata", [1000], "Scattering vector q (Å⁻¹)"),
}


def peaks(values: np.ndarray, half_width: int = 6) -> np.ndarray:
    """Indices of the local maxima (over ±half_width bins) standing above twice the median."""
    floor = 2 * np.median(values[values > 0])
    found = []
    for i in range(half_width, values.size - half_width):
        window = values[i - half_width : i + half_width + 1]
        if values[i] > floor and values[i] == window.max():
            found.append(i)
    return np.array(found)


def profile(path: Any, signal: str) -> np.ndarray:
    """The signal as a radial profile: its single row, or the cake's mean over χ (empty bins,
    0, left out)."""
    with h5py.File(path, "r") as f:
        values = np.asarray(f[signal][()], dtype=np.float64)
    values = values.reshape(-1, values.shape[-1])
    counted = (values > 0).sum(axis=0)
    return np.where(counted > 0, values.sum(axis=0) / np.maximum(counted, 1), 0.0)


@pytest.mark.parametrize("name", sorted(PYFAI_FILES))
async def test_pyfai_output_is_read_on_q_with_peaks_at_lab6(jp_fetch, jp_root_dir, name):
    shutil.copy(PYFAI_DATA / name, jp_root_dir / name)
    group, shape, q_label = PYFAI_FILES[name]

    plot = await get_json(jp_fetch, "plot", file=name)

    assert (plot["kind"], plot["path"], plot["chosen_by"]) == ("nxdata", group, "default")
    nxdata = plot["nxdata"]
    assert nxdata["signal"]["shape"] == shape
    q = nxdata["dimension_axes"][-1]
    assert q["label"] == q_label and q["order"] == "increasing"
    assert all(axis is None for axis in nxdata["dimension_axes"][: len(shape) - 2])
    with h5py.File(jp_root_dir / name, "r") as f:
        q_values = f[q["path"]][()]
    found = q_values[peaks(profile(jp_root_dir / name, nxdata["signal"]["path"]))]
    in_range = LAB6_Q[(LAB6_Q > q_values[0]) & (LAB6_Q < q_values[-1])]
    assert len(found) == len(in_range) >= 4, (found, in_range)
    bin_width = (q_values[-1] - q_values[0]) / (q_values.size - 1)
    assert np.abs(found - in_range).max() <= bin_width


async def test_the_cake_is_chi_by_q_with_errors(jp_fetch, jp_root_dir):
    shutil.copy(PYFAI_DATA / "lab6_integrate2d.h5", jp_root_dir / "cake.h5")

    nxdata = (await get_json(jp_fetch, "plot", file="cake.h5"))["nxdata"]

    frame, chi, q = nxdata["dimension_axes"]
    assert frame is None
    assert (chi["path"], chi["label"]) == (
        "/entry_0000/integrate/results/chi",
        "Azimuthal angle χ (degree)",
    )
    assert q["path"] == "/entry_0000/integrate/results/radial"
    assert nxdata["errors"]["path"] == "/entry_0000/integrate/results/data_errors"
    assert nxdata["scales"] is None


async def test_tex_markup_and_pyfai_unit_names_are_shown_as_text(jp_fetch, jp_root_dir):
    fields = {
        # name: (long_name, units, label)
        "tex": ("Scattering vector $q$ ($\\AA^{-1}$)", "q_A^-1", "Scattering vector q (Å⁻¹)"),
        "degrees": ("$2\\theta$ ($^{\\circ}$)", "degrees", "2θ (°)"),
        "roman": ("$\\mathrm{d}$-spacing", "1/A", "d-spacing (1/A)"),
        "same": ("q (Å⁻¹)", "1/angstrom", "q (Å⁻¹)"),
        "pyfai": (None, "2th_deg", "pyfai (deg)"),
        "ampere": ("current", "A", "current (A)"),  # a plain A stays an ampere
        "plain": ("Energy", "keV", "Energy (keV)"),
    }
    with h5py.File(jp_root_dir / "tex.h5", "w") as f:
        f.create_group("entry").attrs["NX_class"] = "NXentry"
        data = f.create_group("entry/data")
        data.attrs["NX_class"] = "NXdata"
        data.attrs["signal"] = "I"
        data.attrs["axes"] = ["tex"]
        data.attrs["auxiliary_signals"] = [n for n in fields if n != "tex"]
        data["I"] = np.ones(4)
        for name, (long_name, units, _) in fields.items():
            data[name] = np.arange(4.0)
            data[name].attrs["units"] = units
            if long_name is not None:
                data[name].attrs["long_name"] = long_name

    nxdata = (await get_json(jp_fetch, "plot", file="tex.h5"))["nxdata"]

    shown = [nxdata["dimension_axes"][0]] + nxdata["auxiliary_signals"]
    assert {field["name"]: field["label"] for field in shown} == {
        name: expected for name, (_, _, expected) in fields.items()
    }
    assert nxdata["dimension_axes"][0]["units"] == "q_A^-1"  # the attribute, as written


CAKE = "/entry_0000/integrate/results/data"


async def test_the_cakes_empty_bins_are_no_data_left_out_of_its_statistics(jp_fetch, jp_root_dir):
    """pyFAI fills the bins no pixel reached with its dummy value (−1, named in the worker's
    configuration beside the results): the image and stats leave them out and say which value
    it is; they come back as NaN (no data) in the image."""
    shutil.copy(PYFAI_DATA / "lab6_integrate2d.h5", jp_root_dir / "cake.h5")
    with h5py.File(jp_root_dir / "cake.h5", "r") as f:
        cake = f[CAKE][0].astype(np.float64)
    empty = cake == -1
    assert 0 < empty.sum() < cake.size

    response = await jp_fetch(
        "nxviz",
        "api",
        "image",
        params={"file": "cake.h5", "path": CAKE, "selection": "0", "width": 500, "height": 360},
    )
    meta = json.loads(response.headers["X-Nxviz-Image"])
    body = np.frombuffer(response.body, dtype="<f4").reshape(meta["image_shape"])
    assert meta["no_data"] == -1.0
    assert meta["excluded"] == int(empty.sum())
    assert meta["min"] == pytest.approx(cake[~empty].min())
    assert np.isnan(body[empty]).all() and np.isfinite(body[~empty]).all()

    stats = await get_json(jp_fetch, "stats", file="cake.h5", path=CAKE, selection="0")
    assert stats["no_data"] == -1.0
    assert stats["min"] == pytest.approx(cake[~empty].min())
    assert stats["excluded"] == int(empty.sum())


async def test_a_float_dataset_without_pyfais_configuration_keeps_its_minus_ones(
    jp_fetch, jp_root_dir
):
    """−1 is a value like any other where no producer's configuration names it."""
    with h5py.File(jp_root_dir / "plain.h5", "w") as f:
        process = f.create_group("entry/process")
        process.attrs["NX_class"] = "NXprocess"
        results = process.create_group("results")
        results.attrs["NX_class"] = "NXdata"
        results["data"] = np.array([[-1.0, 2.0], [3.0, 4.0]])
        note = process.create_group("configuration")
        note.attrs["NX_class"] = "NXnote"
        note["data"] = json.dumps({"unit": "q_A^-1"})  # no dummy named

    stats = await get_json(jp_fetch, "stats", file="plain.h5", path="/entry/process/results/data")

    assert stats["no_data"] is None
    assert (stats["min"], stats["excluded"]) == (-1.0, 0)
