"""PNG export saves what the scientist sees: the plot with its axes, labels, colour bar and
title (heatmap, line) and, in the Frames view, the frame with its pixel axes, title and colour
bar. The downloaded PNG is decoded and each region is checked for drawing, at 2 device pixels
per CSS pixel."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.browser.conftest import ARTIFACTS, browser_page
from tests.browser.lab import LabServer
from tests.browser.test_frames import VIEW, open_eiger
from tests.browser.test_gallery import open_file, wait_drawn

TIMEOUT = 30_000
SCALE = 2

# Boxes (CSS px, relative to the plot's <figure>) of the figure, its canvas, colour bar, title.
FIGURE_BOXES = """
(root) => {
  const figure = root.querySelector('figure.jp-nxviz-vis');
  const box = el => {
    if (!el) { return null; }
    const r = el.getBoundingClientRect(), f = figure.getBoundingClientRect();
    return [r.left - f.left, r.top - f.top, r.width, r.height];
  };
  return {
    figure: box(figure),
    canvas: box(figure.querySelector('canvas')),
    bar: box(figure.querySelector("[class*='colorBar']")),
    title: box(figure.querySelector("[class*='title']")),
  };
}
"""


# The frame's extent in the rings' overlay and each ring label's box, relative to the overlay.
RING_LABELS = """
() => {
  const svg = document.querySelector('svg.jp-nxviz-frames-overlay');
  const o = svg.getBoundingClientRect();
  return {
    frame: svg.dataset.frameBox.split(',').map(Number),
    labels: Array.from(svg.querySelectorAll('.jp-nxviz-frames-ring text')).map(t => {
      const r = t.getBoundingClientRect();
      return [r.left - o.left, r.top - o.top, r.right - o.left, r.bottom - o.top];
    })
  };
}
"""


@pytest.fixture
def hipage(browser: object, lab: LabServer, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from browser_page(browser, request, 1400, 900, scale=SCALE)


def export_png(page, viewer) -> tuple[str, np.ndarray]:
    with page.expect_download(timeout=TIMEOUT) as download:
        viewer.locator(".jp-nxviz-button", has_text="PNG").click()
    data = Path(download.value.path()).read_bytes()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"export-{download.value.suggested_filename}").write_bytes(data)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.int32)
    return download.value.suggested_filename, pixels


def drawn(pixels: np.ndarray, box: list[float] | tuple[float, ...]) -> np.ndarray:
    """The pixels of a CSS-px box (x, y, w, h) of the PNG, at SCALE."""
    x, y, w, h = (round(v * SCALE) for v in box)
    region = pixels[max(0, y) : y + h, max(0, x) : x + w]
    assert region.size, f"the box {box} is outside the PNG"
    return region


def ink(region: np.ndarray, background: np.ndarray) -> float:
    """Fraction of the region's pixels that differ from the background."""
    return float((np.abs(region - background).sum(axis=-1) > 60).mean())


def spread(region: np.ndarray, background: np.ndarray, axis: int) -> float:
    """Fraction of the region's extent along ``axis`` (0: rows) between its first and last ink."""
    inked = (np.abs(region - background).sum(axis=-1) > 60).any(axis=1 - axis)
    where = np.flatnonzero(inked)
    return float((where[-1] - where[0]) / inked.size) if where.size else 0.0


def background_of(pixels: np.ndarray) -> np.ndarray:
    corners = np.array([pixels[0, 0], pixels[0, -1], pixels[-1, 0], pixels[-1, -1]])
    values, counts = np.unique(corners, axis=0, return_counts=True)
    return values[np.argmax(counts)]


