"""What the viewer costs a user: headless Chromium through the demo data set, nxviz against h5web.

Run ``python benchmarks/ui.py`` (``--repeat N``, ``--no-h5web``). In a temporary folder it writes
the demo data set (``nxviz.demo.write_demo``) and a file with a 10,000-child group, starts
JupyterLab with nxviz, and, unless ``--no-h5web``, a second JupyterLab from a throwaway virtual
environment holding jupyterlab-h5web, layered over the environment this script runs in (a
``.pth`` file puts this environment's site-packages after its own), so h5web is installed into
the benchmark's environment only. For each viewer it measures, in Debian's Chromium driven by
Playwright:

- double-click on ``eiger_master.nxs`` in the file browser → the first plot drawn (the canvas
  read back holds an image, not a blank), on the page's own clock from the double-click's
  mousedown to the animation frame that first shows the plot, and, as "(wall)", on Python's
  clock around Playwright's dblclick and wait (its actionability checks and round trips are
  added to both viewers alike);
- expanding a group of 10,000 children → its first rows shown;
- stepping 10 frames of the demo stack (``/entry/data/data_000001``) → each frame drawn.

It prints the machine, the median of the repeats (at least 5) with the fastest and slowest, and
nxviz's speed-up; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import venv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import h5py

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.machine import MIN_REPEAT, describe, summary  # noqa: E402
from tests.browser.lab import CHROMIUM, CHROMIUM_ARGS, LabServer, start_lab  # noqa: E402

CHILDREN = 10_000
FRAMES = 10

# Distinct colours in a WebGL canvas under `root` (its drawing buffer is preserved by both viewers).
# The first time they are there, the page's clock is kept in window.__nxvizDrawnAt.
CANVAS_COLOURS = """
([selector, minimum]) => {
  const seen = () => { window.__nxvizDrawnAt ??= performance.now(); return true; };
  for (const canvas of document.querySelectorAll(selector)) {
    if (!canvas.width || !canvas.height || !canvas.offsetParent) { continue; }
    const copy = document.createElement('canvas');
    copy.width = Math.min(canvas.width, 400); copy.height = Math.min(canvas.height, 400);
    const ctx = copy.getContext('2d');
    ctx.drawImage(canvas, 0, 0, copy.width, copy.height);
    const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4 * 3) {
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      if (colours.size >= minimum) { return seen(); }
    }
  }
  return false;
}
"""


def write_many(path: Path) -> None:
    with h5py.File(path, "w", libver="latest") as f:
        group = f.create_group("many")
        for i in range(CHILDREN):
            group.create_group(f"g{i:05d}")


@dataclass
class Viewer:
    """How to drive one viewer: selectors and actions, each returning when the screen shows it."""

    name: str
    lab: LabServer
    ready: str  # the viewer's document is shown
    canvas: str  # its plot canvases
    expand: Callable[[object], None]  # expand /many; return when its first child row is shown
    open_stack: Callable[[object], None]  # show the stack /entry/data/data_000001
    step: Callable[[object, int], None]  # go to frame i; return when it is drawn


def wait_drawn(page: object, viewer: Viewer, minimum: int = 12) -> None:
    page.wait_for_function(  # type: ignore[attr-defined]
        CANVAS_COLOURS, arg=[viewer.canvas, minimum], polling="raf", timeout=60_000
    )


def open_lab(page: object, viewer: Viewer) -> None:
    workspace = f"b{time.monotonic_ns()}"
    page.goto(viewer.lab.url(f"lab/workspaces/{workspace}?reset"), timeout=60_000)  # type: ignore[attr-defined]
    page.wait_for_selector(".jp-DirListing-item", timeout=60_000)  # type: ignore[attr-defined]


def open_file(page: object, viewer: Viewer, name: str) -> None:
    open_lab(page, viewer)
    page.locator(".jp-DirListing-item", has_text=name).dblclick()  # type: ignore[attr-defined]
    page.wait_for_selector(viewer.ready, timeout=60_000)  # type: ignore[attr-defined]


# The page's clock at the double-click's first mousedown.
MOUSEDOWN_CLOCK = """
() => document.addEventListener(
  'mousedown', () => { window.__nxvizDownAt ??= performance.now(); }, { capture: true }
)
"""


def first_plot(page: object, viewer: Viewer) -> tuple[float, float]:
    """(in the page: double-click's mousedown to the plot drawn; wall clock around Playwright's
    dblclick and wait, which adds its actionability checks and two round trips)."""
    open_lab(page, viewer)
    page.evaluate(MOUSEDOWN_CLOCK)  # type: ignore[attr-defined]
    item = page.locator(".jp-DirListing-item", has_text="eiger_master.nxs")  # type: ignore[attr-defined]
    start = time.perf_counter()
    item.dblclick()
    wait_drawn(page, viewer)
    wall = time.perf_counter() - start
    in_page = page.evaluate("() => window.__nxvizDrawnAt - window.__nxvizDownAt")  # type: ignore[attr-defined]
    return float(in_page) / 1000, wall


def expand_many(page: object, viewer: Viewer) -> float:
    open_file(page, viewer, "many.h5")
    start = time.perf_counter()
    viewer.expand(page)
    return time.perf_counter() - start


def step_frames(page: object, viewer: Viewer) -> float:
    open_file(page, viewer, "eiger_master.nxs")
    viewer.open_stack(page)
    wait_drawn(page, viewer)
    start = time.perf_counter()
    for i in range(1, FRAMES + 1):
        viewer.step(page, i)
    return time.perf_counter() - start


# nxviz ------------------------------------------------------------------------------------------


def nxviz_expand(page: object) -> None:
    page.locator(".jp-nxviz-node[data-path='/many'] .jp-nxviz-chevron").click()  # type: ignore[attr-defined]
    page.wait_for_selector(".jp-nxviz-node[data-path='/many/g00000']", timeout=60_000)  # type: ignore[attr-defined]


FRAMES_VIEW = "[data-nxviz-view='frames']"


def nxviz_open_stack(page: object) -> None:
    # The root's @default leads to /entry/data, whose Eiger blocks open in the Frames view.
    page.wait_for_selector(f"{FRAMES_VIEW}[data-drawn-index='0']", timeout=60_000)  # type: ignore[attr-defined]


def nxviz_step(page: object, i: int) -> None:
    page.locator(".jp-nxviz-frames-number").fill(str(i))  # type: ignore[attr-defined]
    page.wait_for_selector(f"{FRAMES_VIEW}[data-drawn-index='{i}']", timeout=60_000)  # type: ignore[attr-defined]
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(null)))")  # type: ignore[attr-defined]


def nxviz_viewer(lab: LabServer) -> Viewer:
    return Viewer(
        name="nxviz",
        lab=lab,
        ready=".jp-nxviz-root[data-nxviz-state='ready']",
        canvas=".jp-nxviz-main canvas",  # the heatmap's WebGL canvas, or the Frames view's
        expand=nxviz_expand,
        open_stack=nxviz_open_stack,
        step=nxviz_step,
    )


# h5web ------------------------------------------------------------------------------------------


H5WEB_TREE = "#h5web-explorer-tree"


def h5web_expand(page: object) -> None:
    page.locator(f"{H5WEB_TREE} [data-path='/many']").click()  # type: ignore[attr-defined]
    page.wait_for_selector(f"{H5WEB_TREE} [data-path='/many/g00000']", timeout=120_000)  # type: ignore[attr-defined]


def h5web_open_stack(page: object) -> None:
    for path in ("/entry", "/entry/data", "/entry/data/data_000001"):
        item = page.locator(f"{H5WEB_TREE} [data-path='{path}']")  # type: ignore[attr-defined]
        item.wait_for(timeout=60_000)
        if item.get_attribute("aria-expanded") != "true":
            item.click()


def h5web_step(page: object, i: int) -> None:
    # h5web's dimension slider moves one frame per arrow key; wait for that frame's data.
    slider = page.locator(  # type: ignore[attr-defined]
        ".jp-MainAreaWidget:not(.lm-mod-hidden) [role='slider'][aria-orientation='vertical']"
    ).first
    with page.expect_response(lambda r: "/h5web/data" in r.url, timeout=60_000):  # type: ignore[attr-defined]
        slider.press("ArrowUp")
    page.evaluate(  # type: ignore[attr-defined]
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(null))))"
    )


def h5web_viewer(lab: LabServer) -> Viewer:
    return Viewer(
        name="h5web",
        lab=lab,
        ready=f"{H5WEB_TREE} [role='treeitem']",
        canvas=".jp-MainAreaWidget:not(.lm-mod-hidden) canvas",
        expand=h5web_expand,
        open_stack=h5web_open_stack,
        step=h5web_step,
    )


def h5web_environment(folder: Path) -> Path:
    """A virtual environment on top of this one with jupyterlab-h5web; returns its launcher.

    ``--system-site-packages`` would layer it over the base interpreter's packages, not over the
    virtual environment running this script (where JupyterLab and nxviz are), so a ``.pth``
    file in its site-packages adds this environment's own site-packages after its own."""
    env_dir = folder / "h5web-env"
    python = env_dir / "bin" / "python"
    wrapper = env_dir / "bin" / "lab-python"
    if wrapper.exists():
        print(f"reusing jupyterlab-h5web's environment in {env_dir}", flush=True)
        return wrapper
    print(f"installing jupyterlab-h5web into {env_dir}…", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    inner = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(inner) / "outer-environment.pth").write_text("\n".join(sorted(outer)) + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "jupyterlab-h5web"], check=True)
    # start_lab runs `<python> -m jupyter lab`, which would find the outer environment's
    # `jupyter-lab` script; this wrapper runs JupyterLab with this environment's python instead.
    wrapper.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-m" ] && [ "$2" = "jupyter" ] && [ "$3" = "lab" ]; then\n'
        f'  shift 3; exec "{python}" -m jupyterlab "$@"\n'
        "fi\n"
        f'exec "{python}" "$@"\n'
    )
    wrapper.chmod(0o755)
    return wrapper


