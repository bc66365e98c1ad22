"""The detector frame fills the Frames view at 1600×1000 on a display of 2 device pixels per CSS
pixel: the canvas covers the space left by the controls and side panel, holds device pixels,
asks for the frame at the size it is drawn, and for full resolution once zoomed in."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest

from nxviz.demo import detector
from tests.browser.conftest import browser_page
from tests.browser.lab import LabServer
from tests.browser.test_frames import TIMEOUT, VIEW, image_requests, open_eiger

RATIO = 2


@pytest.fixture
def hidpi_page(browser: object, lab: LabServer, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from browser_page(browser, request, width=1600, height=1000, scale=RATIO)


def _box(page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def test_the_frame_fills_the_view_at_the_devices_pixel_ratio(hidpi_page, lab: LabServer) -> None:
    page = hidpi_page
    asked = image_requests(page)
    page.goto(lab.fresh_url("eiger_master.nxs"), timeout=60_000)
    page.locator(f"{VIEW}[data-drawn-index='0']").wait_for(timeout=TIMEOUT)
    view = _box(page, VIEW)
    area = _box(page, ".jp-nxviz-frames-area")
    side = _box(page, ".jp-nxviz-frames-side")
    canvas = page.locator(".jp-nxviz-frames-canvas canvas")
    shown = _box(page, ".jp-nxviz-frames-canvas canvas")
    # the area and the side panel share the view with nothing empty: this view is narrow
    # (644 css px), so the side panel sits below the frame and the area spans the view's width
    bottom = area["y"] + area["height"]
    assert view["width"] < 760 and abs(area["width"] - view["width"]) <= 1, (area, view)
    assert 0 <= side["y"] - bottom <= 10, (area, side)
    assert abs(side["y"] + side["height"] - (view["y"] + view["height"])) <= 2, (side, view)
    # the controls (about 100 css px) and the side panel (at most 30 % below) take the rest
    assert area["height"] >= 0.58 * view["height"], (area, view)
    # the canvas covers the area, in device pixels
    assert abs(shown["width"] - area["width"]) <= 1 and abs(shown["height"] - area["height"]) <= 1
    width = int(canvas.evaluate("c => c.width"))
    height = int(canvas.evaluate("c => c.height"))
    assert abs(width - RATIO * shown["width"]) <= 2 and abs(height - RATIO * shown["height"]) <= 2
    # the frame, square pixels kept, fills the canvas along one side
    rows, cols = detector.FRAME_SHAPE
    scale = min(shown["width"] / cols, shown["height"] / rows)
    assert max(cols * scale / shown["width"], rows * scale / shown["height"]) > 0.99
    assert cols * scale > 450  # the issue saw 338 × 321 css pixels in a 652 × 873 view
    # drawn at least as fine as the device pixels need: frame 0 may have been asked before the
    # controls were laid out, at the loading layout's larger size, and is then drawn from that
    # answer rather than asked again
    fitted = max(1, math.ceil(1 / (scale * RATIO)))
    drawn = [q for q in asked if q.get("selection") == ["0"] and "region" not in q]
    assert len(drawn) == 1, drawn
    factor = math.ceil(cols / int(drawn[0]["width"][0]))
    assert 1 <= factor <= fitted, (drawn, fitted)
    assert drawn[0]["height"] == [str(math.ceil(rows / factor))], drawn
    assert canvas.get_attribute("data-factors") == f"{factor},{factor}"
    # the next frame is asked with the smallest whole factor that fits the device pixels
    page.locator(VIEW).focus()
    page.keyboard.press("ArrowRight")
    page.locator(f"{VIEW}[data-drawn-index='1']").wait_for(timeout=TIMEOUT)
    step = [q for q in asked if q.get("selection") == ["1"] and "region" not in q][-1]
    assert step["width"] == [str(math.ceil(cols / fitted))], step
    assert step["height"] == [str(math.ceil(rows / fitted))], step
    assert canvas.get_attribute("data-factors") == f"{fitted},{fitted}"


def test_zooming_in_asks_for_full_resolution_of_the_visible_region(page, lab: LabServer) -> None:
    page.goto(lab.fresh_url("eiger_master.nxs"), timeout=60_000)
    page.locator(f"{VIEW}[data-drawn-index='0']").wait_for(timeout=TIMEOUT)
    canvas = page.locator(".jp-nxviz-frames-canvas canvas")
    factors = canvas.get_attribute("data-factors")
    assert factors is not None and int(factors.split(",")[0]) > 1  # 1065 rows, fewer px
    box = _box(page, ".jp-nxviz-frames-canvas canvas")
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    with page.expect_request(
        lambda r: "/nxviz/api/image" in r.url and "region=" in r.url, timeout=TIMEOUT
    ):
        for _ in range(6):  # 1.25⁶ ≈ 3.8: fewer detector pixels across than screen pixels
            page.mouse.wheel(0, -100)
            page.wait_for_timeout(80)
    page.wait_for_function(
        "() => document.querySelector('.jp-nxviz-frames-canvas canvas').dataset.factors === '1,1'",
        timeout=TIMEOUT,
    )


@pytest.mark.parametrize("size", [(900, 700), (1600, 1000)], ids=["narrow", "wide"])
def test_opening_a_stack_asks_for_frame_0_once(
    browser: object, lab: LabServer, request: pytest.FixtureRequest, size: tuple[int, int]
) -> None:
    pages = browser_page(browser, request, width=size[0], height=size[1])
    page = next(pages)
    try:
        check_frame_0_asked_once(page, lab)
    finally:
        next(pages, None)  # screenshot, close


def check_frame_0_asked_once(page, lab: LabServer) -> None:
    asked = image_requests(page)
    open_eiger(page, lab)
    page.wait_for_timeout(2000)  # what a second ask after the first frame would send
    frame_0 = [
        q
        for q in asked
        if q.get("path") == ["/entry/data/data_000001"]
        and q.get("selection") == ["0"]
        and "frames" not in q
    ]
    assert len(frame_0) == 1, f"frame 0 asked {len(frame_0)} times: {frame_0}"
