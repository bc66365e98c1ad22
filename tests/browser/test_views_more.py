"""Matrix, compound table, complex and RGB views in JupyterLab, on files written with h5py."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import h5py
import numpy as np
import pytest

from tests.browser.conftest import browser_page
from tests.browser.lab import LabServer, start_lab
from tests.browser.test_viewer import (
    TIMEOUT,
    open_file,
    select,
    wait_canvas_drawn,
)

ROW_HEIGHT = 22  # px, as MatrixView draws rows

# A hash of sampled pixels of the plot's canvas (WebGL, drawn with preserveDrawingBuffer).
CANVAS_SIGNATURE = """
(root) => {
  const canvas = root.querySelector('.jp-nxviz-main canvas');
  if (!canvas || !canvas.width || !canvas.height) { return ''; }
  const copy = document.createElement('canvas');
  copy.width = canvas.width; copy.height = canvas.height;
  const ctx = copy.getContext('2d');
  ctx.drawImage(canvas, 0, 0);
  const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
  let hash = 0;
  for (let i = 0; i < data.length; i += 4 * 13) {
    hash = (hash * 31 + data[i] * 65536 + data[i + 1] * 256 + data[i + 2]) | 0;
  }
  return String(hash);
}
"""

# RGBA of the RGB view's canvas at (x, y) in image pixels.
RGB_PIXEL = """
([root, x, y]) => {
  const canvas = root.querySelector('canvas.jp-nxviz-rgb-canvas');
  const pixel = canvas.getContext('2d').getImageData(x, y, 1, 1).data;
  return [canvas.width, canvas.height, pixel[0], pixel[1], pixel[2], pixel[3]];
}
"""

QUADRANTS = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (10, 200, 30)]


def grid_values() -> np.ndarray:
    rows, cols = np.mgrid[0:3000, 0:200]
    return (rows * 1000 + cols).astype("int32")


def rgb_image() -> np.ndarray:
    image = np.zeros((40, 60, 3), dtype="uint8")
    image[:20, :30] = QUADRANTS[0]
    image[:20, 30:] = QUADRANTS[1]
    image[20:, :30] = QUADRANTS[2]
    image[20:, 30:] = QUADRANTS[3]
    return image


def compound_table() -> np.ndarray:
    dtype = np.dtype([("name", "S8"), ("x", "<f4"), ("n", "<i4"), ("v", "<f8", (3,))])
    table = np.zeros(300, dtype=dtype)
    table["name"] = [f"row{i}".encode() for i in range(300)]
    table["x"] = np.arange(300) * 0.5
    table["n"] = np.arange(300) * 7
    table["v"] = np.arange(900).reshape(300, 3)
    return table


def write_more_views(path: Path) -> None:
    with h5py.File(path, "w") as f:
        f["grid"] = grid_values()
        f["cube"] = np.arange(4 * 30 * 20, dtype="float64").reshape(4, 30, 20) + 0.25
        f["names"] = np.array([f"name {i}" for i in range(500)], dtype=h5py.string_dtype())
        f["rgb"] = rgb_image()
        floats = f.create_dataset("rgb_float", data=rgb_image()[None].astype("float32") / 255)
        floats.attrs["interpretation"] = "rgb-image"
        yy, xx = np.mgrid[0:64, 0:80]
        radius = np.hypot(xx - 40, yy - 32)
        f["wave"] = radius * np.exp(1j * np.arctan2(yy - 32, xx - 40))
        f["wave1d"] = np.exp(1j * np.linspace(0, 6, 200)) * np.linspace(1, 2, 200)
        f["table"] = compound_table()
        f["z"] = np.complex128(1.5 - 2j)
        f.create_dataset(
            "states",
            data=(np.arange(1000) % 3).astype("i1"),
            dtype=h5py.enum_dtype({"OFF": 0, "ON": 1, "FAULT": 2}, basetype="i1"),
        )


def write_complex_default(path: Path) -> None:
    """A file whose @default NXdata has a complex signal."""
    with h5py.File(path, "w") as f:
        f.attrs["default"] = "entry"
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry.attrs["default"] = "field"
        data = entry.create_group("field")
        data.attrs["NX_class"] = "NXdata"
        data.attrs["signal"] = "psi"
        yy, xx = np.mgrid[0:50, 0:70]
        data["psi"] = np.hypot(xx - 35, yy - 25) * np.exp(0.2j * xx)


@pytest.fixture(scope="module")
def more_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    root = tmp_path_factory.mktemp("views-more")
    write_more_views(root / "more.h5")
    write_complex_default(root / "complex_default.nxs")
    server = start_lab(root, tmp_path_factory.mktemp("views-more-home"))
    yield server
    server.stop()


@pytest.fixture
def mpage(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from browser_page(browser, request, 1500, 950)


def switch_mode(viewer, mode: str) -> None:
    viewer.locator(f".jp-nxviz-mode[data-mode='{mode}']").click()


def cell(viewer, row: int, col: int):
    return viewer.locator(
        f".jp-nxviz-matrix .jp-nxviz-cell[data-row='{row}'][data-col='{col}']"
        ":not(.jp-nxviz-row-header):not(.jp-nxviz-col-header)"
    )


def cell_text(page, viewer, row: int, col: int) -> str:
    """The cell's text once its block has arrived."""
    target = cell(viewer, row, col)
    target.wait_for(timeout=TIMEOUT)
    deadline = time.monotonic() + 30
    while "jp-mod-loading" in (target.get_attribute("class") or ""):
        assert time.monotonic() < deadline, f"cell ({row}, {col}) never loaded"
        page.wait_for_timeout(100)
    return target.inner_text()


