"""The XRF views in JupyterLab: a spectra cube written with h5py (copper placed in a known
rectangle) and PyMca's own fit output (tests/data/xrf/steel_map_fit.h5)."""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import h5py
import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from tests.browser.conftest import browser_page
from tests.browser.lab import LabServer, start_lab
from tests.browser.test_viewer import TIMEOUT, node, open_file, select

DATA = Path(__file__).resolve().parents[1] / "data" / "xrf"
ROWS, COLS, CHANNELS = 24, 20, 512
GAIN = 0.02  # keV per channel
CU_ROWS, CU_COLS = (4, 10), (11, 17)  # where the cube holds copper (half-open)
CU_KA = 8.05  # keV
FE_KA = 6.40

CUBE = "[data-nxviz-view='xrf-cube']"
PYMCA = "[data-nxviz-view='xrf-pymca']"

# RGBA bytes of a canvas (by selector, inside the viewer) as a flat list, with its size.
CANVAS_PIXELS = """
(root, selector) => {
  const canvas = root.querySelector(selector);
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  return { width: canvas.width, height: canvas.height, data: Array.from(data) };
}
"""


def peak(energy: np.ndarray, centre: float, height: float) -> np.ndarray:
    return height * np.exp(-0.5 * ((energy - centre) / 0.07) ** 2)


def write_cube(path: Path) -> np.ndarray:
    """An NXdata cube (y, x, energy in keV): iron everywhere, copper only in CU_ROWS × CU_COLS."""
    energy = np.arange(CHANNELS) * GAIN
    rng = np.random.default_rng(16)
    cube = np.empty((ROWS, COLS, CHANNELS), np.uint32)
    for r in range(ROWS):
        for c in range(COLS):
            mean = 5 + peak(energy, FE_KA, 60 + 2 * c)
            if CU_ROWS[0] <= r < CU_ROWS[1] and CU_COLS[0] <= c < CU_COLS[1]:
                mean = mean + peak(energy, CU_KA, 400)
            cube[r, c] = rng.poisson(mean)
    with h5py.File(path, "w") as f:
        f.attrs["default"] = "entry"
        entry = f.create_group("entry")
        entry.attrs.update({"NX_class": "NXentry", "default": "xrf"})
        data = entry.create_group("xrf")
        data.attrs.update({"NX_class": "NXdata", "signal": "counts", "axes": ["y", "x", "energy"]})
        data.create_dataset("counts", data=cube, chunks=(1, COLS, CHANNELS), compression="gzip")
        data["energy"] = energy
        data["energy"].attrs["units"] = "keV"
        data["y"] = np.arange(ROWS) * 0.05
        data["x"] = np.arange(COLS) * 0.05
        data["y"].attrs["units"] = data["x"].attrs["units"] = "mm"
    return cube


