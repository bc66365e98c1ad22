"""The XRF spectra view in the browser against h5py reading the same bytes in-process.

Run ``python benchmarks/xrf_browser.py`` (``--rows N``, ``--repeat N``, ``--workdir DIR``). It
writes the cube of ``benchmarks/xrf.py`` (``rows`` x 500 pixels x 4096 channels, uint32, one row
per chunk, gzip after the byte shuffle; 500 rows is the issue's cube) in a temporary folder, or
reuses ``DIR/cube-<rows>.h5`` (written there when missing, shared with ``xrf.py --workdir``),
starts JupyterLab
with nxviz, opens the cube in Debian's Chromium (Playwright) and measures, on Python's clock
around the browser's actions:

- the sum map appearing in the view: a click on "all channels" (after an energy window was
  drawn) until the view holds the new map, against h5py reading every row of the cube;
- a pixel's spectrum appearing under the cursor: the mouse moved onto a pixel of another row
  until the spectrum is drawn, against h5py reading that pixel (its whole chunk row decoded);
  timed twice: on Python's clock (which adds Playwright's round trips: the mouse move sent
  over the DevTools protocol, the page polled once a frame), and in the page, from the
  pointer event's time stamp to the frame after the curve was put in the document (a
  ``requestAnimationFrame`` then a task: the frame that shows it has been painted);

interleaved, at least 5 rounds each, medians with the fastest and slowest, and the ratios
(target <= 1.0). It asserts nothing; on a shared machine the ratios say more than the times.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.machine import MIN_REPEAT, describe, summary  # noqa: E402
from benchmarks.xrf import COLS, cube_name, served_cube  # noqa: E402
from tests.browser.lab import CHROMIUM, CHROMIUM_ARGS, start_lab  # noqa: E402

TIMEOUT_MS = 900_000


def show(label: str, times: list[float]) -> float:
    print(f"  {label:<58} {summary([t * 1e3 for t in times])}")
    return float(np.median(times))


def pixel_point(page: object, row: int, col: int, rows: int) -> tuple[float, float]:
    box = page.locator(".jp-nxviz-xrf-map").first.bounding_box()  # type: ignore[attr-defined]
    return (
        box["x"] + (col + 0.5) / COLS * box["width"],
        box["y"] + (row + 0.5) / rows * box["height"],
    )


def wait_map(page: object, key: str) -> None:
    page.locator(f"[data-nxviz-map-ready='{key}']").wait_for(  # type: ignore[attr-defined]
        state="attached", timeout=TIMEOUT_MS
    )


#: in the page: the first pointer move's time stamp after ``reset``, and when the frame after
#: the curve labelled ``label`` appeared in the spectrum's attributes was painted
WATCH = """() => {
  const state = { move: null, drawn: null, label: null, asked: null, answered: null, put: null };
  window.nxvizHover = state;
  // the spectrum request's own times (Resource Timing: asked, last byte received)
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (entry.name.includes('xrf/spectrum') && entry.name.includes('pixel=')) {
        state.asked = entry.startTime;
        state.answered = entry.responseEnd;
      }
    }
  }).observe({ type: 'resource' });
  document.addEventListener('pointermove', e => {
    if (state.move === null) { state.move = e.timeStamp; }
  }, true);
  const plot = document.querySelector('.jp-nxviz-xrf-spectrum');
  new MutationObserver(() => {
    if (state.drawn !== null || state.label === null) { return; }
    const curves = JSON.parse(plot.dataset.nxvizCurves);
    if (curves.some(c => c.label === state.label)) {
      state.drawn = -1;
      state.put = performance.now();
      requestAnimationFrame(() => setTimeout(() => { state.drawn = performance.now(); }, 0));
    }
  }).observe(plot, { attributes: true, attributeFilter: ['data-nxviz-curves'] });
}"""


def watch_hover(page: object, row: int, col: int) -> None:
    page.evaluate(  # type: ignore[attr-defined]
        "(label) => Object.assign(window.nxvizHover, "
        "{ move: null, drawn: null, label, asked: null, answered: null, put: null })",
        f"under the cursor: pixel {row},{col}",
    )


def in_page_hover(page: object) -> tuple[float, float, float, float, float]:
    """Seconds from the pointer event to the painted frame showing its spectrum, and its parts:
    from the event to the request asked, the request (asked to its last byte), from the last
    byte to the curve put in the document, and from there to the painted frame (NaN for the
    parts when the page did not see the request)."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => window.nxvizHover.drawn > 0", timeout=TIMEOUT_MS
    )
    state = page.evaluate("() => window.nxvizHover")  # type: ignore[attr-defined]
    whole = float(state["drawn"] - state["move"]) / 1e3
    put, drawn = float(state["put"]), float(state["drawn"])
    if state["asked"] is None or state["answered"] is None:
        return whole, float("nan"), float("nan"), float("nan"), (drawn - put) / 1e3
    asked, answered = float(state["asked"]), float(state["answered"])
    return (
        whole,
        (asked - state["move"]) / 1e3,
        (answered - asked) / 1e3,
        (put - answered) / 1e3,
        (drawn - put) / 1e3,
    )


