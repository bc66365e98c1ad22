"""The view is chosen from what the data is, and every view of detector data agrees: NXmx and
NXdetector images open in frames (with diffraction tools where a geometry exists), spectrum
cubes (the XRF view) and tomography volumes do not; the heatmap draws a detector frame with
row 0 at the top as the Frames view does, on pixel axes; the line view leaves masked and gap
pixels out."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.browser.conftest import browser_page
from tests.browser.detector_files import (
    BRIGHT,
    GAP_ROW,
    IMAGE_SHAPE,
    SATURATION,
    single_image,
    write_detector_files,
)
from tests.browser.lab import LabServer, start_lab

TIMEOUT = 30_000

# Tick labels of the plot's axes with their position on the page, by axis (left or bottom).
AXIS_TICKS = """
(root) => {
  const plot = root.querySelector('.jp-nxviz-plot');
  const canvas = plot.querySelector('canvas').getBoundingClientRect();
  const out = {left: [], bottom: [], labels: []};
  for (const text of plot.querySelectorAll('svg text')) {
    const box = text.getBoundingClientRect();
    const value = text.textContent.trim();
    if (box.right <= canvas.left + 2) { out.left.push([value, box.top + box.height / 2]); }
    else if (box.top >= canvas.bottom - 2) { out.bottom.push([value, box.left]); }
  }
  for (const label of plot.querySelectorAll('[class*="axisLabel"], [class*="label"]')) {
    out.labels.push(label.textContent.trim());
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def detector_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    root = tmp_path_factory.mktemp("detector-root")
    write_detector_files(root)
    server = start_lab(root, tmp_path_factory.mktemp("detector-home"))
    yield server
    server.stop()


@pytest.fixture
def dpage(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from browser_page(browser, request, 1600, 1000)


def open_file(page, lab: LabServer, name: str):
    workspace = f"d{time.monotonic_ns()}"
    page.goto(lab.url(f"lab/workspaces/{workspace}/tree/{name}?reset"), timeout=60_000)
    viewer = page.locator(".jp-nxviz-root[data-nxviz-state='ready']")
    viewer.wait_for(timeout=TIMEOUT)
    return viewer


def default_view(viewer) -> str:
    view = viewer.locator(".jp-nxviz-nxdata [data-nxviz-view]").first
    view.wait_for(timeout=TIMEOUT)
    return str(view.get_attribute("data-nxviz-view"))


def modes(viewer) -> list[str]:
    return [str(b.get_attribute("data-mode")) for b in viewer.locator(".jp-nxviz-mode").all()]


def test_a_real_nxmx_layout_opens_in_frames_with_diffraction_tools(dpage, detector_lab) -> None:
    viewer = open_file(dpage, detector_lab, "nxmx_signed.nxs")  # int32 frames, linked
    assert default_view(viewer) == "frames"
    frames = viewer.locator("[data-nxviz-view='frames'][data-drawn-index='0']")
    frames.wait_for(timeout=TIMEOUT)
    assert frames.get_attribute("data-diffraction") == "true"
    assert viewer.locator(".jp-nxviz-frames-toggle", has_text="rings").count() == 1
    assert viewer.locator(".jp-nxviz-frames-ring").count() >= 1


def test_a_single_2d_eiger_image_gets_the_detector_tools(dpage, detector_lab) -> None:
    viewer = open_file(dpage, detector_lab, "eiger_image.nxs")
    assert default_view(viewer) == "frames"
    frames = viewer.locator("[data-nxviz-view='frames'][data-drawn-index='0']")
    frames.wait_for(timeout=TIMEOUT)
    assert frames.get_attribute("data-frame-count") == "1"
    for tool in ("mask", "saturated", "ROI", "rings", "radial profile"):
        assert viewer.locator(".jp-nxviz-frames-toggle", has_text=tool).count() == 1, tool
    viewer.locator("[data-nxviz-view='frames'][data-mask-loaded='true']").wait_for(timeout=TIMEOUT)


def test_a_spectrum_cube_does_not_open_in_frames(dpage, detector_lab) -> None:
    viewer = open_file(dpage, detector_lab, "xrf_cube.nxs")
    assert default_view(viewer) == "xrf-cube"  # the XRF spectra view (labextension/src/xrf)
    assert modes(viewer) == ["xrf", "heatmap", "line"]
    assert viewer.locator(".jp-nxviz-frames-ring").count() == 0


@pytest.mark.parametrize("name", ["tomo_scan.nxs", "volume.nxs"], ids=["tomo", "volume"])
def test_tomography_and_volumes_open_in_the_slice_view_not_frames(
    dpage, detector_lab, name: str
) -> None:
    viewer = open_file(dpage, detector_lab, name)
    assert default_view(viewer) == "volume"
    assert "frames" not in modes(viewer)
    assert viewer.locator(".jp-nxviz-frames-ring").count() == 0


def test_heatmap_draws_a_detector_frame_as_frames_does_on_pixel_axes(dpage, detector_lab) -> None:
    viewer = open_file(dpage, detector_lab, "eiger_image.nxs")
    default_view(viewer)
    viewer.locator(".jp-nxviz-mode[data-mode='heatmap']").click()
    plot = viewer.locator(".jp-nxviz-array[data-nxviz-view='heatmap'] .jp-nxviz-plot")
    plot.wait_for(timeout=TIMEOUT)
    dpage.wait_for_timeout(500)
    ticks = viewer.locator(".jp-nxviz-nxdata").evaluate(AXIS_TICKS)
    left = [(float(v), y) for v, y in ticks["left"] if v.replace(".", "").isdigit()]
    assert len(left) >= 3, ticks
    # row 0 at the top: the y tick labels grow downwards, as the Frames view draws rows
    by_position = [v for v, _ in sorted(left, key=lambda t: t[1])]
    assert by_position == sorted(by_position), left
    text = viewer.locator(".jp-nxviz-nxdata").inner_text()
    assert "x (pixels)" in text and "y (pixels)" in text and "dim " not in text
    # the colour range leaves the gap row and the hot pixel out
    domain = viewer.locator("[data-nxviz-domain]").get_attribute("data-nxviz-domain")
    low, high = (float(v) for v in str(domain).split(","))
    assert high <= 1000 < SATURATION, domain


def test_line_view_of_a_detector_row_leaves_gaps_out(dpage, detector_lab) -> None:
    viewer = open_file(dpage, detector_lab, "eiger_image.nxs")
    default_view(viewer)
    viewer.locator(".jp-nxviz-mode[data-mode='line']").click()
    view = viewer.locator(".jp-nxviz-array[data-nxviz-view='line']")
    view.wait_for(timeout=TIMEOUT)
    slider = view.locator(".jp-nxviz-slider input[type='range']").first
    slider.fill(str(GAP_ROW))  # the gap row: every pixel 2^32-1, all left out
    view.locator(f"[data-drawn='{GAP_ROW},:']").or_(
        viewer.locator(f".jp-nxviz-array[data-drawn='{GAP_ROW},:']")
    ).first.wait_for(timeout=TIMEOUT)
    slider.fill("150")  # the hot pixel's row: 2 × saturation at column 60, flagged in the mask
    viewer.locator(".jp-nxviz-array[data-drawn='150,:']").wait_for(timeout=TIMEOUT)
    dpage.wait_for_timeout(500)
    ticks = viewer.locator(".jp-nxviz-nxdata").evaluate(AXIS_TICKS)
    values = []
    for value, _ in ticks["left"]:
        try:
            values.append(float(value.replace("−", "-")))
        except ValueError:
            continue
    assert values and max(values) < 100, ticks  # the row's valid pixels read 10
    assert single_image()[150].max() > SATURATION and IMAGE_SHAPE[0] > 150 and BRIGHT