def write_notebook(root: Path) -> None:
    """view.ipynb: nxviz.show of the cube and of PyMca's output, run headless by nbclient."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell('import nxviz\nnxviz.show("cube.nxs")'),
        nbformat.v4.new_code_cell('nxviz.show("steel_map_fit.h5")'),
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    saved = os.environ.get("NXVIZ_ROOT_DIR")
    os.environ["NXVIZ_ROOT_DIR"] = str(root)  # the kernel finds the root as a server's would
    try:
        NotebookClient(
            notebook,
            kernel_name="python3",
            timeout=120,
            resources={"metadata": {"path": str(root)}},
        ).execute()
    finally:
        if saved is None:
            os.environ.pop("NXVIZ_ROOT_DIR")
        else:
            os.environ["NXVIZ_ROOT_DIR"] = saved
    nbformat.write(notebook, root / "view.ipynb")


@pytest.fixture(scope="module")
def xrf_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    root = tmp_path_factory.mktemp("xrf")
    write_cube(root / "cube.nxs")
    shutil.copy(DATA / "steel_map_fit.h5", root / "steel_map_fit.h5")
    shutil.copy(DATA.parent / "real" / "33id_spec_22_2D.hdf5", root / "spec.hdf5")
    write_notebook(root)
    server = start_lab(root, tmp_path_factory.mktemp("xrf-home"))
    # the worker processes start with the first request (tens of seconds on a loaded machine):
    # started here, so each test's time bound applies to the views, not to that start
    urllib.request.urlopen(server.url("nxviz/api/meta?file=cube.nxs&path=/"), timeout=300).read()
    yield server
    server.stop()


@pytest.fixture
def xpage(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from browser_page(browser, request, 1500, 1000)


def pixel_centre(view, row: int, col: int) -> tuple[float, float]:
    box = view.locator(".jp-nxviz-xrf-map").first.bounding_box()
    return (
        box["x"] + (col + 0.5) / COLS * box["width"],
        box["y"] + (row + 0.5) / ROWS * box["height"],
    )


def curves(view) -> list[dict]:
    return json.loads(view.locator(".jp-nxviz-xrf-spectrum").get_attribute("data-nxviz-curves"))


def wait_for_curve(page, view, label: str) -> dict:
    for _ in range(120):
        found = [c for c in curves(view) if label in c["label"]]
        if found:
            return found[0]
        page.wait_for_timeout(250)
    raise AssertionError(f"no curve {label!r} among {curves(view)}")


def energy_x(view, energy: float) -> float:
    """The page x of an energy on the spectrum's axis."""
    left, width, x0, x1 = map(
        float, view.locator(".jp-nxviz-xrf-spectrum").get_attribute("data-nxviz-xscale").split(",")
    )
    box = view.locator(".jp-nxviz-xrf-spectrum svg").first.bounding_box()
    return box["x"] + left + (energy - x0) / (x1 - x0) * width


def test_a_cube_opens_in_the_spectra_view_and_an_energy_window_maps_its_element(
    xpage, xrf_lab: LabServer
) -> None:
    viewer = open_file(xpage, xrf_lab, "cube.nxs")
    view = viewer.locator(CUBE)
    view.wait_for(timeout=TIMEOUT)
    assert viewer.locator(".jp-nxviz-mode.jp-mod-active").inner_text() == "xrf"
    assert viewer.locator(".jp-nxviz-frames, [data-nxviz-view='volume']").count() == 0
    with h5py.File(xrf_lab.root / "cube.nxs", "r") as f:
        cube = f["/entry/xrf/counts"][()].astype(np.int64)
    view.locator(".jp-nxviz-xrf-map canvas").first.wait_for(timeout=TIMEOUT)
    # the sum map first: its brightest pixel is the cube's largest sum over all channels
    total = cube.sum(axis=2)
    brightest = view.locator(".jp-nxviz-xrf-map").get_attribute("data-nxviz-brightest")
    assert tuple(map(int, brightest.split(","))) == np.unravel_index(total.argmax(), total.shape)

    # hovering a pixel shows its spectrum
    xpage.mouse.move(*pixel_centre(view, 2, 3))
    hovered = wait_for_curve(xpage, view, "under the cursor: pixel 2,3")
    assert hovered["n"] == CHANNELS
    assert hovered["sum"] == cube[2, 3].sum()
    assert hovered["max"] == cube[2, 3].max()

    # a click pins a copper pixel; shift-click adds another to compare
    xpage.mouse.click(*pixel_centre(view, 6, 13))
    pinned = wait_for_curve(xpage, view, "pixel 6,13 (1 px)")
    assert pinned["sum"] == cube[6, 13].sum()
    assert pinned["at"] == pytest.approx(CU_KA, abs=3 * GAIN)
    xpage.keyboard.down("Shift")
    xpage.mouse.click(*pixel_centre(view, 20, 1))
    xpage.keyboard.up("Shift")
    wait_for_curve(xpage, view, "pixel 20,1 (1 px)")
    assert len(view.locator(".jp-nxviz-xrf-shown li").all()) == 2

    # an energy window dragged over Cu Kα gives that line's map: brightest where copper is
    y = view.locator(".jp-nxviz-xrf-spectrum svg").first.bounding_box()["y"] + 60
    xpage.mouse.move(energy_x(view, CU_KA - 0.2), y)
    xpage.mouse.down()
    xpage.mouse.move(energy_x(view, CU_KA + 0.2), y, steps=5)
    xpage.mouse.up()
    title = view.locator("[data-nxviz-map-window]")
    xpage.wait_for_function(
        "(el) => el.getAttribute('data-nxviz-map-window') !== ''", arg=title.element_handle()
    )
    low, high = map(float, title.get_attribute("data-nxviz-map-window").split(":"))
    assert low == pytest.approx(CU_KA - 0.2, abs=0.05) and high == pytest.approx(
        CU_KA + 0.2, abs=0.05
    )
    channels = (np.arange(CHANNELS) * GAIN >= low) & (np.arange(CHANNELS) * GAIN <= high)
    window_map = cube[:, :, channels].sum(axis=2)
    for _ in range(120):
        row, col = map(
            int, view.locator(".jp-nxviz-xrf-map").get_attribute("data-nxviz-brightest").split(",")
        )
        if (row, col) == np.unravel_index(window_map.argmax(), window_map.shape):
            break
        xpage.wait_for_timeout(250)
    assert CU_ROWS[0] <= row < CU_ROWS[1] and CU_COLS[0] <= col < CU_COLS[1]
    # the painted map: the copper rectangle is brighter than anything outside it
    pixels = viewer.evaluate(CANVAS_PIXELS, ".jp-nxviz-xrf-map canvas")
    rgba = np.array(pixels["data"], float).reshape(pixels["height"], pixels["width"], 4)
    brightness = rgba[:, :, :3].sum(axis=2)
    inside = np.zeros((ROWS, COLS), bool)
    inside[CU_ROWS[0] : CU_ROWS[1], CU_COLS[0] : CU_COLS[1]] = True
    assert brightness[inside].min() > brightness[~inside].max()