def scroll_matrix(viewer, top: int, left: int) -> None:
    viewer.locator(".jp-nxviz-matrix").evaluate(
        "(el, [top, left]) => { el.scrollTop = top; el.scrollLeft = left; }", [top, left]
    )


def test_matrix_shows_the_values_h5py_reads_where_it_is_scrolled(
    mpage, more_lab: LabServer
) -> None:
    grid = grid_values()
    viewer = open_file(mpage, more_lab, "more.h5")
    select(viewer, "/grid")
    switch_mode(viewer, "matrix")
    viewer.locator(".jp-nxviz-matrix[data-rows='3000'][data-cols='200']").wait_for(timeout=TIMEOUT)
    assert cell_text(mpage, viewer, 0, 0) == str(grid[0, 0])
    assert cell_text(mpage, viewer, 5, 3) == str(grid[5, 3])
    rendered = viewer.locator(".jp-nxviz-matrix .jp-nxviz-cell").count()
    assert rendered < 1500, f"{rendered} cells in the DOM: the grid is not virtualised"
    header = viewer.locator(".jp-nxviz-matrix .jp-nxviz-col-header[data-col='3']")
    assert header.inner_text() == "3"

    with mpage.expect_response(
        lambda r: "/nxviz/api/data" in r.url and "selection=2500%3A2600%2C150%3A200" in r.url,
        timeout=TIMEOUT,
    ):
        scroll_matrix(viewer, 2500 * ROW_HEIGHT, 150 * 96)
    assert cell_text(mpage, viewer, 2500, 150) == str(grid[2500, 150])
    assert cell_text(mpage, viewer, 2503, 152) == str(grid[2503, 152])
    row_header = viewer.locator(".jp-nxviz-matrix .jp-nxviz-row-header[data-row='2501']")
    assert row_header.inner_text() == "2501"
    assert cell(viewer, 0, 0).count() == 0, "cells scrolled away leave the DOM"


def test_matrix_of_a_3d_dataset_shows_the_chosen_slice(mpage, more_lab: LabServer) -> None:
    viewer = open_file(mpage, more_lab, "more.h5")
    select(viewer, "/cube")
    switch_mode(viewer, "matrix")
    assert cell_text(mpage, viewer, 1, 2) == "22.25"
    viewer.locator(".jp-nxviz-matrix-view .jp-nxviz-slider input[type='number']").fill("2")
    expected = f"{2 * 600 + 10 * 20 + 3}.25"
    deadline = time.monotonic() + 30
    while cell_text(mpage, viewer, 10, 3) != expected:
        assert time.monotonic() < deadline, "the matrix did not follow the slider"
        mpage.wait_for_timeout(100)


def test_string_arrays_open_in_the_matrix(mpage, more_lab: LabServer) -> None:
    viewer = open_file(mpage, more_lab, "more.h5")
    select(viewer, "/names")
    viewer.locator("[data-nxviz-view='matrix']").wait_for(timeout=TIMEOUT)
    assert cell_text(mpage, viewer, 0, 0) == "name 0"
    scroll_matrix(viewer, 450 * ROW_HEIGHT, 0)
    assert cell_text(mpage, viewer, 452, 0) == "name 452"


def test_rgb_canvas_has_the_colours_written(mpage, more_lab: LabServer) -> None:
    viewer = open_file(mpage, more_lab, "more.h5")
    select(viewer, "/rgb")
    viewer.locator(".jp-nxviz-rgb[data-drawn=':,:,:']").wait_for(timeout=TIMEOUT)
    canvas = viewer.locator(".jp-nxviz-rgb")
    for (x, y), colour in zip([(5, 5), (50, 5), (5, 35), (50, 35)], QUADRANTS, strict=True):
        width, height, *rgba = canvas.evaluate(f"root => ({RGB_PIXEL})([root, {x}, {y}])")
        assert (width, height) == (60, 40)
        assert tuple(rgba) == (*colour, 255), f"pixel ({x}, {y})"
    box = viewer.locator("canvas.jp-nxviz-rgb-canvas").bounding_box()
    assert box is not None and box["width"] > 100, "the image is scaled up to the view"


def test_float_rgb_with_interpretation_opens_as_an_image(mpage, more_lab: LabServer) -> None:
    viewer = open_file(mpage, more_lab, "more.h5")
    select(viewer, "/rgb_float")
    viewer.locator(".jp-nxviz-rgb[data-drawn='0,:,:,:']").wait_for(timeout=TIMEOUT)
    rgba = viewer.locator(".jp-nxviz-rgb").evaluate(f"root => ({RGB_PIXEL})([root, 50, 35])")
    assert rgba[2:] == [*QUADRANTS[3], 255]


