"""The slice view of volumes in JupyterLab, on an NXtomo scan, a 3-D NXdata volume and a detector
stack written with h5py."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import h5py
import numpy as np
import pytest

from tests.browser.conftest import browser_page
from tests.browser.lab import LabServer, start_lab
from tests.browser.test_viewer import TIMEOUT, open_file
from tests.volumes.factories import DARKS, FLATS, PROJECTIONS, VOLUME, write_tomo, write_volume

VIEW = "[data-nxviz-view='volume']"


def with_defaults(path: Path, entry: str, plot: str) -> None:
    with h5py.File(path, "r+") as f:
        f.attrs["default"] = entry
        f[entry].attrs["default"] = plot


def write_detector_stack(path: Path) -> None:
    with h5py.File(path, "w") as f:
        f.attrs["default"] = "entry"
        entry = f.create_group("entry")
        entry.attrs.update({"NX_class": "NXentry", "default": "data"})
        entry["definition"] = "NXmx"
        instrument = entry.create_group("instrument")
        instrument.attrs["NX_class"] = "NXinstrument"
        detector = instrument.create_group("detector")
        detector.attrs["NX_class"] = "NXdetector"
        frames = (np.arange(6 * 48 * 40) % 97).astype(np.uint16).reshape(6, 48, 40)
        detector.create_dataset("data", data=frames, chunks=(1, 48, 40))
        data = entry.create_group("data")
        data.attrs.update({"NX_class": "NXdata", "signal": "data"})
        data["data"] = detector["data"]


@pytest.fixture(scope="module")
def volume_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    root = tmp_path_factory.mktemp("volumes")
    write_tomo(root / "tomo.nxs")
    with_defaults(root / "tomo.nxs", "entry", "data")
    write_volume(root / "volume.nxs")
    with_defaults(root / "volume.nxs", "entry", "reconstruction")
    write_detector_stack(root / "stack.nxs")
    server = start_lab(root, tmp_path_factory.mktemp("volumes-home"))
    warm(server, "volume.nxs")
    yield server
    server.stop()


def warm(server: LabServer, name: str) -> None:
    """Wait until the server's worker processes answer (on a loaded machine their start-up
    takes longer than a test's wait for a view)."""
    with urllib.request.urlopen(server.url(f"nxviz/api/nexus?file={name}"), timeout=300) as got:
        assert got.status == 200