def test_a_rectangle_on_the_map_gives_its_sum_spectrum(xpage, xrf_lab: LabServer) -> None:
    viewer = open_file(xpage, xrf_lab, "cube.nxs")
    view = viewer.locator(CUBE)
    view.locator(".jp-nxviz-xrf-map canvas").first.wait_for(timeout=TIMEOUT)
    start = pixel_centre(view, 3, 2)
    end = pixel_centre(view, 8, 6)
    xpage.mouse.move(*start)
    xpage.mouse.down()
    xpage.mouse.move(*end, steps=6)
    xpage.mouse.up()
    region = wait_for_curve(xpage, view, "sum of rows 3:9 × columns 2:7")
    with h5py.File(xrf_lab.root / "cube.nxs", "r") as f:
        expected = f["/entry/xrf/counts"][3:9, 2:7].astype(np.int64).sum(axis=(0, 1))
    assert region["sum"] == expected.sum() and region["max"] == expected.max()
    assert "(30 px)" in region["label"]


def pymca_maps(kind: str) -> dict[str, np.ndarray]:
    with h5py.File(DATA / "steel_map_fit.h5", "r") as f:
        group = f[f"/steel_map/xrf_fit/results/{kind}"]
        return {name: group[name][()] for name in group if group[name].ndim == 2}


