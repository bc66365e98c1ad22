"""Browser tests: JupyterLab in a subprocess, Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.lab import CHROMIUM, CHROMIUM_ARGS, LabServer, start_lab

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


@pytest.fixture(autouse=True)
def jp_asyncio_loop() -> None:
    """Browser tests need no event loop of pytest-jupyter's: Playwright runs its own."""


@pytest.fixture(autouse=True)
def jp_server_cleanup() -> None:
    """Nothing of pytest-jupyter's server to clean up in browser tests."""


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def lab(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    server = start_lab(demo_dir, tmp_path_factory.mktemp("lab-home"))
    yield server
    server.stop()


def browser_page(
    browser: object,
    request: pytest.FixtureRequest,
    width: int = 1400,
    height: int = 900,
    scale: float = 1,
) -> Iterator[object]:
    """A page in a fresh browser context (``scale``: device pixels per CSS pixel); its
    screenshot is saved as a test artefact, and an uncaught error in the page fails the test."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": height}, device_scale_factor=scale
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def page(browser: object, lab: LabServer, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from browser_page(browser, request)