@pytest.fixture
def vpage(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from browser_page(browser, request, 1500, 1000)


def panel(view, axis: int):
    return view.locator(f".jp-nxviz-volume-panel[data-axis='{axis}']")


def wait_complete(view) -> None:
    for axis in range(3):
        panel(view, axis).and_(view.locator("[data-complete='true']")).wait_for(timeout=TIMEOUT)


def point(page, view, axis: int, row: int, col: int, shape: tuple[int, int], click: bool) -> None:
    """Move the mouse over (and click) the middle of voxel (row, col) of a panel's picture."""
    box = panel(view, axis).locator(".jp-nxviz-volume-picture").bounding_box()
    x = box["x"] + (col + 0.5) / shape[1] * box["width"]
    y = box["y"] + (row + 0.5) / shape[0] * box["height"]
    page.mouse.move(x, y)
    if click:
        page.mouse.click(x, y)


def test_an_nxtomo_scan_opens_in_the_slice_view_with_its_frames_counted(
    vpage, volume_lab: LabServer
) -> None:
    viewer = open_file(vpage, volume_lab, "tomo.nxs")
    view = viewer.locator(f"{VIEW}[data-nxtomo='true']")
    view.wait_for(timeout=TIMEOUT)
    counts = {
        kind: view.locator(f"[data-kind='{kind}'] .jp-nxviz-volume-count").inner_text()
        for kind in ("projections", "flats", "darks")
    }
    assert counts == {"projections": str(PROJECTIONS), "flats": str(FLATS), "darks": str(DARKS)}
    wait_complete(view)
    # the sinogram (projections at one detector row) has the rotation angles along its rows
    ticks = panel(view, 1).locator(".jp-nxviz-volume-tick").all_inner_texts()
    assert ticks[0] == "0°" and ticks[-1] == "180°", ticks
    assert "90°" in ticks
    assert panel(view, 1).locator(".jp-nxviz-volume-title").inner_text().startswith("sinogram")


def test_corrected_projection_reads_minus_log_of_the_transmission(
    vpage, volume_lab: LabServer
) -> None:
    viewer = open_file(vpage, volume_lab, "tomo.nxs")
    view = viewer.locator(VIEW)
    view.wait_for(timeout=TIMEOUT)
    wait_complete(view)
    view.locator(".jp-nxviz-volume-corrected").check()
    panel(view, 0).and_(view.locator("[data-complete='true']")).wait_for(timeout=TIMEOUT)
    vpage.wait_for_timeout(500)
    point(vpage, view, 0, 5, 7, (24, 20), click=False)
    readout = view.locator(".jp-nxviz-volume-readout")
    assert "−log transmission" in readout.inner_text()
    with h5py.File(volume_lab.root / "tomo.nxs", "r") as f:
        frames = f["/entry/instrument/detector/data"][()].astype(float)
    flat, dark = frames[DARKS : DARKS + FLATS].mean(axis=0), frames[:DARKS].mean(axis=0)
    z = DARKS + FLATS  # the first projection
    expected = -np.log((frames[z, 5, 7] - dark[5, 7]) / (flat[5, 7] - dark[5, 7]))
    assert readout.get_attribute("data-voxel") == f"{z},5,7"
    assert float(readout.get_attribute("data-value")) == pytest.approx(expected, rel=1e-3)


def test_a_volume_opens_in_the_slice_view_and_its_position_lines_move_together(
    vpage, volume_lab: LabServer
) -> None:
    viewer = open_file(vpage, volume_lab, "volume.nxs")
    view = viewer.locator(f"{VIEW}[data-nxtomo='false']")
    view.wait_for(timeout=TIMEOUT)
    wait_complete(view)
    z, y, x = (n // 2 for n in VOLUME)
    assert panel(view, 1).get_attribute("data-line-row") == str(z)
    # click voxel (y=5, x=17) of the XY plane: the XZ plane moves to y=5, the YZ plane to x=17
    point(vpage, view, 0, 5, 17, (VOLUME[1], VOLUME[2]), click=True)
    panel(view, 1).and_(view.locator("[data-index='5'][data-complete='true']")).wait_for(
        timeout=TIMEOUT
    )
    panel(view, 2).and_(view.locator("[data-index='17'][data-complete='true']")).wait_for(
        timeout=TIMEOUT
    )
    assert panel(view, 0).get_attribute("data-line-row") == "5"
    assert panel(view, 0).get_attribute("data-line-col") == "17"
    assert panel(view, 1).get_attribute("data-line-col") == "17"  # x on the XZ plane
    assert panel(view, 2).get_attribute("data-line-col") == "5"  # y on the YZ plane
    # a key on the XZ plane steps y, and the XY plane's line follows
    panel(view, 1).focus()
    vpage.keyboard.press("ArrowUp")
    panel(view, 0).and_(view.locator("[data-line-row='6']")).wait_for(timeout=TIMEOUT)
    assert panel(view, 2).get_attribute("data-line-col") == "6"


def test_the_cursor_readout_is_h5pys_value_with_physical_coordinates(
    vpage, volume_lab: LabServer
) -> None:
    viewer = open_file(vpage, volume_lab, "volume.nxs")
    view = viewer.locator(VIEW)
    view.wait_for(timeout=TIMEOUT)
    wait_complete(view)
    z = VOLUME[0] // 2
    point(vpage, view, 0, 9, 13, (VOLUME[1], VOLUME[2]), click=False)
    readout = view.locator(".jp-nxviz-volume-readout")
    with h5py.File(volume_lab.root / "volume.nxs", "r") as f:
        expected = int(f["/entry/reconstruction/volume"][z, 9, 13])
    assert readout.get_attribute("data-voxel") == f"{z},9,13"
    assert readout.get_attribute("data-value") == str(expected)
    text = readout.inner_text()
    assert f"x = {13 * 0.5 + 1.0:g} mm" in text and f"y = {9 * 0.5 + 1.0:g} mm" in text


def test_a_detector_stack_keeps_the_frames_view(vpage, volume_lab: LabServer) -> None:
    viewer = open_file(vpage, volume_lab, "stack.nxs")
    viewer.locator("[data-nxviz-view='frames']").first.wait_for(timeout=TIMEOUT)
    assert viewer.locator(VIEW).count() == 0
    assert viewer.locator(".jp-nxviz-mode[data-mode='volume']").count() == 0


def test_a_segment_drawn_with_shift_shows_its_line_profile(vpage, volume_lab: LabServer) -> None:
    viewer = open_file(vpage, volume_lab, "volume.nxs")
    view = viewer.locator(f"{VIEW}[data-nxtomo='false']")
    view.wait_for(timeout=TIMEOUT)
    wait_complete(view)
    shape = (VOLUME[1], VOLUME[2])
    box = panel(view, 0).locator(".jp-nxviz-volume-picture").bounding_box()

    def at(row: int, col: int) -> tuple[float, float]:
        return (
            box["x"] + (col + 0.5) / shape[1] * box["width"],
            box["y"] + (row + 0.5) / shape[0] * box["height"],
        )

    vpage.keyboard.down("Shift")
    vpage.mouse.move(*at(2, 3))
    vpage.mouse.down()
    vpage.mouse.move(*at(11, 9), steps=5)
    vpage.mouse.move(*at(20, 15), steps=5)
    vpage.mouse.up()
    vpage.keyboard.up("Shift")

    profile = view.locator(".jp-nxviz-volume-profile:not([data-samples=''])")
    profile.wait_for(timeout=TIMEOUT)
    assert profile.get_attribute("data-start") == "2,3"
    assert profile.get_attribute("data-end") == "20,15"
    z = VOLUME[0] // 2
    with h5py.File(volume_lab.root / "volume.nxs", "r") as f:
        plane = f["/entry/reconstruction/volume"][z].astype(np.float64)
    count = int(np.ceil(np.hypot(18, 12))) + 1
    values = json.loads(profile.get_attribute("data-values"))
    assert len(values) == count
    assert values[0] == plane[2, 3] and values[-1] == plane[20, 15]
    assert profile.locator("polyline").get_attribute("points").count(",") == count
    assert panel(view, 0).locator(".jp-nxviz-volume-segment").count() == 1
    assert panel(view, 0).get_attribute("data-index") == str(z)  # a drawn segment moves nothing