def test_the_pymca_file_opens_in_the_mosaic_with_one_tile_per_fitted_line(
    xpage, xrf_lab: LabServer
) -> None:
    viewer = open_file(xpage, xrf_lab, "steel_map_fit.h5")
    view = viewer.locator(PYMCA)
    view.wait_for(timeout=TIMEOUT)
    assert view.get_attribute("data-nxviz-result") == "/steel_map/xrf_fit"
    tiles = view.locator(".jp-nxviz-xrf-tile")
    expected = pymca_maps("parameters")
    view.locator(f".jp-nxviz-xrf-tile canvas >> nth={2 * len(expected) - 1}").wait_for(
        timeout=TIMEOUT
    )
    paths = {t.get_attribute("data-nxviz-path") for t in tiles.all()}
    assert paths == {f"/steel_map/xrf_fit/results/parameters/{name}" for name in expected}
    names = set(view.locator(".jp-nxviz-xrf-tile-name").all_inner_texts())
    assert {"Fe Ka", "Cu K", "Pb L", "W L3"} <= names, names
    # each tile's brightest pixel is its map's
    for tile in tiles.all():
        name = tile.get_attribute("data-nxviz-path").rsplit("/", 1)[1]
        values = np.where(np.isfinite(expected[name]), expected[name], -np.inf)
        row, col = map(
            int, tile.locator(".jp-nxviz-xrf-map").get_attribute("data-nxviz-brightest").split(",")
        )
        assert values[row, col] == values.max(), name


def test_the_rgb_composite_follows_its_three_maps(xpage, xrf_lab: LabServer) -> None:
    viewer = open_file(xpage, xrf_lab, "steel_map_fit.h5")
    view = viewer.locator(PYMCA)
    view.wait_for(timeout=TIMEOUT)
    view.locator("[data-tab='rgb']").click()
    rgb = view.locator(".jp-nxviz-xrf-rgb")
    base = "/steel_map/xrf_fit/results/parameters"
    for colour, name in (("red", "Cu_K"), ("green", "Pb_L"), ("blue", "Ni_K")):
        rgb.locator(f"select[aria-label='{colour} map']").select_option(f"{base}/{name}")
    xpage.wait_for_function(
        "([el, want]) => el.getAttribute('data-nxviz-rgb') === want",
        arg=[rgb.element_handle(), f"{base}/Cu_K,{base}/Pb_L,{base}/Ni_K"],
    )
    maps = pymca_maps("parameters")
    xpage.wait_for_timeout(500)
    limits = json.loads(rgb.get_attribute("data-nxviz-limits"))
    pixels = viewer.evaluate(CANVAS_PIXELS, ".jp-nxviz-xrf-rgb canvas")
    rgba = np.array(pixels["data"], float).reshape(pixels["height"], pixels["width"], 4)
    for k, name in enumerate(("Cu_K", "Pb_L", "Ni_K")):
        low, high = limits[k]
        expected = np.clip((np.nan_to_num(maps[name], nan=low) - low) / (high - low) * 255, 0, 255)
        assert np.abs(rgba[:, :, k] - expected).max() <= 1, name
    # and what the README says PyMca found: copper red, lead green, nickel blue
    assert rgba[4, 4, 0] > 200 and rgba[13, 11, 1] > 200 and rgba[17, 2, 2] > 200


def test_nxviz_show_gives_the_same_views_in_a_notebook(xpage, xrf_lab: LabServer) -> None:
    xpage.goto(xrf_lab.fresh_url("view.ipynb"), timeout=60_000)
    outputs = xpage.locator(".jp-Notebook .jp-nxviz-output")
    outputs.nth(1).locator(PYMCA).wait_for(timeout=TIMEOUT)
    cube = outputs.nth(0).locator(CUBE)
    cube.wait_for(timeout=TIMEOUT)
    assert cube.get_attribute("data-nxviz-cube") == "/entry/xrf/counts"
    cube.locator(".jp-nxviz-xrf-map canvas").first.wait_for(timeout=TIMEOUT)
    xpage.mouse.move(*pixel_centre(cube, 5, 12))
    with h5py.File(xrf_lab.root / "cube.nxs", "r") as f:
        expected = f["/entry/xrf/counts"][5, 12].astype(np.int64)
    assert wait_for_curve(xpage, cube, "pixel 5,12")["sum"] == expected.sum()
    tiles = outputs.nth(1).locator(".jp-nxviz-xrf-tile")
    assert tiles.count() == len(pymca_maps("parameters"))


