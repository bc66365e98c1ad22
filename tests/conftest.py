"""Shared fixtures: a Jupyter server with nxviz enabled (pytest-jupyter)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ("pytest_jupyter.jupyter_server",)

REPO = Path(__file__).resolve().parent.parent
REAL_DATA = REPO.parent / "shared" / "data" / "real"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API keeps its event loop running in this
    thread until the session ends, which pytest-jupyter's loop fixture cannot share."""
    browser = [i for i in items if "tests/browser/" in i.nodeid.replace("\\", "/")]
    for item in browser:
        item.add_marker(pytest.mark.browser)
    items[:] = [i for i in items if i not in browser] + browser


@pytest.fixture
def jp_server_config() -> dict[str, object]:
    return {"ServerApp": {"jpserver_extensions": {"nxviz": True}}}