def start_h5web_lab(root: Path, home: Path, python: Path) -> LabServer:
    # The venv's prefix holds h5web's labextension and server config; nxviz, visible through the
    # system site-packages, is disabled in this lab's own config folder (start_lab's home/config).
    config = home / "config"
    (config / "labconfig").mkdir(parents=True, exist_ok=True)
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"nxviz": True}})
    )
    (config / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": {"nxviz": False}}})
    )
    lab_dir = Path(sys.prefix) / "share" / "jupyter" / "lab"
    os.environ["JUPYTERLAB_DIR"] = str(lab_dir)
    saved = sys.executable
    sys.executable = str(python)
    try:
        return start_lab(root, home)
    finally:
        sys.executable = saved
        os.environ.pop("JUPYTERLAB_DIR", None)


# main -------------------------------------------------------------------------------------------


FIRST = "first plot"
FIRST_WALL = "first plot (wall)"


def run(viewer: Viewer, browser: object, repeat: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {
        FIRST: [],
        FIRST_WALL: [],
        "expand 10,000": [],
        "10 frames": [],
    }
    for _ in range(repeat):
        for label, action in (
            (FIRST, first_plot),
            ("expand 10,000", expand_many),
            ("10 frames", step_frames),
        ):
            context = browser.new_context(viewport={"width": 1500, "height": 950})  # type: ignore[attr-defined]
            page = context.new_page()
            try:
                figure = action(page, viewer)
                if isinstance(figure, tuple):
                    figures[FIRST].append(figure[0])
                    figures[FIRST_WALL].append(figure[1])
                else:
                    figures[label].append(figure)
            except Exception as error:  # noqa: BLE001 - a figure that cannot be taken is reported
                print(f"  {viewer.name}: {label} failed: {type(error).__name__}: {error}"[:300])
            finally:
                context.close()
    return figures


def show(name: str, figures: dict[str, list[float]]) -> None:
    for label, values in figures.items():
        if values:
            print(f"  {name:6} {label:18} {summary([v * 1000 for v in values])}")
        else:
            print(f"  {name:6} {label:18} —")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=MIN_REPEAT, help=f"at least {MIN_REPEAT}")
    parser.add_argument("--no-h5web", action="store_true", help="measure nxviz only")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep jupyterlab-h5web's environment here between runs (made only when missing)",
    )
    args = parser.parse_args()
    args.repeat = max(MIN_REPEAT, args.repeat)
    print(describe())

    from playwright.sync_api import sync_playwright

    from nxviz.demo import write_demo

    with tempfile.TemporaryDirectory(prefix="nxviz-ui-") as tmp:
        folder = Path(tmp)
        root = folder / "root"
        root.mkdir()
        write_demo(root, force=True)
        write_many(root / "many.h5")
        labs = [nxviz_viewer(start_lab(root, folder / "home-nxviz"))]
        if not args.no_h5web:
            python = h5web_environment(args.workdir or folder)
            labs.append(h5web_viewer(start_h5web_lab(root, folder / "home-h5web", python)))
        results: dict[str, dict[str, list[float]]] = {}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for viewer in labs:
                    print(f"measuring {viewer.name} ({args.repeat} repeats)…", flush=True)
                    results[viewer.name] = run(viewer, browser, args.repeat)
                browser.close()
        finally:
            for viewer in labs:
                viewer.lab.stop()
    print("\nheadless Chromium, software WebGL (--disable-gpu):")
    for name, figures in results.items():
        show(name, figures)
    if "h5web" in results:
        print("\nnxviz speed-up over h5web (medians; target ≥ 2×):")
        for label in results["nxviz"]:
            ours, theirs = results["nxviz"][label], results["h5web"][label]
            if ours and theirs:
                ratio = statistics.median(theirs) / statistics.median(ours)
                print(f"  {label:18} {ratio:5.1f}×")
    first = results["nxviz"][FIRST]
    if first:
        median = statistics.median(first)
        verdict = "meets" if median < 0.5 else "misses"
        print(f"\nnxviz first plot median {median * 1000:.0f} ms: {verdict} the 500 ms target")
    print(
        "\nfirst plot: the page's own clock from the double-click's mousedown to the first"
        " animation frame showing the plot;\n(wall): Python's clock around Playwright's"
        " dblclick and wait, which adds its actionability checks and round trips to both."
    )


if __name__ == "__main__":
    main()
