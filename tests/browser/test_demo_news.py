"""`nxviz demo` starts JupyterLab without the news prompt covering the findings panel."""

from __future__ import annotations

from pathlib import Path

import pytest

from nxviz.demo.launch import demo_settings
from tests.browser.conftest import browser_page
from tests.browser.lab import start_lab

PROMPT = "official Jupyter news"


def prompt_shown(browser: object, request: pytest.FixtureRequest, lab_url: str) -> bool:
    pages = browser_page(browser, request)
    page = next(pages)
    try:
        page.goto(lab_url, timeout=60_000)  # type: ignore[attr-defined]
        page.wait_for_selector(".jp-DirListing-item", timeout=60_000)  # type: ignore[attr-defined]
        page.wait_for_timeout(3000)  # type: ignore[attr-defined]
        return PROMPT in page.locator("body").inner_text()  # type: ignore[attr-defined]
    finally:
        next(pages, None)


def test_demo_settings_turn_the_news_prompt_off(
    browser: object, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    root = tmp_path / "demo"
    root.mkdir()
    (root / "scan.txt").write_text("a file to list")
    plain = start_lab(root, tmp_path / "plain-home", news_setting=False)
    try:
        assert prompt_shown(browser, request, plain.fresh_url()), (
            "the prompt is JupyterLab's default"
        )
    finally:
        plain.stop()
    settings = demo_settings(root, tmp_path / "no-app-settings")
    demo = start_lab(
        root,
        tmp_path / "demo-home",
        news_setting=False,
        extra=(f"--LabApp.app_settings_dir={settings}",),
    )
    try:
        assert not prompt_shown(browser, request, demo.fresh_url())
    finally:
        demo.stop()