def download(page, click) -> tuple[str, bytes]:
    with page.expect_download() as info:
        click()
    item = info.value
    return item.suggested_filename, Path(item.path()).read_bytes()


def test_lines_are_marked_and_a_region_spectrum_exports_as_csv(xpage, xrf_lab: LabServer) -> None:
    viewer = open_file(xpage, xrf_lab, "cube.nxs")
    view = viewer.locator(CUBE)
    view.locator(".jp-nxviz-xrf-map canvas").first.wait_for(timeout=TIMEOUT)
    view.locator("input[aria-label='elements']").fill("cu, fe")
    view.locator("input[aria-label='elements']").press("Enter")
    spectrum = view.locator(".jp-nxviz-xrf-spectrum")
    xpage.wait_for_function(
        "(el) => el.getAttribute('data-nxviz-lines').includes('Cu Ka1')",
        arg=spectrum.element_handle(),
    )
    lines = spectrum.get_attribute("data-nxviz-lines").split(",")
    assert "Fe Ka1" in lines and "Cu Kb1" in lines
    # the table shows the typed elements as chosen
    view.get_by_role("button", name="periodic table").click()
    assert view.locator(".jp-nxviz-xrf-element[aria-pressed='true']").all_inner_texts() == [
        "Fe",
        "Cu",
    ]
    view.get_by_role("button", name="periodic table").click()
    xpage.mouse.move(*pixel_centre(view, 0, 0))
    xpage.mouse.down()
    xpage.mouse.move(*pixel_centre(view, 1, 3), steps=4)
    xpage.mouse.up()
    wait_for_curve(xpage, view, "sum of rows 0:2 × columns 0:4")
    name, body = download(xpage, lambda: view.get_by_role("button", name="CSV").click())
    assert name.endswith(".csv")
    rows = body.decode().strip().splitlines()
    assert rows[0] == "energy (keV),counts"
    with h5py.File(xrf_lab.root / "cube.nxs", "r") as f:
        expected = f["/entry/xrf/counts"][0:2, 0:4].astype(np.int64).sum(axis=(0, 1))
    values = np.array([[float(v) for v in row.split(",")] for row in rows[1:]])
    assert values[:, 1].tolist() == expected.tolist()
    assert values[:, 0] == pytest.approx(np.arange(CHANNELS) * GAIN)


