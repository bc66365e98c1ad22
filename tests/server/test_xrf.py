"""GET /nxviz/api/xrf*: cubes written with h5py and PyMca's own fit output, against numpy."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest
from matplotlib.path import Path as Polygon

from tests.server.helpers import get_error, get_json
from tests.xrf.factories import (
    BRIGHT_COLS,
    BRIGHT_ENERGY,
    BRIGHT_ROWS,
    CHANNELS,
    COLS,
    CUBE_FILE,
    FIT_FILE,
    FIT_PROCESS,
    ROWS,
    energy_axis,
    write_fluo_cube,
    write_image_stack,
    write_nxdata_cube,
)

CUBE = "/entry/data/spectra"
LAYOUTS = {
    "row-chunks-gzip-shuffle": {},
    "row-chunks-gzip": {"shuffle": False},
    "small-chunks-gzip": {"chunks": (4, 5, 64)},
    "contiguous": {"chunks": None, "compression": None},
    "float32-row-chunks": {"dtype": "float32"},
}


async def get_map(jp_fetch: Any, **params: object) -> tuple[np.ndarray, Any]:
    response = await jp_fetch("nxviz", "api", "xrf", "map", params=params)
    assert response.headers["Content-Type"] == "application/octet-stream"
    shape = [int(n) for n in response.headers["X-Nxviz-Shape"].split(",")]
    return np.frombuffer(response.body, "<f4").reshape(shape), response.headers


@pytest.fixture(params=list(LAYOUTS))
def cube(request: pytest.FixtureRequest, jp_root_dir: Path) -> np.ndarray:
    return write_nxdata_cube(jp_root_dir / "cube.nxs", **LAYOUTS[request.param])


@pytest.fixture
def pymca(jp_root_dir: Path) -> Path:
    shutil.copyfile(FIT_FILE, jp_root_dir / "fit.h5")
    shutil.copyfile(CUBE_FILE, jp_root_dir / "steel.h5")
    return jp_root_dir / "fit.h5"


def read(path: Path, name: str) -> np.ndarray:
    with h5py.File(path, "r") as f:
        return np.asarray(f[name][()])


# --- what an object is -------------------------------------------------------------------


async def test_an_nxdata_cube_is_described_with_its_energy_and_position_axes(jp_fetch, cube):
    got = await get_json(jp_fetch, "xrf", file="cube.nxs", path="/entry/data")
    assert got["kind"] == "cube"
    assert got["maps"] == [] and got["fit"] is None
    described = got["cube"]
    assert described["path"] == CUBE
    assert described["shape"] == [ROWS, COLS, CHANNELS]
    assert described["dtype"] == cube.dtype.str
    assert described["energy"]["units"] == "keV" and described["energy"]["source"] == "file"
    np.testing.assert_allclose(described["energy"]["values"], energy_axis())
    assert described["rows"]["name"] == "y" and described["rows"]["units"] == "mm"
    assert described["cols"]["values"][1] == 0.25


async def test_the_cube_dataset_itself_and_the_file_root_find_the_same_cube(jp_fetch, jp_root_dir):
    write_nxdata_cube(jp_root_dir / "cube.nxs")
    for path in (CUBE, "/"):
        got = await get_json(jp_fetch, "xrf", file="cube.nxs", path=path)
        assert got["cube"]["path"] == CUBE
        assert got["cube"]["chunks"] == [1, COLS, CHANNELS]


async def test_an_nxfluo_like_cube_is_found_by_its_energy_field(jp_fetch, jp_root_dir):
    write_fluo_cube(jp_root_dir / "fluo.h5")
    got = await get_json(jp_fetch, "xrf", file="fluo.h5", path="/entry/fluo/data")
    assert got["kind"] == "cube"
    assert got["cube"]["energy"]["source"] == "file"
    assert got["cube"]["rows"]["values"] is None


async def test_a_stack_of_images_is_no_cube_whatever_its_length_415(jp_fetch, jp_root_dir):
    write_image_stack(jp_root_dir / "stack.nxs")
    status, body = await get_error(jp_fetch, "xrf", file="stack.nxs", path="/entry/stack")
    assert status == 415 and body["code"] == "unsupported_type"
    assert str(jp_root_dir) not in body["message"]


# --- maps ---------------------------------------------------------------------------------


async def test_the_sum_map_is_numpys_sum_over_all_channels(jp_fetch, cube, jp_root_dir):
    got, headers = await get_map(jp_fetch, file="cube.nxs", path=CUBE)
    expected = read(jp_root_dir / "cube.nxs", CUBE).sum(axis=2).astype(np.float32)
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    assert float(headers["X-Nxviz-Max"]) == pytest.approx(float(expected.max()), rel=1e-6)
    assert set(json.loads(headers["X-Nxviz-Percentiles"])) == {"0.1", "99.9"}


async def test_a_channel_window_sums_those_channels_only(jp_fetch, cube, jp_root_dir):
    got, headers = await get_map(jp_fetch, file="cube.nxs", path="/entry/data", channels="70:133")
    expected = read(jp_root_dir / "cube.nxs", CUBE)[:, :, 70:133].sum(axis=2)
    np.testing.assert_allclose(got, expected.astype(np.float32), rtol=1e-6)
    assert headers["X-Nxviz-Channels"] == "70,133"


async def test_an_energy_window_maps_the_line_brightest_where_it_was_put(jp_fetch, jp_root_dir):
    values = write_nxdata_cube(jp_root_dir / "cube.nxs")
    low, high = BRIGHT_ENERGY - 0.2, BRIGHT_ENERGY + 0.2
    got, headers = await get_map(jp_fetch, file="cube.nxs", path=CUBE, energy=f"{low}:{high}")
    inside = np.nonzero((energy_axis() >= low) & (energy_axis() <= high))[0]
    np.testing.assert_array_equal(got, values[:, :, inside].sum(axis=2).astype(np.float32))
    assert headers["X-Nxviz-Channels"] == f"{inside[0]},{inside[-1] + 1}"
    brightest = np.unravel_index(np.argmax(got), got.shape)
    assert BRIGHT_ROWS[0] <= brightest[0] < BRIGHT_ROWS[1]
    assert BRIGHT_COLS[0] <= brightest[1] < BRIGHT_COLS[1]


async def test_an_energy_window_in_ev_is_read_in_the_axis_units(jp_fetch, jp_root_dir):
    values = write_nxdata_cube(jp_root_dir / "ev.nxs", energy_units="eV")
    got, _ = await get_map(jp_fetch, file="ev.nxs", path=CUBE, energy="6200:6600")
    inside = np.nonzero((energy_axis() * 1000 >= 6200) & (energy_axis() * 1000 <= 6600))[0]
    np.testing.assert_array_equal(got, values[:, :, inside].sum(axis=2).astype(np.float32))


# --- spectra ------------------------------------------------------------------------------


async def test_a_pixel_spectrum_is_that_pixels_counts(jp_fetch, cube, jp_root_dir):
    got = await get_json(jp_fetch, "xrf/spectrum", file="cube.nxs", path=CUBE, pixel="4,11")
    np.testing.assert_array_equal(got["counts"], read(jp_root_dir / "cube.nxs", CUBE)[4, 11])
    assert got["pixels"] == 1 and got["pixel"] == [4, 11]
    assert got["units"] == "keV" and len(got["energy"]) == CHANNELS


async def test_a_rectangle_sum_is_numpys_sum_of_that_region(jp_fetch, cube, jp_root_dir):
    got = await get_json(jp_fetch, "xrf/spectrum", file="cube.nxs", path=CUBE, region="2:19,3:12")
    expected = read(jp_root_dir / "cube.nxs", CUBE)[2:19, 3:12].sum(axis=(0, 1))
    np.testing.assert_allclose(got["counts"], expected, rtol=1e-6)
    assert got["pixels"] == 17 * 9


async def test_a_polygon_sums_the_pixels_whose_centres_lie_inside(jp_fetch, cube, jp_root_dir):
    vertices = [(1.0, 1.0), (20.0, 3.5), (12.2, 16.0), (3.0, 9.7)]
    text = ",".join(f"{r},{c}" for r, c in vertices)
    got = await get_json(jp_fetch, "xrf/spectrum", file="cube.nxs", path=CUBE, polygon=text)
    r, c = np.mgrid[0:ROWS, 0:COLS]
    centres = np.column_stack([r.ravel() + 0.5, c.ravel() + 0.5])
    inside = Polygon(vertices).contains_points(centres).reshape(ROWS, COLS)
    expected = read(jp_root_dir / "cube.nxs", CUBE)[inside].sum(axis=0)
    assert got["pixels"] == int(inside.sum()) > 50
    np.testing.assert_allclose(got["counts"], expected, rtol=1e-6)


async def test_a_spectrum_as_csv_names_energy_with_its_units(jp_fetch, jp_root_dir):
    values = write_nxdata_cube(jp_root_dir / "cube.nxs")
    response = await jp_fetch(
        "nxviz",
        "api",
        "xrf",
        "spectrum",
        params={"file": "cube.nxs", "path": CUBE, "pixel": "0,0", "format": "csv"},
    )
    lines = response.body.decode().splitlines()
    assert lines[0] == "energy (keV),counts"
    assert len(lines) == CHANNELS + 1
    energy, count = lines[5].split(",")
    assert float(energy) == pytest.approx(energy_axis()[4]) and int(count) == values[0, 0, 4]


# --- PyMca's own output ------------------------------------------------------------------


async def test_pymca_maps_are_found_and_labelled_as_pymca_names_them(jp_fetch, pymca):
    got = await get_json(jp_fetch, "xrf", file="fit.h5", path="/")
    assert got["kind"] == "pymca" and got["process"] == FIT_PROCESS
    with h5py.File(pymca, "r") as f:
        for kind in ("parameters", "uncertainties", "massfractions"):
            written = set(f[f"{FIT_PROCESS}/results/{kind}"])
            listed = {m["dataset"] for m in got["maps"] if m["kind"] == kind}
            assert listed == {
                n for n in written if f[f"{FIT_PROCESS}/results/{kind}/{n}"].ndim == 2
            }
        config = f[f"{FIT_PROCESS}/configuration/data"][()].decode()
    by_name = {(m["kind"], m["dataset"]): m for m in got["maps"]}
    cu = by_name[("parameters", "Cu_K")]
    assert (cu["name"], cu["element"], cu["line"]) == ("Cu K", "Cu", "K")
    assert cu["path"] == f"{FIT_PROCESS}/results/parameters/Cu_K" and cu["shape"] == [20, 16]
    assert by_name[("massfractions", "Pb_L")]["name"] == "Pb L"
    assert by_name[("parameters", "W_L3")]["line"] == "L3"
    assert by_name[("parameters", "Fe_Ka")]["line"] == "Ka"
    assert by_name[("parameters", "Scatter_Peak000")]["element"] is None
    assert got["config"] == config and "[detector]" in config
    assert got["fit"] == {
        "measured": f"{FIT_PROCESS}/results/fit/data",
        "model": f"{FIT_PROCESS}/results/fit/model",
        "residuals": f"{FIT_PROCESS}/results/fit/residuals",
    }
    assert got["cube"]["shape"] == [20, 16, 2048] and got["cube"]["energy"]["units"] == "keV"


@pytest.mark.parametrize(
    "path",
    [
        FIT_PROCESS,
        f"{FIT_PROCESS}/results/parameters",
        f"{FIT_PROCESS}/results/massfractions/Cu_K",
        "/steel_map",
    ],
)
async def test_any_group_at_or_around_the_result_finds_it(jp_fetch, pymca, path):
    got = await get_json(jp_fetch, "xrf", file="fit.h5", path=path)
    assert got["kind"] == "pymca" and got["process"] == FIT_PROCESS


async def test_a_pymca_map_is_served_as_written(jp_fetch, pymca):
    path = f"{FIT_PROCESS}/results/parameters/Cu_K"
    got, headers = await get_map(jp_fetch, file="fit.h5", path=path)
    expected = read(pymca, path)
    np.testing.assert_array_equal(got, expected)
    assert headers["X-Nxviz-Shape"] == "20,16"
    # the fit found copper where make_pymca.py put it (rows 2-7, columns 2-7)
    outside = np.ones(got.shape, bool)
    outside[2:8, 2:8] = False
    assert got[2:8, 2:8].mean() > 3 * got[outside].mean()


async def test_the_fit_at_a_pixel_is_measured_model_and_residuals_as_written(jp_fetch, pymca):
    got = await get_json(jp_fetch, "xrf/fit", file="fit.h5", path=FIT_PROCESS, pixel="13,11")
    for key, name in (("measured", "data"), ("model", "model"), ("residuals", "residuals")):
        expected = read(pymca, f"{FIT_PROCESS}/results/fit/{name}")[13, 11]
        np.testing.assert_array_equal(np.asarray(got[key], np.float32), expected)
    np.testing.assert_allclose(got["energy"], read(pymca, f"{FIT_PROCESS}/results/fit/energy"))
    assert got["units"] == "keV"


async def test_the_real_cube_maps_copper_k_alpha_where_it_was_made_brighter(jp_fetch, pymca):
    lines = await get_json(jp_fetch, "xrf/lines", elements="Cu")
    ka1 = next(line["energy"] for line in lines if line["line"] == "Ka1")
    window = f"{ka1 - 0.1}:{ka1 + 0.1}"
    got, _ = await get_map(jp_fetch, file="steel.h5", path="/entry/spectra", energy=window)
    cube = read(pymca.parent / "steel.h5", "/entry/spectra/counts")
    energy = read(pymca.parent / "steel.h5", "/entry/spectra/energy")
    inside = (energy >= ka1 - 0.1) & (energy <= ka1 + 0.1)
    np.testing.assert_array_equal(got, cube[:, :, inside].sum(axis=2).astype(np.float32))
    outside = np.ones(got.shape, bool)
    outside[2:8, 2:8] = False
    assert got[2:8, 2:8].mean() > 2 * got[outside].mean()


# --- lines, scatter, select, export ------------------------------------------------------


async def test_emission_lines_come_from_xraylib_within_the_energy_range(jp_fetch):
    import xraylib

    got = await get_json(jp_fetch, "xrf/lines", elements="Fe,Pb", emin="5", emax="11")
    fe = {line["line"]: line for line in got if line["element"] == "Fe"}
    assert fe["Ka1"]["label"] == "Kα1"
    assert fe["Ka1"]["energy"] == xraylib.LineEnergy(26, xraylib.KA1_LINE)
    assert {line["line"] for line in got if line["element"] == "Pb"} >= {"La1", "La2"}
    assert all(5 <= line["energy"] <= 11 for line in got)


async def test_scatter_counts_pixels_as_numpys_2d_histogram(jp_fetch, pymca):
    x = f"{FIT_PROCESS}/results/parameters/Cu_K"
    y = f"{FIT_PROCESS}/results/parameters/Pb_L"
    got = await get_json(jp_fetch, "xrf/scatter", file="fit.h5", x=x, y=y, bins=16)
    a, b = read(pymca, x).astype(np.float64), read(pymca, y).astype(np.float64)
    expected, _, _ = np.histogram2d(
        b.ravel(), a.ravel(), bins=16, range=[[b.min(), b.max()], [a.min(), a.max()]]
    )
    assert got["counts"] == expected.astype(int).ravel().tolist()
    assert sum(got["counts"]) == a.size
    assert got["x"]["name"] == "Cu_K" and got["x"]["max"] == pytest.approx(a.max())


async def test_select_marks_the_pixels_whose_values_fall_in_the_box(jp_fetch, pymca):
    x = f"{FIT_PROCESS}/results/parameters/Cu_K"
    y = f"{FIT_PROCESS}/results/parameters/Fe_Ka"
    a, b = read(pymca, x).astype(np.float64), read(pymca, y).astype(np.float64)
    xr, yr = (float(np.median(a)), float(a.max())), (float(b.min()), float(np.median(b)))
    response = await jp_fetch(
        "nxviz",
        "api",
        "xrf",
        "select",
        params={
            "file": "fit.h5",
            "x": x,
            "y": y,
            "xrange": f"{xr[0]!r}:{xr[1]!r}",
            "yrange": f"{yr[0]!r}:{yr[1]!r}",
        },
    )
    got = np.frombuffer(response.body, np.uint8).reshape(20, 16)
    expected = (a >= xr[0]) & (a <= xr[1]) & (b >= yr[0]) & (b <= yr[1])
    np.testing.assert_array_equal(got, expected.astype(np.uint8))
    assert 0 < got.sum() < got.size


async def test_tiff_export_has_one_named_page_per_map(jp_fetch, pymca):
    import tifffile

    names = ["Cu_K", "Pb_L", "Ni_K"]
    paths = ",".join(f"{FIT_PROCESS}/results/parameters/{n}" for n in names)
    response = await jp_fetch(
        "nxviz", "api", "xrf", "tiff", params={"file": "fit.h5", "paths": paths}
    )
    assert response.headers["Content-Disposition"].startswith("attachment")
    with tifffile.TiffFile(io.BytesIO(response.body)) as tiff:
        assert len(tiff.pages) == 3
        for page, name in zip(tiff.pages, names, strict=True):
            assert page.tags["PageName"].value == name
            np.testing.assert_array_equal(
                page.asarray(), read(pymca, f"{FIT_PROCESS}/results/parameters/{name}")
            )


# --- bad requests -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "params"),
    [
        ("xrf/spectrum", {"pixel": "23,0"}),
        ("xrf/spectrum", {"pixel": "1"}),
        ("xrf/spectrum", {"pixel": "a,b"}),
        ("xrf/spectrum", {"region": "30:40,0:5"}),
        ("xrf/spectrum", {"polygon": "0,0,1,1"}),
        ("xrf/spectrum", {"polygon": "0,0,0.2,0.2,0.1,0.3"}),
        ("xrf/spectrum", {"pixel": "1,1", "region": "0:1,0:1"}),
        ("xrf/spectrum", {}),
        ("xrf/map", {"channels": "5:5"}),
        ("xrf/map", {"channels": "1:2", "energy": "1:2"}),
        ("xrf/map", {"energy": "100:200"}),
        ("xrf/map", {"energy": "nan:2"}),
        ("xrf/lines", {"elements": "Fe,Xx"}),
        ("xrf/lines", {"elements": "Fe", "excitation": "-3"}),
        ("xrf/lines", {}),
        ("xrf/scatter", {"x": CUBE}),
        ("xrf/scatter", {"x": CUBE, "y": CUBE}),
        ("xrf/fit", {"pixel": "1,1"}),
    ],
)
async def test_bad_arguments_are_400_json(jp_fetch, jp_root_dir, endpoint, params):
    write_nxdata_cube(jp_root_dir / "cube.nxs")
    params = {"file": "cube.nxs", "path": CUBE, **params}
    status, body = await get_error(jp_fetch, endpoint, **params)
    assert status in (400, 415), body
    assert str(jp_root_dir) not in body["message"]


async def test_a_cube_whose_spectra_lie_outside_the_root_is_refused_403(jp_fetch, jp_root_dir):
    outside = jp_root_dir.parent / "outside-xrf"
    outside.mkdir(exist_ok=True)
    values = np.ones((4, 5, 64), dtype=np.uint32)
    with h5py.File(outside / "secret.h5", "w") as f:
        f["spectra"] = values
    layout = h5py.VirtualLayout(shape=values.shape, dtype=values.dtype)
    layout[:] = h5py.VirtualSource(str(outside / "secret.h5"), "spectra", shape=values.shape)
    with h5py.File(jp_root_dir / "vds.h5", "w") as f:
        group = f.create_group("data")
        group.attrs["NX_class"] = "NXdata"
        group.attrs["signal"] = "counts"
        group.attrs["axes"] = [".", ".", "energy"]
        group.create_virtual_dataset("counts", layout)
        group["energy"] = np.arange(64.0)
        group["energy"].attrs["units"] = "keV"
    for endpoint, extra in (("xrf/map", {}), ("xrf/spectrum", {"pixel": "0,0"})):
        status, body = await get_error(
            jp_fetch, endpoint, file="vds.h5", path="/data/counts", **extra
        )
        assert status == 403, body
        assert str(outside) not in body["message"]


async def test_several_pixels_as_csv_are_columns_beside_the_energy(jp_fetch, jp_root_dir):
    values = write_nxdata_cube(jp_root_dir / "cube.nxs")
    response = await jp_fetch(
        "nxviz",
        "api",
        "xrf",
        "spectrum",
        params=[("file", "cube.nxs"), ("path", CUBE), ("format", "csv"), ("pixel", "1,2"),
                ("pixel", "20,16")],
    )  # fmt: skip
    rows = [line.split(",") for line in response.body.decode().splitlines()]
    assert rows[0] == ["energy (keV)", "pixel 1 2", "pixel 20 16"]
    got = np.array([[int(a), int(b)] for _, a, b in rows[1:]])
    np.testing.assert_array_equal(got, np.stack([values[1, 2], values[20, 16]], axis=1))


async def test_a_pixels_fit_as_csv_has_measured_model_and_residuals(jp_fetch, pymca):
    response = await jp_fetch(
        "nxviz",
        "api",
        "xrf",
        "fit",
        params={"file": "fit.h5", "path": FIT_PROCESS, "pixel": "2,3", "format": "csv"},
    )
    lines = response.body.decode().splitlines()
    assert lines[0] == "energy (keV),measured,model,residuals"
    model = read(pymca, f"{FIT_PROCESS}/results/fit/model")[2, 3]
    fitted = int(np.nonzero(np.isfinite(model))[0][0])
    cells = lines[1 + fitted].split(",")
    assert float(cells[2]) == pytest.approx(float(model[fitted]), rel=1e-6)
    assert lines[1].split(",")[2] == ""  # no model outside the fitted channels (NaN)


async def test_cubes_and_results_behind_external_links_are_named_from_the_file_asked(
    jp_fetch, jp_root_dir, pymca
):
    values = write_nxdata_cube(jp_root_dir / "detector.h5")
    with h5py.File(jp_root_dir / "master.nxs", "w") as f:
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry["xspress3"] = h5py.ExternalLink("detector.h5", "/entry/data")
        entry["fit"] = h5py.ExternalLink("fit.h5", FIT_PROCESS)
    got = await get_json(jp_fetch, "xrf", file="master.nxs", path="/entry/xspress3")
    assert got["cube"]["path"] == "/entry/xspress3/spectra"
    image, _ = await get_map(jp_fetch, file="master.nxs", path=got["cube"]["path"])
    np.testing.assert_array_equal(image, values.sum(axis=2).astype(np.float32))
    spectrum = await get_json(
        jp_fetch, "xrf/spectrum", file="master.nxs", path="/entry/xspress3", pixel="2,3"
    )
    np.testing.assert_array_equal(spectrum["counts"], values[2, 3])
    result = await get_json(jp_fetch, "xrf", file="master.nxs", path="/entry/fit")
    assert result["process"] == "/entry/fit"
    cu = next(m for m in result["maps"] if m["dataset"] == "Cu_K" and m["kind"] == "parameters")
    assert cu["path"] == "/entry/fit/results/parameters/Cu_K"
    assert result["fit"]["model"] == "/entry/fit/results/fit/model"
    image, _ = await get_map(jp_fetch, file="master.nxs", path=cu["path"])
    np.testing.assert_array_equal(image, read(pymca, f"{FIT_PROCESS}/results/parameters/Cu_K"))
    fit = await get_json(jp_fetch, "xrf/fit", file="master.nxs", path="/entry/fit", pixel="1,1")
    model = read(pymca, f"{FIT_PROCESS}/results/fit/model")[1, 1]
    np.testing.assert_array_equal(np.asarray(fit["model"], np.float32), model)