def test_complex_amplitude_draws_and_phase_changes_the_pixels(mpage, more_lab: LabServer) -> None:
    viewer = open_file(mpage, more_lab, "more.h5")
    select(viewer, "/wave")
    viewer.locator(".jp-nxviz-complex[data-drawn=':,::amplitude']").wait_for(timeout=TIMEOUT)
    viewer.locator("[data-nxviz-plot='heatmap']").wait_for(timeout=TIMEOUT)
    assert wait_canvas_drawn(mpage, viewer, minimum=20) >= 20
    mpage.wait_for_timeout(500)
    amplitude = viewer.evaluate(CANVAS_SIGNATURE)
    viewer.locator(".jp-nxviz-complex button[data-part='phase']").click()
    viewer.locator(".jp-nxviz-complex[data-drawn=':,::phase']").wait_for(timeout=TIMEOUT)
    deadline = time.monotonic() + 30
    while viewer.evaluate(CANVAS_SIGNATURE) == amplitude:
        assert time.monotonic() < deadline, "switching to phase left the pixels unchanged"
        mpage.wait_for_timeout(200)
    note = viewer.locator(".jp-nxviz-plot-note").inner_text()
    assert "colour range" in note
    low, high = (float(v) for v in note.split("colour range")[1].replace("−", "-").split(" – "))
    assert low < -3 and high > 3, f"phase spans −π..π, got {low}..{high}"


def test_complex_1d_is_a_line_of_the_amplitude(mpage, more_lab: LabServer) -> None:
    viewer = open_file(mpage, more_lab, "more.h5")
    select(viewer, "/wave1d")
    viewer.locator(".jp-nxviz-complex[data-nxviz-view='line'] [data-nxviz-plot='line']").wait_for(
        timeout=TIMEOUT
    )
    assert wait_canvas_drawn(mpage, viewer, minimum=3) >= 3
    switch_mode(viewer, "matrix")
    wave = np.exp(1j * np.linspace(0, 6, 200)) * np.linspace(1, 2, 200)
    text = cell_text(mpage, viewer, 10, 0)
    sign = "−" if "−" in text else "+"
    real, imag = text.removesuffix("i").rsplit(sign, 1)
    assert float(real) == pytest.approx(wave[10].real, rel=1e-5)
    assert float(imag) * (-1 if sign == "−" else 1) == pytest.approx(wave[10].imag, rel=1e-5)


def test_compound_table_shows_member_names_and_values(mpage, more_lab: LabServer) -> None:
    table = compound_table()
    viewer = open_file(mpage, more_lab, "more.h5")
    select(viewer, "/table")
    viewer.locator(".jp-nxviz-matrix[data-rows='300'][data-cols='4']").wait_for(timeout=TIMEOUT)
    headers = viewer.locator(".jp-nxviz-matrix .jp-nxviz-col-header").all_inner_texts()
    assert headers == ["name", "x", "n", "v"]
    assert cell_text(mpage, viewer, 0, 0) == "row0"
    scroll_matrix(viewer, 250 * ROW_HEIGHT, 0)
    assert cell_text(mpage, viewer, 251, 0) == table["name"][251].decode()
    assert float(cell_text(mpage, viewer, 251, 1)) == float(table["x"][251])
    assert int(cell_text(mpage, viewer, 251, 2)) == int(table["n"][251])
    assert cell_text(mpage, viewer, 251, 3) == "[{}]".format(
        ", ".join(str(int(v)) for v in table["v"][251])
    )


def test_a_complex_scalar_reads_as_a_complex_number(mpage, more_lab: LabServer) -> None:
    viewer = open_file(mpage, more_lab, "more.h5")
    select(viewer, "/z")
    value = viewer.locator("[data-nxviz-view='value']")
    value.wait_for(timeout=TIMEOUT)
    assert value.inner_text().strip() == "1.5\u22122i"


def test_large_enum_arrays_show_labels_in_the_matrix(mpage, more_lab: LabServer) -> None:
    viewer = open_file(mpage, more_lab, "more.h5")
    select(viewer, "/states")
    viewer.locator("[data-nxviz-view='matrix']").wait_for(timeout=TIMEOUT)
    assert cell_text(mpage, viewer, 2, 0) == "FAULT (2)"
    scroll_matrix(viewer, 900 * ROW_HEIGHT, 0)
    assert cell_text(mpage, viewer, 904, 0) == "ON (1)"


def test_default_nxdata_with_a_complex_signal_draws_its_amplitude(
    mpage, more_lab: LabServer
) -> None:
    viewer = open_file(mpage, more_lab, "complex_default.nxs")
    viewer.locator(
        "[data-nxviz-default='/entry/field'] .jp-nxviz-complex[data-part='amplitude'] "
        "[data-nxviz-plot='heatmap']"
    ).wait_for(timeout=TIMEOUT)
    assert wait_canvas_drawn(mpage, viewer, minimum=20) >= 20