def test_a_pixel_shows_its_fit_and_a_scatter_box_highlights_its_pixels(
    xpage, xrf_lab: LabServer
) -> None:
    viewer = open_file(xpage, xrf_lab, "steel_map_fit.h5")
    view = viewer.locator(PYMCA)
    tile = view.locator("[data-nxviz-map='Cu K'] .jp-nxviz-xrf-map")
    tile.locator("canvas").first.wait_for(timeout=TIMEOUT)
    box = tile.bounding_box()
    rows, cols = map(int, tile.get_attribute("data-nxviz-shape").split(","))
    xpage.mouse.click(box["x"] + 4.5 / cols * box["width"], box["y"] + 3.5 / rows * box["height"])
    fit = view.locator(".jp-nxviz-xrf-fit[data-nxviz-pixel='3,4']")
    fit.wait_for(timeout=TIMEOUT)
    assert fit.get_attribute("data-nxviz-residuals") == "shown"
    measured = wait_for_curve(xpage, view, "measured")
    model = wait_for_curve(xpage, view, "fitted model")
    with h5py.File(DATA / "steel_map_fit.h5", "r") as f:
        group = f["/steel_map/xrf_fit/results/fit"]
        data, fitted = group["data"][3, 4], group["model"][3, 4]
    assert measured["sum"] == pytest.approx(float(np.nansum(data)), rel=1e-5)
    assert model["sum"] == pytest.approx(float(np.nansum(fitted)), rel=1e-5)

    # the multi-page TIFF of the shown maps: one page per tile
    import tifffile

    name, body = download(xpage, lambda: view.get_by_role("button", name="TIFF").click())
    assert name.endswith(".tif")
    with tifffile.TiffFile(__import__("io").BytesIO(body)) as tiff:
        assert len(tiff.pages) == view.locator(".jp-nxviz-xrf-tile").count()

    view.locator("[data-tab='scatter']").click()
    base = "/steel_map/xrf_fit/results/parameters"
    scatter = view.locator(".jp-nxviz-xrf-scatter")
    scatter.locator("select[aria-label='scatter x']").select_option(f"{base}/Cu_K")
    scatter.locator("select[aria-label='scatter y']").select_option(f"{base}/Fe_Ka")
    picture = scatter.locator(".jp-nxviz-xrf-scatter-picture")
    picture.locator("canvas").wait_for(timeout=TIMEOUT)
    xpage.wait_for_timeout(500)
    area = picture.bounding_box()
    # a box over the upper half of Cu values, all Fe values
    xpage.mouse.move(area["x"] + 0.5 * area["width"], area["y"] + 2)
    xpage.mouse.down()
    xpage.mouse.move(area["x"] + area["width"] - 2, area["y"] + area["height"] - 2, steps=5)
    xpage.mouse.up()
    xpage.wait_for_function(
        "(el) => (el.getAttribute('data-nxviz-selected') || '').includes('pixels in the box')",
        arg=scatter.locator(".jp-nxviz-xrf-note").element_handle(),
    )
    xr, yr = scatter.get_attribute("data-nxviz-box").split(",")
    x0, x1 = map(float, xr.split(":"))
    y0, y1 = map(float, yr.split(":"))
    maps = pymca_maps("parameters")
    cu, fe = maps["Cu_K"], maps["Fe_Ka"]
    inside = (cu >= x0) & (cu <= x1) & (fe >= y0) & (fe <= y1)
    note = scatter.locator(".jp-nxviz-xrf-note").inner_text()
    assert note.startswith(f"{int(inside.sum())} pixels"), note
    assert 0 < inside.sum() < inside.size
    # the Cu tile dims the pixels outside the box and leaves the selected ones as they are
    shade = viewer.evaluate(
        CANVAS_PIXELS, "[data-nxviz-map='Cu K'] .jp-nxviz-xrf-map canvas:nth-of-type(2)"
    )
    alpha = np.array(shade["data"]).reshape(shade["height"], shade["width"], 4)[:, :, 3]
    assert ((alpha == 0) == inside).all()

    # a polygon clicked on the density: a triangle, closed on its first corner
    scatter.locator("select[aria-label='scatter selection tool']").select_option("polygon")
    corners = [(0.05, 0.95), (0.95, 0.95), (0.4, 0.05)]
    for fx, fy in [*corners, corners[0]]:
        xpage.mouse.click(area["x"] + fx * area["width"], area["y"] + fy * area["height"])
    xpage.wait_for_function(
        "(el) => (el.getAttribute('data-nxviz-selected') || '').includes('in the polygon')",
        arg=scatter.locator(".jp-nxviz-xrf-note").element_handle(),
    )
    values = [
        [float(v) for v in pair.split(":")]
        for pair in scatter.get_attribute("data-nxviz-box").split(",")
    ]
    assert len(values) == 3
    # even-odd rule on the (Cu, Fe) values of every pixel, vertices as (x, y)
    polygon = np.zeros(cu.shape, bool)
    for (x1, y1), (x2, y2) in zip(values, values[1:] + values[:1], strict=True):
        if y1 != y2:
            crosses = (y1 > fe) != (y2 > fe)
            polygon ^= crosses & (cu < x1 + (fe - y1) * (x2 - x1) / (y2 - y1))
    note = scatter.locator(".jp-nxviz-xrf-note").inner_text()
    assert note.startswith(f"{int(polygon.sum())} pixels in the polygon"), note
    assert 0 < polygon.sum() < polygon.size
    shade = viewer.evaluate(
        CANVAS_PIXELS, "[data-nxviz-map='Cu K'] .jp-nxviz-xrf-map canvas:nth-of-type(2)"
    )
    alpha = np.array(shade["data"]).reshape(shade["height"], shade["width"], 4)[:, :, 3]
    assert ((alpha == 0) == polygon).all()


