"""The viewer's FAIR panel: the score and what is missing, and a click on a missing item
selects the place in the tree where it belongs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import h5py
import pytest

from tests.browser.conftest import browser_page
from tests.browser.lab import LabServer, start_lab
from tests.fair.factories import ready

pytestmark = pytest.mark.browser
TIMEOUT = 60_000


def _write(root: Path) -> None:
    with h5py.File(root / "ready.nxs", "w") as f:
        ready(f)
    with h5py.File(root / "no_orcid.nxs", "w") as f:
        ready(f)
        del f["/entry/user/ORCID"]
        del f["/entry/start_time"]
        f["/entry/start_time"] = "2024-05-01T10:00:00"


@pytest.fixture(scope="module")
def fair_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    root = tmp_path_factory.mktemp("fair")
    _write(root)
    server = start_lab(root, tmp_path_factory.mktemp("fair-home"))
    yield server
    server.stop()


@pytest.fixture
def fpage(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from browser_page(browser, request, 1500, 950)


def _open(page, lab: LabServer, name: str):
    page.goto(lab.url(f"lab/workspaces/t{time.monotonic_ns()}/tree/{name}?reset"), timeout=TIMEOUT)
    viewer = page.locator(".jp-nxviz-root[data-nxviz-state='ready']")
    viewer.wait_for(timeout=TIMEOUT)
    viewer.get_by_role("button", name="Check FAIR readiness").click()
    panel = viewer.locator(".jp-nxviz-fair[data-nxviz-state='ready']")
    panel.wait_for(timeout=TIMEOUT)
    return viewer, panel


def test_fair_panel_lists_missing_items_and_a_click_selects_their_place(
    fpage, fair_lab: LabServer
) -> None:
    viewer, panel = _open(fpage, fair_lab, "no_orcid.nxs")
    score = panel.locator(".jp-nxviz-fair-score")
    assert score.get_attribute("data-ready") == "false"
    assert 0 < float(score.get_attribute("data-score") or "0") < 100
    assert "PaNET01164 macromolecular crystallography" in panel.inner_text()
    checks = [s.get_attribute("data-check") for s in panel.locator(".jp-nxviz-fair-check").all()]
    assert checks == ["times", "orcid"]
    missing = panel.locator(".jp-nxviz-finding[data-path='/entry/user/ORCID']")
    assert missing.get_attribute("data-code") == "fair_missing"
    missing.click()
    viewer.locator(".jp-nxviz-node.jp-mod-selected[data-path='/entry/user']").wait_for(
        timeout=TIMEOUT
    )
    panel.locator(".jp-nxviz-finding[data-path='/entry/start_time']").click()
    viewer.locator(".jp-nxviz-node.jp-mod-selected[data-path='/entry/start_time']").wait_for(
        timeout=TIMEOUT
    )


def test_fair_ready_file_shows_100(fpage, fair_lab: LabServer) -> None:
    _, panel = _open(fpage, fair_lab, "ready.nxs")
    score = panel.locator(".jp-nxviz-fair-score")
    assert score.get_attribute("data-ready") == "true"
    assert score.get_attribute("data-score") == "100"
    assert "100 % FAIR-ready" in score.inner_text()
    assert panel.locator(".jp-nxviz-finding").count() == 0
