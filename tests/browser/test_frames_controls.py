"""The Frames view's controls and overlays read as part of JupyterLab: ring labels that do not
overlap and keep their contrast in the light and dark themes, a histogram with an axis (the
valid pixels' counts, limits from their percentiles), and a name on every control."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import h5py
import numpy as np
import pytest

from tests.browser.conftest import browser_page
from tests.browser.lab import LabServer, start_lab
from tests.browser.test_frames import TIMEOUT, VIEW
from tests.frames.contrast_reference import expected_contrast

RING_LABELS = """
() => Array.from(document.querySelectorAll('.jp-nxviz-frames-ring text')).map(t => {
  const b = t.getBoundingClientRect();
  const s = getComputedStyle(t);
  return {text: t.textContent, x: b.left, y: b.top, w: b.width, h: b.height,
          fill: s.fill, stroke: s.stroke};
})
"""

UNNAMED_CONTROLS = """
(root) => {
  const unnamed = [];
  for (const el of root.querySelectorAll('input, select, button')) {
    if (el.hidden) { continue; }
    const label = el.closest('label');
    const named = el.getAttribute('aria-label') || el.title ||
      (label && label.textContent.trim()) || (el.tagName === 'BUTTON' && el.textContent.trim());
    const explained = el.title || (label && label.title) || el.getAttribute('aria-label');
    if (!named || !explained) { unnamed.push(el.outerHTML.slice(0, 120)); }
  }
  return unnamed;
}
"""


def _rgb(text: str) -> tuple[float, float, float]:
    parts = text[text.index("(") + 1 : text.index(")")].replace(",", " ").split()
    return float(parts[0]), float(parts[1]), float(parts[2])


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(colour: str) -> float:
        channels = []
        for c in _rgb(colour):
            c = c / 255
            channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        r, g, b = channels
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def open_frames(page, lab: LabServer):
    page.goto(lab.fresh_url("eiger_master.nxs"), timeout=60_000)
    view = page.locator(f"{VIEW}[data-drawn-index='0']")
    view.wait_for(timeout=TIMEOUT)
    page.locator(".jp-nxviz-frames-ring text").first.wait_for(timeout=TIMEOUT)
    return view


def check_ring_labels(page) -> None:
    labels = page.evaluate(RING_LABELS)
    assert len(labels) >= 3, labels
    for i, a in enumerate(labels):
        assert contrast(a["fill"], a["stroke"]) >= 4.5, a  # the text on its halo
        for b in labels[i + 1 :]:
            apart = (
                a["x"] + a["w"] <= b["x"]
                or b["x"] + b["w"] <= a["x"]
                or a["y"] + a["h"] <= b["y"]
                or b["y"] + b["h"] <= a["y"]
            )
            assert apart, (a, b)


@pytest.fixture
def wide_page(browser: object, lab: LabServer, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from browser_page(browser, request, 1600, 1000)


def test_ring_labels_readable_and_controls_labelled(wide_page, lab: LabServer) -> None:
    view = open_frames(wide_page, lab)
    check_ring_labels(wide_page)
    assert view.evaluate(UNNAMED_CONTROLS) == []
    ticks = view.locator(".jp-nxviz-frames-histogram-tick text").all_text_contents()
    assert len(ticks) >= 2 and len(set(ticks)) == len(ticks), ticks
    assert view.locator(".jp-nxviz-frames-histogram-label").text_content() == "pixel value"
    text = view.inner_text()
    for words in ("auto limits from percentiles", "limits", "show", "speed", "frame"):
        assert words in text, words


@pytest.fixture(scope="module")
def dark_lab(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    server = start_lab(demo_dir, tmp_path_factory.mktemp("dark-home"), theme="JupyterLab Dark")
    yield server
    server.stop()


def test_ring_labels_readable_in_the_dark_theme(
    browser: object, dark_lab: LabServer, request: pytest.FixtureRequest
) -> None:
    pages = browser_page(browser, request, 1600, 1000)
    page = next(pages)
    try:
        open_frames(page, dark_lab)
        page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'")
        check_ring_labels(page)
    finally:
        next(pages, None)


BAR = re.compile(r"M([-\d.e]+),([-\d.e]+)v([-\d.e]+)h([-\d.e]+)v([-\d.e]+)z")
BAR_HEIGHT = 40  # ContrastBar.tsx


def drawn_contrast(page) -> tuple[list[float], list[float]]:
    """The limits in the limit fields and the histogram's bar heights, as drawn."""
    limits = [float(page.locator(f".jp-nxviz-frames-{w}").input_value()) for w in ("low", "high")]
    d = page.locator("svg.jp-nxviz-frames-histogram path").first.get_attribute("d") or ""
    return limits, [-float(m.group(3)) for m in BAR.finditer(d)]


def expected_for(lab: LabServer, index: int) -> tuple[list[float], np.ndarray]:
    """Limits and bar heights (counts on a log scale) from numpy over an h5py read."""
    with h5py.File(lab.root / "eiger_master.nxs", "r") as f:
        frame = f["entry/data/data"][index]
        det = f["entry/instrument/detector"]
        mask = det["pixel_mask"][()] != 0
        saturation = float(det["saturation_value"][()])
    limits, _, _, counts = expected_contrast(frame, mask, saturation)
    heights = np.log1p(counts) / np.log1p(max(1.0, counts.max())) * BAR_HEIGHT
    return limits, heights


def test_histogram_and_limits_are_the_valid_pixels_of_the_shown_frame(
    wide_page, lab: LabServer
) -> None:
    view = open_frames(wide_page, lab)
    for index in (0, 1):
        if index:
            view.focus()
            wide_page.keyboard.press("ArrowRight")
            wide_page.locator(f"{VIEW}[data-drawn-index='1']").wait_for(timeout=TIMEOUT)
        limits, heights = drawn_contrast(wide_page)
        want_limits, want_heights = expected_for(lab, index)
        np.testing.assert_allclose(limits, want_limits, rtol=1e-5)
        assert len(heights) == len(want_heights) == 64
        np.testing.assert_allclose(heights, want_heights, atol=1e-6)
