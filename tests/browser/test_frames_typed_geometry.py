"""A plain detector stack (a 3-D uint32 array written by h5py, no NeXus attribute, no geometry)
opens in the Frames view with the geometry form offered; the numbers typed there draw the
resolution rings and give the server's radial profile its peak at the q where the test put the
ring; they come back when the file is opened again and after a full page reload (JupyterLab
saves its state database with the workspace on the server), and nothing is written beside the
file."""

from __future__ import annotations

import json
import math
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.frames.geometry import Geometry, rings
from tests.browser.conftest import browser_page
from tests.browser.lab import LabServer, start_lab
from tests.browser.test_gallery import snapshot

TIMEOUT = 30_000
VIEW = "[data-nxviz-view='frames']"
SHAPE = (240, 256)  # rows, columns
GEOMETRY = Geometry(
    beam_x=130.4, beam_y=110.7, distance=0.08, wavelength=1.0, pixel_x=75e-6, pixel_y=75e-6
)
ENERGY_KEV = 12.39841984  # 1.0 Å, typed as an energy
RING_Q = 0.6  # Å⁻¹


def ring_stack() -> np.ndarray:
    rows, cols = np.indices(SHAPE, dtype=np.float64)
    radius = np.hypot(
        (rows - GEOMETRY.beam_y) * GEOMETRY.pixel_y, (cols - GEOMETRY.beam_x) * GEOMETRY.pixel_x
    )
    q = 4 * math.pi * np.sin(np.arctan2(radius, GEOMETRY.distance) / 2) / GEOMETRY.wavelength
    expected = 30.0 + 600.0 * np.exp(-0.5 * ((q - RING_Q) / 0.008) ** 2)
    rng = np.random.default_rng(7)
    return np.stack([rng.poisson(expected) for _ in range(3)]).astype(np.uint32)


@pytest.fixture(scope="module")
def plain_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    root = tmp_path_factory.mktemp("plain-root")
    with h5py.File(root / "plain_stack.h5", "w") as f:
        f.create_dataset("data", data=ring_stack(), chunks=(1, *SHAPE))
    server = start_lab(root, tmp_path_factory.mktemp("plain-home"))
    yield server
    server.stop()


