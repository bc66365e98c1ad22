"""The pyramid control of the slice view: a build shows its progress, a cancelled build leaves
nothing in the cache, and once built the planes drawn small say they come from the pyramid."""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from pathlib import Path

import h5py
import numpy as np
import pytest

from tests.browser.conftest import browser_page
from tests.browser.lab import LabServer, start_lab
from tests.browser.test_viewer import TIMEOUT, open_file
from tests.browser.test_volumes import VIEW, panel, warm

BUILD_TIMEOUT = 300_000  # a build reads the whole volume: minutes on a loaded machine
SLOW = (768, 1024, 1024)  # six slabs of the build: it runs for seconds, with progress between
QUICK = (16, 1024, 1024)  # the XY plane holds pyramid level 1 at 512 × 512


def write_volume(path: Path, shape: tuple[int, int, int]) -> np.ndarray:
    """A 3-D NXdata volume of gzip frames, each frame's chunk the same bytes (quick to write,
    however many frames): returns one frame."""
    frame = (np.add.outer(np.arange(shape[1]), 3 * np.arange(shape[2])) % 4001).astype("<u2")
    stored = zlib.compress(frame.tobytes(), 1)
    with h5py.File(path, "w") as f:
        f.attrs["default"] = "entry"
        entry = f.create_group("entry")
        entry.attrs.update({"NX_class": "NXentry", "default": "reconstruction"})
        group = entry.create_group("reconstruction")
        group.attrs.update({"NX_class": "NXdata", "signal": "volume"})
        data = group.create_dataset(
            "volume", shape=shape, dtype="<u2", chunks=(1, *shape[1:]), compression="gzip"
        )
        for z in range(shape[0]):
            data.id.write_direct_chunk((z, 0, 0), stored)
    return frame


@pytest.fixture(scope="module")
def pyramid_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LabServer, Path]]:
    root = tmp_path_factory.mktemp("pyramid-volumes")
    write_volume(root / "slow.nxs", SLOW)
    write_volume(root / "quick.nxs", QUICK)
    cache = tmp_path_factory.mktemp("pyramid-cache")
    before = os.environ.get("NXVIZ_CACHE_DIR")
    os.environ["NXVIZ_CACHE_DIR"] = str(cache)  # the server's user cache folder
    try:
        server = start_lab(root, tmp_path_factory.mktemp("pyramid-home"))
    finally:
        if before is None:
            del os.environ["NXVIZ_CACHE_DIR"]
        else:
            os.environ["NXVIZ_CACHE_DIR"] = before
    warm(server, "quick.nxs")
    yield server, cache / "pyramids"
    server.stop()


@pytest.fixture
def vpage(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from browser_page(browser, request, 1500, 1000)


def control(view):
    return view.locator(".jp-nxviz-volume-pyramid")


def test_a_build_shows_its_progress_and_cancelling_it_leaves_nothing(
    vpage, pyramid_lab: tuple[LabServer, Path]
) -> None:
    lab, pyramids = pyramid_lab
    view = open_file(vpage, lab, "slow.nxs").locator(VIEW)
    view.wait_for(timeout=TIMEOUT)
    control(view).get_by_role("button", name="Build pyramid").click()
    building = view.locator(".jp-nxviz-volume-pyramid[data-state='building']")
    building.wait_for(timeout=TIMEOUT)
    progress = building.locator("progress")
    progress.wait_for(timeout=TIMEOUT)
    # the bar moves once the first slab of planes is read (polled every second)
    vpage.wait_for_function(
        "el => Number(el.value) > 0", arg=progress.element_handle(), timeout=BUILD_TIMEOUT
    )
    shown = int(progress.get_attribute("value"))
    assert 0 < shown < 100
    assert f"building pyramid {shown}%" in building.inner_text()
    assert len(list(pyramids.glob("*.partial"))) == 1  # its partial pyramid, in the cache

    building.get_by_role("button", name="cancel").click()

    control(view).and_(view.locator("[data-state='cancelled']")).wait_for(timeout=TIMEOUT)
    control(view).get_by_role("button", name="Build pyramid").wait_for(timeout=TIMEOUT)
    for _ in range(300):  # the build removes its folder as it stops (within a minute)
        if not list(pyramids.iterdir()):
            break
        vpage.wait_for_timeout(200)
    assert list(pyramids.iterdir()) == []
    assert sorted(p.name for p in lab.root.iterdir()) == ["quick.nxs", "slow.nxs"]


def test_once_built_the_planes_drawn_small_say_they_come_from_the_pyramid(
    vpage, pyramid_lab: tuple[LabServer, Path]
) -> None:
    lab, pyramids = pyramid_lab
    view = open_file(vpage, lab, "quick.nxs").locator(VIEW)
    view.wait_for(timeout=TIMEOUT)
    large = panel(view, 0)
    large.and_(view.locator("[data-complete='true']")).wait_for(timeout=TIMEOUT)
    assert large.get_attribute("data-pyramid") == ""  # the volume itself answers
    control(view).get_by_role("button", name="Build pyramid").click()
    ready = view.locator(".jp-nxviz-volume-pyramid[data-state='ready']")
    ready.wait_for(timeout=BUILD_TIMEOUT)
    assert ready.inner_text().startswith("pyramid: ")
    assert len([p for p in pyramids.iterdir() if not p.name.endswith(".partial")]) == 1

    # the XY plane drawn as a thumbnail (half size): 512 × 512 pixels of 1024 × 1024 voxels
    # come from pyramid level 1, and the panel says so
    panel(view, 1).locator(".jp-nxviz-volume-enlarge").click()
    small = panel(view, 0).and_(view.locator("[data-pyramid='1']"))
    small.wait_for(timeout=TIMEOUT)
    assert "from the pyramid (level 1)" in small.locator(".jp-nxviz-volume-progress").inner_text()
    assert sorted(p.name for p in lab.root.iterdir()) == ["quick.nxs", "slow.nxs"]