def check_plot_png(pixels: np.ndarray, boxes: dict[str, list[float]], colours: int) -> None:
    figure, canvas = boxes["figure"], boxes["canvas"]
    assert pixels.shape[:2] == (round(figure[3] * SCALE), round(figure[2] * SCALE))
    back = background_of(pixels)
    cx, cy, cw, ch = canvas
    # the y axis (ticks and label) left of the canvas, the x axis under it: drawn, not blank
    # (tick labels from one end to the other)
    y_axis = drawn(pixels, (0, cy, cx, ch))
    x_axis = drawn(pixels, (cx, cy + ch, cw, figure[3] - cy - ch))
    assert ink(y_axis, back) > 0.002 and spread(y_axis, back, 0) > 0.6
    assert ink(x_axis, back) > 0.002 and spread(x_axis, back, 1) > 0.6
    plot = drawn(pixels, canvas)
    assert len(np.unique(plot.reshape(-1, 3), axis=0)) > colours, "the plot area is blank"
    assert ink(plot, back) > 0.002
    if boxes["title"]:
        assert ink(drawn(pixels, boxes["title"]), back) > 0.005, "the title is not drawn"
    if boxes["bar"]:
        bar = drawn(pixels, boxes["bar"])
        assert len(np.unique(bar.reshape(-1, 3), axis=0)) > 30, "the colour bar is not drawn"


def test_png_of_a_heatmap_has_axes_colour_bar_and_title(hipage, lab: LabServer) -> None:
    viewer = open_file(hipage, lab, "xrf_map.nxs")
    wait_drawn(hipage, viewer)
    boxes = viewer.evaluate(FIGURE_BOXES)
    assert boxes["bar"] and boxes["title"]
    name, pixels = export_png(hipage, viewer)
    assert name.endswith(".png")
    check_plot_png(pixels, boxes, colours=20)


def test_png_of_a_line_plot_has_its_axes(hipage, lab: LabServer) -> None:
    viewer = open_file(hipage, lab, "xas_spectrum.nxs")
    wait_drawn(hipage, viewer, minimum=2)
    boxes = viewer.evaluate(FIGURE_BOXES)
    _, pixels = export_png(hipage, viewer)
    check_plot_png(pixels, boxes, colours=3)  # a blue curve, anti-aliased, on the background


def test_png_of_a_frame_has_title_pixel_axes_and_colour_bar(hipage, lab: LabServer) -> None:
    open_eiger(hipage, lab)
    hipage.locator(".jp-nxviz-frames-number").fill("12")
    hipage.locator(f"{VIEW}[data-drawn-index='12']").wait_for(timeout=TIMEOUT)
    viewer = hipage.locator(".jp-nxviz-root")
    area = hipage.locator(".jp-nxviz-frames-canvas").bounding_box()
    bar = hipage.locator("svg.jp-nxviz-frames-histogram").bounding_box()
    # every ring label lies on the frame itself, not over the canvas's margin beside it (the
    # figure keeps the frame's extent only: a label there would be cut in the PNG)
    labels = hipage.evaluate(RING_LABELS)
    assert len(labels["labels"]) >= 3, labels
    x, y, w, h = labels["frame"]
    for left, top, right, bottom in labels["labels"]:
        assert x - 0.5 <= left and right <= x + w + 0.5, (labels["frame"], left, right)
        assert y - 0.5 <= top and bottom <= y + h + 0.5, (labels["frame"], top, bottom)
    assert w < area["width"] - 10, "the frame fills the canvas: labels could not stray"
    name, pixels = export_png(hipage, viewer)
    assert name == "eiger_master-entry_data_data_000001-frame12.png"
    height, width = pixels.shape[:2]
    # the figure holds the frame (as wide as its drawn part at most), axes and the colour bar
    assert width > (bar["width"] + 58) * SCALE and height > 200 * SCALE
    assert width <= (area["width"] + bar["width"] + 100) * SCALE
    back = background_of(pixels)
    assert ink(pixels[: 28 * SCALE], back) > 0.01, "no title"
    assert ink(pixels[28 * SCALE :, : 56 * SCALE], back) > 0.01, "no row axis"
    right = pixels[28 * SCALE :, -round((bar["width"] + 12) * SCALE) :]
    assert len(np.unique(right.reshape(-1, 3), axis=0)) > 30, "no colour bar"
    frame = pixels[40 * SCALE : -60 * SCALE, 70 * SCALE : 300 * SCALE]
    assert len(np.unique(frame.reshape(-1, 3), axis=0)) > 30, "the frame is blank"