@pytest.fixture
def ppage(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from browser_page(browser, request, 1600, 1000)


def frames_of(page) -> object:
    """The Frames view of /data once frame 0 is drawn (the stack selected in the tree)."""
    viewer = page.locator(".jp-nxviz-root[data-nxviz-state='ready']")
    viewer.wait_for(timeout=TIMEOUT)
    viewer.locator(".jp-nxviz-node[data-path='/data']").click()
    view = page.locator(f"{VIEW}[data-drawn-index='0']")
    view.wait_for(timeout=TIMEOUT)
    return view


def field(page, label: str) -> object:
    return page.locator(f".jp-nxviz-frames-geometry input[aria-label='{label}']")


def workspace_data(lab: LabServer, workspace: str) -> dict[str, object]:
    """The state JupyterLab saved on the server for a workspace (its IStateDB)."""
    with urllib.request.urlopen(lab.url(f"lab/api/workspaces/{workspace}"), timeout=10) as answer:
        data = json.load(answer).get("data", {})
    return data if isinstance(data, dict) else {}


def expected_rings() -> set[float]:
    rows, cols = SHAPE
    far = max(GEOMETRY.radius(x, y) for x in (0.0, cols - 1.0) for y in (0.0, rows - 1.0))
    return {d for d, _ in rings(GEOMETRY, far)}


def test_typed_geometry_on_a_plain_stack_draws_rings_and_profile_and_is_kept(
    ppage, plain_lab: LabServer
) -> None:
    page = ppage
    root: Path = plain_lab.root
    before = snapshot(root)
    workspace = f"p{time.monotonic_ns()}"
    page.goto(
        plain_lab.url(f"lab/workspaces/{workspace}/tree/plain_stack.h5?reset"), timeout=60_000
    )
    view = frames_of(page)
    # no geometry in the file: no diffraction tools yet, the form is offered
    assert view.get_attribute("data-diffraction") == "false"
    assert page.locator(".jp-nxviz-frames-toggle", has_text="rings").count() == 0
    form = page.locator(".jp-nxviz-frames-geometry")
    assert form.get_attribute("data-source") == "none"
    summary = form.locator("summary")
    assert "none in the file" in summary.inner_text()
    summary.click()
    for label, value in (
        ("beam x", "130.4"),
        ("beam y", "110.7"),
        ("distance", "80"),  # mm
        ("pixel x", "75"),  # µm
        ("pixel y", "75"),
        ("energy", str(ENERGY_KEV)),  # keV: the wavelength follows
    ):
        field(page, label).fill(value)
    page.locator(f"{VIEW}[data-diffraction='true']").wait_for(timeout=TIMEOUT)
    assert float(field(page, "λ").input_value()) == pytest.approx(1.0, rel=1e-6)
    assert form.get_attribute("data-source") == "typed"

    # rings at the round d-spacings the typed geometry puts on this detector
    page.locator(".jp-nxviz-frames-ring").first.wait_for(timeout=TIMEOUT)
    drawn = {float(d) for d in page.locator(".jp-nxviz-frames-ring").evaluate_all(
        "els => els.map(e => e.dataset.d)"
    )}  # fmt: skip
    assert 10.0 in drawn and drawn <= expected_rings(), (drawn, expected_rings())

    # the server's profile from the typed numbers peaks where the ring was put
    with page.expect_response(lambda r: "/nxviz/api/profile" in r.url, timeout=TIMEOUT) as asked:
        page.locator(".jp-nxviz-frames-toggle", has_text="radial profile").locator("input").check()
    answer = asked.value.json()
    assert answer["geometry"]["distance"] == pytest.approx(0.08)
    assert answer["geometry"]["wavelength"] == pytest.approx(1.0, rel=1e-6)
    profile = page.locator(".jp-nxviz-frames-profile[data-busy='false']:not([data-peaks=''])")
    profile.wait_for(timeout=TIMEOUT)
    peaks = [float(p) for p in (profile.get_attribute("data-peaks") or "").split(",")]
    assert len(peaks) == 1 and abs(peaks[0] - RING_Q) <= answer["bin_width"], peaks

    # close the file and open it again: the typed numbers are still there
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="plain_stack.h5")
    tab.locator(".lm-TabBar-tabCloseIcon").click()
    page.locator(VIEW).wait_for(state="detached", timeout=TIMEOUT)
    page.locator(".jp-DirListing-item", has_text="plain_stack.h5").dblclick()
    frames_of(page)
    page.locator(f"{VIEW}[data-diffraction='true']").wait_for(timeout=TIMEOUT)
    assert page.locator(".jp-nxviz-frames-geometry").get_attribute("data-source") == "typed"
    assert float(field(page, "beam x").input_value()) == pytest.approx(130.4)
    assert float(field(page, "distance").input_value()) == pytest.approx(80)
    assert page.locator(".jp-nxviz-frames-ring").count() >= 1

    # a full page reload: JupyterLab keeps IStateDB in the workspace, which it saves on the
    # server (PUT /lab/api/workspaces/<name>) half a second after a change; once saved there,
    # the reloaded page reads the typed numbers back (a reload with ?reset would clear them),
    # and the document tracker's restore (which prunes its own `nxviz:` entries) keeps them
    key = "nxviz-geometry:plain_stack.h5:/data"
    deadline = time.monotonic() + 30
    saved: dict[str, object] = {}
    while time.monotonic() < deadline:
        saved = workspace_data(plain_lab, workspace)
        if key in saved:
            break
        page.wait_for_timeout(250)
    assert saved.get(key, {}).get("beamX") == pytest.approx(130.4), saved  # type: ignore[union-attr]
    page.goto(plain_lab.url(f"lab/workspaces/{workspace}"), timeout=60_000)
    page.locator(f"{VIEW}, .jp-nxviz-root").first.wait_for(timeout=TIMEOUT)
    frames_of(page)
    page.locator(f"{VIEW}[data-diffraction='true']").wait_for(timeout=TIMEOUT)
    assert page.locator(".jp-nxviz-frames-geometry").get_attribute("data-source") == "typed"
    assert float(field(page, "beam y").input_value()) == pytest.approx(110.7)
    assert float(field(page, "pixel x").input_value()) == pytest.approx(75)
    assert page.locator(".jp-nxviz-frames-ring").count() >= 1

    # forgetting them returns the stack to no geometry
    page.locator(".jp-nxviz-frames-geometry summary").click()
    page.locator(".jp-nxviz-frames-geometry button", has_text="forget typed values").click()
    page.locator(f"{VIEW}[data-diffraction='false']").wait_for(timeout=TIMEOUT)
    assert page.locator(".jp-nxviz-frames-ring").count() == 0

    assert snapshot(root) == before  # nothing written beside the file (nor anywhere in root)
