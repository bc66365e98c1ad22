"""``nxviz.plot(..., xrf=...)``: a pixel's spectrum and a PyMca result's mosaic, checked through
the figure's artists against h5py reads."""

from __future__ import annotations

from pathlib import Path

import h5py
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.image import AxesImage

import nxviz
from nxviz.errors import UsageError
from tests.xrf.factories import CUBE_FILE, FIT_FILE, FIT_PROCESS, write_nxdata_cube

FIT = f"{FIT_PROCESS}/results/fit"


def test_a_pymca_pixel_shows_measured_model_and_residuals_as_written() -> None:
    ax = nxviz.plot(FIT_FILE, FIT_PROCESS, xrf={"pixel": [13, 11], "elements": ["Pb"]})
    lines = {line.get_label(): line for line in ax.get_lines() if line.get_gid() is None}
    assert set(lines) == {"measured", "model", "residuals"}
    with h5py.File(FIT_FILE, "r") as f:
        energy = f[f"{FIT}/energy"][()]
        for name, dataset in (("measured", "data"), ("model", "model"), ("residuals", "residuals")):
            np.testing.assert_array_equal(
                lines[name].get_ydata(), f[f"{FIT}/{dataset}"][13, 11].astype(np.float64)
            )
            np.testing.assert_allclose(lines[name].get_xdata(), energy)
    assert ax.get_xlabel() == "Energy (keV)"
    marks = [line for line in ax.get_lines() if line.get_gid() == "emission-line"]
    assert marks and any(abs(m.get_xdata()[0] - 10.5512) < 1e-3 for m in marks)  # Pb Lα1
    assert any(t.get_text() == "Pb Lα1" for t in ax.texts)


def test_a_cube_pixel_shows_its_counts(tmp_path: Path) -> None:
    values = write_nxdata_cube(tmp_path / "cube.nxs")
    ax = nxviz.plot(tmp_path / "cube.nxs", "/entry/data", xrf={"pixel": [5, 6], "log": True})
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), values[5, 6])
    assert ax.get_yscale() == "symlog"


def test_the_mosaic_has_one_tile_per_fitted_line_named_as_pymca_names_it() -> None:
    first = nxviz.plot(FIT_FILE, "/", xrf={"maps": "parameters"})
    tiles = [a for a in first.figure.axes if a.images]
    with h5py.File(FIT_FILE, "r") as f:
        group = f[f"{FIT_PROCESS}/results/parameters"]
        lines = sorted(n for n in group if not n.startswith("Scatter"))
        expected = {n.replace("_", " "): group[n][()] for n in lines}
    assert sorted(t.get_title() for t in tiles) == sorted(expected)
    for tile in tiles:
        (image,) = [a for a in tile.get_children() if isinstance(a, AxesImage)]
        np.testing.assert_array_equal(image.get_array(), expected[tile.get_title()])
    # individual colour scales: each tile's limits are its own map's
    cu = next(t for t in tiles if t.get_title() == "Cu K").images[0]
    assert cu.norm.vmax == pytest.approx(float(expected["Cu K"].max()))


def test_a_shared_scale_gives_every_tile_the_same_limits() -> None:
    first = nxviz.plot(FIT_FILE, "/", xrf={"maps": "massfractions", "scale": "shared"})
    limits = {(t.images[0].norm.vmin, t.images[0].norm.vmax) for t in first.figure.axes if t.images}
    assert len(limits) == 1


@pytest.mark.parametrize(
    "option",
    [{"pixel": [1]}, {"maps": "everything"}, {"pixel": [1, 1], "maps": "parameters"}, {"zoom": 2}],
)
def test_a_bad_xrf_option_is_a_usage_error(option: dict[str, object]) -> None:
    with pytest.raises(UsageError):
        nxviz.plot(FIT_FILE, "/", xrf=option)


def test_a_cube_has_no_mosaic() -> None:
    with pytest.raises(UsageError):
        nxviz.plot(CUBE_FILE, "/", xrf={"maps": "parameters"})
    plt.close("all")