def wait_hover(page: object, row: int, col: int) -> None:
    label = f"under the cursor: pixel {row},{col}"
    page.wait_for_function(  # type: ignore[attr-defined]
        "(label) => { const el = document.querySelector('.jp-nxviz-xrf-spectrum');"
        " return el && JSON.parse(el.dataset.nxvizCurves).some(c => c.label === label); }",
        arg=label,
        timeout=TIMEOUT_MS,
    )


def run(page: object, lab: object, folder: Path, rows: int, repeat: int) -> None:
    cube = h5py.File(folder / cube_name(rows), "r")["/entry/spectra/counts"]
    page.goto(lab.url(f"lab/tree/{cube_name(rows)}?reset"), timeout=120_000)  # type: ignore[attr-defined]
    page.locator("[data-nxviz-view='xrf-cube']").wait_for(timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    wait_map(page, "all")
    page.evaluate(WATCH)  # type: ignore[attr-defined]
    rng = np.random.default_rng(2)
    keys = ("map", "map0", "px", "page", "ask", "request", "put", "paint", "px0")
    times: dict[str, list[float]] = {k: [] for k in keys}
    for round_ in range(repeat):
        # an energy window (itself a read of the whole cube), then back to all channels: timed
        svg = page.locator(".jp-nxviz-xrf-spectrum svg").first.bounding_box()  # type: ignore[attr-defined]
        y = svg["y"] + 60
        page.mouse.move(svg["x"] + 100 + round_, y)  # type: ignore[attr-defined]
        page.mouse.down()  # type: ignore[attr-defined]
        page.mouse.move(svg["x"] + 160, y, steps=3)  # type: ignore[attr-defined]
        page.mouse.up()  # type: ignore[attr-defined]
        window = page.locator("[data-nxviz-map-window]").get_attribute("data-nxviz-map-window")  # type: ignore[attr-defined]
        wait_map(page, window)
        start = time.perf_counter()
        page.get_by_role("button", name="all channels").click()  # type: ignore[attr-defined]
        wait_map(page, "all")
        times["map"].append(time.perf_counter() - start)
        start = time.perf_counter()
        for row in range(rows):
            cube[row]
        times["map0"].append(time.perf_counter() - start)
        r, c = int(rng.integers(0, rows)), int(rng.integers(0, COLS))
        point = pixel_point(page, r, c, rows)
        watch_hover(page, r, c)
        start = time.perf_counter()
        page.mouse.move(*point)  # type: ignore[attr-defined]
        wait_hover(page, r, c)
        times["px"].append(time.perf_counter() - start)
        for key, value in zip(keys[3:8], in_page_hover(page), strict=True):
            times[key].append(value)
        page.mouse.move(5, 5)  # type: ignore[attr-defined]
        r = (r + rows // 2) % rows
        start = time.perf_counter()
        cube[r, c, :]
        times["px0"].append(time.perf_counter() - start)
    print("figures (ms):")
    m = show("sum map shown in the browser", times["map"])
    m0 = show("h5py reading every row in-process", times["map0"])
    p = show("pixel spectrum under the cursor (Python's clock)", times["px"])
    q = show("pixel spectrum under the cursor (in the page: event to paint)", times["page"])
    show("  of which: event to request asked", times["ask"])
    show("            the request (asked to last byte)", times["request"])
    show("            last byte to the curve in the document", times["put"])
    show("            from there to the painted frame", times["paint"])
    p0 = show("h5py reading one pixel in-process", times["px0"])
    print("ratios (target <= 1.0):")
    print(f"  sum map in the browser / h5py read                   {m / m0:.2f}x")
    print(f"  pixel spectrum in the page (event to paint) / h5py   {q / p0:.2f}x")
    print(f"  pixel spectrum on Python's clock / h5py read         {p / p0:.2f}x")
    print(json.dumps({k: [round(t * 1e3, 1) for t in v] for k, v in times.items()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5, help=f"at least {MIN_REPEAT}")
    parser.add_argument("--workdir", type=Path, help="keep the cube here (written when missing)")
    args = parser.parse_args()
    args.repeat = max(MIN_REPEAT, args.repeat)
    print(describe())
    from playwright.sync_api import sync_playwright

    with (
        served_cube(args.workdir, args.rows, "nxviz-bench-xrf-browser-") as folder,
        tempfile.TemporaryDirectory(prefix="nxviz-bench-xrf-home-") as home,
    ):
        # a whole-cube map on a loaded machine may take longer than the default 60 s bound
        extra = ("--NxvizService.request_timeout=900",)
        lab = start_lab(folder, Path(home), extra=extra)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1500, "height": 1000})
                try:
                    run(page, lab, folder, args.rows, args.repeat)
                finally:
                    browser.close()
        finally:
            lab.stop()


if __name__ == "__main__":
    main()
