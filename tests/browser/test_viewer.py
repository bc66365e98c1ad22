"""The viewer in JupyterLab: tree, inspector, every view, @default plots, findings, dark theme."""

from __future__ import annotations

import io
import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import h5py
import numpy as np
import pytest
import tifffile

from tests.browser.conftest import browser_page
from tests.browser.lab import LabServer, start_lab
from tests.browser.viewer_files import MANY, NOTES, write_all

TIMEOUT = 30_000

# Pixels of the plot's WebGL canvas (drawn with preserveDrawingBuffer), read back in the page.
CANVAS_COLOURS = """
(root) => {
  const canvas = root.querySelector('.jp-nxviz-main canvas');
  if (!canvas || !canvas.width || !canvas.height) { return -1; }
  const copy = document.createElement('canvas');
  copy.width = canvas.width; copy.height = canvas.height;
  const ctx = copy.getContext('2d');
  ctx.drawImage(canvas, 0, 0);
  const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
  const colours = new Set();
  for (let i = 0; i < data.length; i += 4 * 7) {
    colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
  }
  return colours.size;
}
"""


@pytest.fixture(scope="module")
def viewer_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("viewer")
    write_all(root)
    return root


@pytest.fixture(scope="module")
def viewer_lab(viewer_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    server = start_lab(viewer_root, tmp_path_factory.mktemp("viewer-home"))
    yield server
    server.stop()


@pytest.fixture
def vpage(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from browser_page(browser, request, 1500, 950)


def open_file(page, lab: LabServer, name: str):
    """Open ``name`` in a fresh workspace; returns the viewer once its root is read."""
    workspace = f"t{time.monotonic_ns()}"
    page.goto(lab.url(f"lab/workspaces/{workspace}/tree/{name}?reset"), timeout=60_000)
    viewer = page.locator(".jp-nxviz-root[data-nxviz-state='ready']")
    viewer.wait_for(timeout=TIMEOUT)
    return viewer


def node(viewer, path: str):
    return viewer.locator(f".jp-nxviz-node[data-path='{path}']")


def select(viewer, path: str) -> None:
    node(viewer, path).click()
    viewer.locator(f".jp-nxviz-node.jp-mod-selected[data-path='{path}']").wait_for(timeout=TIMEOUT)


def wait_canvas_drawn(page, viewer, minimum: int = 8) -> int:
    """Wait until the plot's canvas holds at least ``minimum`` distinct colours."""
    deadline = time.monotonic() + 30
    colours = -1
    while time.monotonic() < deadline:
        colours = viewer.evaluate(CANVAS_COLOURS)
        if colours >= minimum:
            return colours
        page.wait_for_timeout(250)
    raise AssertionError(f"the plot canvas shows {colours} colours, expected >= {minimum}")


def field(viewer, label: str) -> str:
    return viewer.locator(f".jp-nxviz-inspector dd[data-field='{label}']").inner_text()


def test_root_default_opens_the_nxdata_line_plot(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    plot = viewer.locator("[data-nxviz-default='/entry/plot'] [data-nxviz-plot='line']")
    plot.wait_for(timeout=TIMEOUT)
    assert wait_canvas_drawn(vpage, viewer, minimum=3) >= 3
    text = viewer.locator(".jp-nxviz-main").inner_text()
    assert "energy (keV)" in text
    assert "counts" in text


def test_tree_lists_badges_links_and_flags_dangling(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    names = viewer.locator(".jp-nxviz-child").evaluate_all("els => els.map(e => e.dataset.name)")
    assert names == sorted(
        ["big", "entry", "gone", "image", "line", "many", "mode", "scalar", "stack", "text"]
    )
    assert "NXentry" in node(viewer, "/entry").inner_text()
    gone = node(viewer, "/gone")
    assert "jp-nxviz-broken" in (gone.get_attribute("class") or "")
    assert "/nowhere/at/all" in gone.inner_text()
    select(viewer, "/gone")
    problem = viewer.locator(".jp-nxviz-main .jp-nxviz-problem")
    problem.wait_for(timeout=TIMEOUT)
    assert "/nowhere/at/all" in problem.inner_text()
    assert "does not exist" in problem.inner_text()
    assert field(viewer, "link target").startswith("/nowhere/at/all")


def test_inspector_shows_dtype_shape_chunks_and_attributes(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    viewer.locator(".jp-nxviz-tree").focus()
    node(viewer, "/entry").locator(".jp-nxviz-chevron").click()
    node(viewer, "/entry/plot").locator(".jp-nxviz-chevron").click()
    select(viewer, "/entry/plot/energy")
    viewer.locator(".jp-nxviz-attrs tr[data-attr='units']").wait_for(timeout=TIMEOUT)
    assert field(viewer, "path") == "/entry/plot/energy"
    assert field(viewer, "dtype") == "float64"
    assert field(viewer, "shape") == "300"
    assert field(viewer, "chunks") == "contiguous"
    assert "keV" in viewer.locator(".jp-nxviz-attrs tr[data-attr='units']").inner_text()


def test_inspector_reads_more_attributes_a_page_at_a_time(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "attrs.h5")
    select(viewer, "/notes")
    rows = viewer.locator(".jp-nxviz-attrs tr[data-attr]")
    more = viewer.locator(".jp-nxviz-attrs-more")
    more.wait_for(timeout=TIMEOUT)
    assert rows.count() == 100
    assert "100 of 250 attributes shown" in more.inner_text()
    more.get_by_role("button", name="Show 100 more").click()
    viewer.locator(".jp-nxviz-attrs-more[data-shown='200']").wait_for(timeout=TIMEOUT)
    assert rows.count() == 200
    more.get_by_role("button", name="Show 50 more").click()
    viewer.locator(".jp-nxviz-attrs tr[data-attr='note_249']").wait_for(timeout=TIMEOUT)
    assert more.count() == 0  # all shown: no control left
    names = rows.evaluate_all("els => els.map(e => e.dataset.attr)")
    assert names == [f"note_{i:03d}" for i in range(NOTES)]
    last = viewer.locator(".jp-nxviz-attrs tr[data-attr='note_249'] td").inner_text()
    assert last == "value 249"


def test_keyboard_moves_the_selection(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    select(viewer, "/entry")
    tree = viewer.locator(".jp-nxviz-tree")
    tree.focus()
    tree.press("ArrowRight")  # expand /entry
    node(viewer, "/entry/plot").wait_for(timeout=TIMEOUT)
    tree.press("ArrowDown")
    viewer.locator(".jp-nxviz-node.jp-mod-selected[data-path='/entry/plot']").wait_for(
        timeout=TIMEOUT
    )
    tree.press("ArrowLeft")  # to the parent
    viewer.locator(".jp-nxviz-node.jp-mod-selected[data-path='/entry']").wait_for(timeout=TIMEOUT)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("/scalar", "3.25", id="scalar"),
        pytest.param("/text", "hello nxviz", id="string"),
        pytest.param("/mode", "OFF (0), ON (1), ON (1)", id="enum-with-labels"),
    ],
)
def test_value_view(vpage, viewer_lab: LabServer, path: str, expected: str) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    select(viewer, path)
    value = viewer.locator("[data-nxviz-view='value']")
    value.wait_for(timeout=TIMEOUT)
    assert expected in value.inner_text()


def test_line_view_draws(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    select(viewer, "/line")
    viewer.locator("[data-nxviz-view='line'] [data-nxviz-plot='line']").wait_for(timeout=TIMEOUT)
    assert wait_canvas_drawn(vpage, viewer, minimum=3) >= 3


def test_heatmap_view_draws_with_colour_bar(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    select(viewer, "/image")
    viewer.locator("[data-nxviz-plot='heatmap']").wait_for(timeout=TIMEOUT)
    assert wait_canvas_drawn(vpage, viewer, minimum=20) >= 20
    note = viewer.locator(".jp-nxviz-plot-note").inner_text()
    assert "240 × 320" in note


def test_big_image_comes_reduced_and_zoom_asks_for_the_region(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    with vpage.expect_response(
        lambda r: "/nxviz/api/image" in r.url and "path=%2Fbig" in r.url, timeout=TIMEOUT
    ) as first:
        select(viewer, "/big")
    assert first.value.headers["x-nxviz-shape"] == "2000,2400"
    factors = [int(n) for n in first.value.headers["x-nxviz-factors"].split(",")]
    assert max(factors) > 1, "a 2000×2400 frame is reduced to screen size"
    wait_canvas_drawn(vpage, viewer)
    assert "at 1/" in viewer.locator(".jp-nxviz-plot-note").inner_text()
    canvas = viewer.locator(".jp-nxviz-main canvas").first
    box = canvas.bounding_box()
    assert box is not None
    vpage.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    with vpage.expect_response(
        lambda r: "/nxviz/api/image" in r.url and "region=" in r.url, timeout=TIMEOUT
    ) as zoomed:
        for _ in range(8):
            vpage.mouse.wheel(0, -200)
            vpage.wait_for_timeout(50)
    assert zoomed.value.status == 200
    region = zoomed.value.headers["x-nxviz-image"]
    assert '"region"' in region
    factors = [int(n) for n in zoomed.value.headers["x-nxviz-factors"].split(",")]
    assert max(factors) < max(int(n) for n in first.value.headers["x-nxviz-factors"].split(","))


def test_export_png_downloads_the_plot(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    select(viewer, "/image")
    wait_canvas_drawn(vpage, viewer)
    with vpage.expect_download(timeout=TIMEOUT) as download:
        viewer.locator(".jp-nxviz-button", has_text="PNG").click()
    assert download.value.suggested_filename == "views-image.png"
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_settings_schema_is_served_to_the_settings_editor(viewer_lab: LabServer) -> None:
    with urllib.request.urlopen(viewer_lab.url("lab/api/settings/nxviz:plugin")) as response:
        settings = json.load(response)
    properties = settings["schema"]["properties"]
    assert {"colormap", "scale", "percentiles", "invertColormap"} <= set(properties)
    assert properties["scale"]["enum"] == ["linear", "log", "sqrt", "symlog"]


def test_settings_choose_the_colormap_and_scale_of_new_plots(vpage, viewer_lab: LabServer) -> None:
    open_file(vpage, viewer_lab, "views.h5")  # a page whose cookies and XSRF token we can use
    raw = json.dumps({"colormap": "Greys", "scale": "sqrt"})
    status = vpage.evaluate(
        """async raw => {
          const xsrf = document.cookie.match(/_xsrf=([^;]+)/);
          const response = await fetch('/lab/api/settings/nxviz:plugin', {
            method: 'PUT',
            headers: {'Content-Type': 'application/json', 'X-XSRFToken': xsrf ? xsrf[1] : ''},
            body: JSON.stringify({raw})
          });
          return response.status;
        }""",
        raw,
    )
    assert status == 204
    try:
        viewer = open_file(vpage, viewer_lab, "views.h5")
        select(viewer, "/image")
        plot = viewer.locator("[data-nxviz-plot='heatmap']")
        plot.wait_for(timeout=TIMEOUT)
        toolbar = plot.inner_text()
        assert "Greys" in toolbar
        assert "Square root" in toolbar
    finally:
        vpage.evaluate(
            """async () => {
              const xsrf = document.cookie.match(/_xsrf=([^;]+)/);
              await fetch('/lab/api/settings/nxviz:plugin', {
                method: 'PUT',
                headers: {'Content-Type': 'application/json', 'X-XSRFToken': xsrf ? xsrf[1] : ''},
                body: JSON.stringify({raw: '{}'})
              });
            }"""
        )


def test_slicing_a_stack_requests_the_chosen_frame(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    select(viewer, "/stack")
    # a 3-D stack that is not a detector's opens in the slice view of volumes; the nD slicer
    # is its heatmap mode
    viewer.locator(".jp-nxviz-mode[data-mode='heatmap']").click()
    viewer.locator("[data-nxviz-plot='heatmap']").wait_for(timeout=TIMEOUT)
    wait_canvas_drawn(vpage, viewer)
    with vpage.expect_response(
        lambda r: "/nxviz/api/image" in r.url and "selection=4%2C%3A%2C%3A" in r.url,
        timeout=TIMEOUT,
    ):
        viewer.locator(".jp-nxviz-slider input[type='number']").fill("4")
    viewer.locator("[data-selection='4,:,:']").wait_for(timeout=TIMEOUT)
    domain = viewer.locator(".jp-nxviz-plot-note")
    vpage.wait_for_function(
        "el => el.dataset.nxvizDomain && Number(el.dataset.nxvizDomain.split(',')[0]) >= 4000",
        arg=domain.element_handle(),
        timeout=TIMEOUT,
    )


def test_big_group_pages_while_scrolling(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    node(viewer, "/many").locator(".jp-nxviz-chevron").click()
    node(viewer, "/many/g00000").wait_for(timeout=TIMEOUT)
    tree = viewer.locator(".jp-nxviz-tree")
    rendered = viewer.locator(".jp-nxviz-node").count()
    assert rendered < 200, f"{rendered} rows in the DOM: the list is not virtualised"
    last = f"/many/g{MANY - 1:05d}"
    deadline = time.monotonic() + 30
    while not node(viewer, last).count() and time.monotonic() < deadline:
        tree.evaluate("el => { el.scrollTop = el.scrollHeight; }")
        vpage.wait_for_timeout(200)
    assert node(viewer, last).count() == 1


def test_default_opens_a_heatmap_with_physical_axes(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "image_default.nxs")
    viewer.locator("[data-nxviz-default='/entry/map'] [data-nxviz-plot='heatmap']").wait_for(
        timeout=TIMEOUT
    )
    assert wait_canvas_drawn(vpage, viewer, minimum=20) >= 20
    text = viewer.locator(".jp-nxviz-main").inner_text()
    assert "intensity" in text
    ticks = set(text.split("\n"))
    assert {"−5", "5"} <= ticks, "x ticks are the physical axis (-5 to 5), not pixel indices"
    # y runs 0..2 over 90 rows: its ticks are fractions (which ones depends on the plot's
    # height), where pixel indices would be whole numbers up to 89.
    fractions = {"0.2", "0.4", "0.5", "0.6", "0.8", "1.2", "1.4", "1.5", "1.6", "1.8"}
    assert ticks & fractions, f"y ticks are the physical axis (0 to 2): {sorted(ticks)}"


def test_findings_listed_badged_and_a_click_selects_the_entity(
    vpage, viewer_lab: LabServer
) -> None:
    viewer = open_file(vpage, viewer_lab, "invalid_mx.nxs")
    panel = viewer.locator(".jp-nxviz-validation[data-nxviz-state='ready']")
    panel.wait_for(timeout=60_000)
    count = int(panel.locator(".jp-nxviz-counts").get_attribute("data-count") or "0")
    assert count == panel.locator(".jp-nxviz-finding").count() > 0
    assert "NXmx" in panel.locator("[data-field='definition']").inner_text()
    assert "NXDL" in panel.locator("[data-field='definition']").inner_text()
    assert node(viewer, "/entry").locator(".jp-nxviz-finding-dot, .jp-nxviz-finding-badge").count()
    finding = panel.locator(".jp-nxviz-finding[data-code='wrong_units']").first
    assert "distance" in (finding.get_attribute("data-path") or "")
    finding.click()
    target = "/entry/instrument/detector/distance"
    viewer.locator(f".jp-nxviz-node.jp-mod-selected[data-path='{target}']").wait_for(
        timeout=TIMEOUT
    )
    assert node(viewer, target).locator(".jp-nxviz-finding-badge").inner_text().strip() != ""
    vpage.wait_for_function(
        "t => [...document.querySelectorAll(\".jp-nxviz-inspector dd[data-field='path']\")]"
        ".some(e => e.textContent === t)",
        arg=target,
        timeout=TIMEOUT,
    )
    panel.locator("input[type='search']").fill("no finding has this text")
    assert panel.locator(".jp-nxviz-finding").count() == 0


def test_unreadable_file_says_what_is_wrong(vpage, viewer_lab: LabServer) -> None:
    workspace = f"t{time.monotonic_ns()}"
    vpage.goto(viewer_lab.url(f"lab/workspaces/{workspace}/tree/not_hdf5.h5?reset"))
    viewer = vpage.locator(".jp-nxviz-root[data-nxviz-state='error']")
    viewer.wait_for(timeout=TIMEOUT)
    message = viewer.locator(".jp-nxviz-error").inner_text()
    assert "not_hdf5.h5" in message or "HDF5" in message


def test_palette_offers_the_viewer_commands(vpage, viewer_lab: LabServer) -> None:
    open_file(vpage, viewer_lab, "views.h5")
    vpage.keyboard.press("Control+Shift+C")
    vpage.locator(".lm-CommandPalette-input").fill("nxviz")
    labels = vpage.locator(".lm-CommandPalette-itemLabel").all_inner_texts()
    for label in (
        "nxviz: Refresh the file",
        "nxviz: Validate the file",
        "nxviz: Export the plot as PNG",
        "nxviz: Export the current slice as NPY",
        "nxviz: Export the current slice as CSV",
    ):
        assert label in labels


def export(page, viewer, button: str) -> tuple[str, bytes]:
    """Click an export button; the suggested file name and the bytes saved."""
    with page.expect_download(timeout=TIMEOUT) as download:
        viewer.locator(".jp-nxviz-button", has_text=button).click()
    return download.value.suggested_filename, Path(download.value.path()).read_bytes()


def test_export_npy_downloads_the_current_slice(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    select(viewer, "/line")
    viewer.locator("[data-nxviz-plot='line']").wait_for(timeout=TIMEOUT)
    name, body = export(vpage, viewer, "NPY")
    assert name == "views-line.npy"
    with h5py.File(viewer_lab.root / "views.h5", "r") as f:
        np.testing.assert_array_equal(np.load(io.BytesIO(body)), f["line"][()])


def test_export_csv_and_tiff_hold_the_shown_image(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    select(viewer, "/image")
    wait_canvas_drawn(vpage, viewer)
    csv_name, csv = export(vpage, viewer, "CSV")
    tiff_name, tiff = export(vpage, viewer, "TIFF")

    with h5py.File(viewer_lab.root / "views.h5", "r") as f:
        image = f["image"][()]
    assert (csv_name, tiff_name) == ("views-image.csv", "views-image.tiff")
    np.testing.assert_array_equal(np.loadtxt(io.BytesIO(csv), delimiter=",", ndmin=2), image)
    got = tifffile.imread(io.BytesIO(tiff))
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, image)


def test_tiff_is_offered_for_images_not_for_lines(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    select(viewer, "/line")
    viewer.locator("[data-nxviz-plot='line']").wait_for(timeout=TIMEOUT)
    tiff = viewer.locator(".jp-nxviz-button", has_text="TIFF")
    tiff.wait_for(state="detached", timeout=TIMEOUT)
    select(viewer, "/image")
    viewer.locator("[data-nxviz-plot='heatmap']").wait_for(timeout=TIMEOUT)
    tiff.wait_for(timeout=TIMEOUT)


def test_missing_filter_is_explained_and_the_inspector_still_works(
    vpage, viewer_lab: LabServer
) -> None:
    viewer = open_file(vpage, viewer_lab, "filtered.h5")
    select(viewer, "/locked")
    problem = viewer.locator(".jp-nxviz-main .jp-nxviz-problem")
    problem.wait_for(timeout=TIMEOUT)
    text = problem.inner_text()
    assert "compression filter is not available" in text
    assert "must be installed on the server" in text
    assert "32999" in field(viewer, "filters")


@pytest.fixture(scope="module")
def dark_lab(viewer_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    server = start_lab(viewer_root, tmp_path_factory.mktemp("dark-home"), theme="JupyterLab Dark")
    yield server
    server.stop()


def test_dark_theme_renders_the_viewer(vpage, dark_lab: LabServer) -> None:
    viewer = open_file(vpage, dark_lab, "image_default.nxs")
    viewer.locator("[data-nxviz-plot='heatmap']").wait_for(timeout=TIMEOUT)
    wait_canvas_drawn(vpage, viewer, minimum=20)
    background = viewer.evaluate("el => getComputedStyle(el).backgroundColor")
    channels = [int(c) for c in background[background.index("(") + 1 : -1].split(",")[:3]]
    assert sum(channels) < 3 * 100, background
    tick = viewer.locator(".jp-nxviz-main svg text").first
    colour = tick.evaluate("el => getComputedStyle(el).fill")
    tick_channels = [int(c) for c in colour[colour.index("(") + 1 : -1].split(",")[:3]]
    assert sum(tick_channels) > 3 * 150, f"tick labels {colour} are unreadable on {background}"


def test_search_stopped_at_its_limit_can_show_more(vpage, viewer_lab: LabServer) -> None:
    viewer = open_file(vpage, viewer_lab, "views.h5")
    viewer.locator(".jp-nxviz-search input").fill("g0")  # /many holds 2,500 groups g00000…
    summary = viewer.locator(".jp-nxviz-search-summary")
    more = summary.locator(".jp-nxviz-search-more")
    more.wait_for(timeout=TIMEOUT)
    assert viewer.locator(".jp-nxviz-search-result").count() == 200
    assert "first 200 of many" in summary.inner_text()
    with vpage.expect_response(lambda r: "/nxviz/api/search?" in r.url) as answered:
        more.click()
    assert "limit=1000" in answered.value.url
    vpage.wait_for_function(
        "() => document.querySelectorAll('.jp-nxviz-search-result').length === 1000",
        timeout=TIMEOUT,
    )
    assert "first 1000 of many" in summary.inner_text()
    assert more.count() == 0