def inside_polygon(vertices: list[list[float]], shape: tuple[int, int]) -> np.ndarray:
    """Pixels whose centres lie inside the polygon (even-odd rule), vertices as (row, col)."""
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]] + 0.5
    inside = np.zeros(shape, bool)
    for (r1, c1), (r2, c2) in zip(vertices, vertices[1:] + vertices[:1], strict=True):
        if r1 == r2:
            continue
        crosses = (r1 > rows) != (r2 > rows)
        at = c1 + (rows - r1) * (c2 - c1) / (r2 - r1)
        inside ^= crosses & (cols < at)
    return inside


def test_a_polygon_on_the_map_gives_the_sum_of_the_pixels_inside(xpage, xrf_lab: LabServer) -> None:
    viewer = open_file(xpage, xrf_lab, "cube.nxs")
    view = viewer.locator(CUBE)
    view.locator(".jp-nxviz-xrf-map canvas").first.wait_for(timeout=TIMEOUT)
    view.locator("select[aria-label='region tool']").select_option("polygon")
    box = view.locator(".jp-nxviz-xrf-map").first.bounding_box()

    def at(row: float, col: float) -> tuple[float, float]:
        return box["x"] + col / COLS * box["width"], box["y"] + row / ROWS * box["height"]

    corners = [(2.0, 2.0), (2.0, 15.3), (18.3, 2.0)]
    for corner in [*corners, corners[0]]:
        xpage.mouse.click(*at(*corner))
        xpage.wait_for_timeout(150)
    curve = wait_for_curve(xpage, view, "sum inside a polygon of 3 points")
    item = view.locator(".jp-nxviz-xrf-shown li").last
    source = json.loads(item.get_attribute("data-nxviz-source"))
    assert np.allclose(source["points"], corners, atol=0.1)
    inside = inside_polygon(source["points"], (ROWS, COLS))
    with h5py.File(xrf_lab.root / "cube.nxs", "r") as f:
        cube = f["/entry/xrf/counts"][()].astype(np.int64)
    assert f"({int(inside.sum())} px)" in curve["label"]
    assert curve["sum"] == cube[inside].sum()


def test_specs_mca_cube_opens_in_the_spectra_view_and_the_file_keeps_its_scan_plot(
    xpage, xrf_lab: LabServer
) -> None:
    viewer = open_file(xpage, xrf_lab, "spec.hdf5")
    # the file's own plot (the scan's I0 over eta and chi) is still its default view
    viewer.locator("[data-nxviz-default='/S22/data']").wait_for(timeout=TIMEOUT)
    assert viewer.locator("[data-nxviz-view='xrf-cube']").count() == 0
    for group in ("/S22", "/S22/data"):
        node(viewer, group).locator(".jp-nxviz-chevron").click()
    select(viewer, "/S22/data/_mca_")
    view = viewer.locator("[data-nxviz-view='xrf-cube'][data-nxviz-cube='/S22/data/_mca_']")
    view.wait_for(timeout=TIMEOUT)
    view.locator("[data-nxviz-map-ready='all']").wait_for(state="attached", timeout=TIMEOUT)
    box = view.locator(".jp-nxviz-xrf-map").first.bounding_box()
    xpage.mouse.move(box["x"] + 7.5 / 11 * box["width"], box["y"] + 4.5 / 11 * box["height"])
    hovered = wait_for_curve(xpage, view, "under the cursor: pixel 4,7")
    with h5py.File(xrf_lab.root / "spec.hdf5", "r") as f:
        expected = f["/S22/data/_mca_"][4, 7]
    assert hovered["n"] == 91
    assert hovered["sum"] == pytest.approx(float(expected.sum()), rel=1e-9)
