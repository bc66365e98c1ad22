"""Shared fixtures: a Jupyter server with nxviz enabled (pytest-jupyter)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.demo_data import WrittenDemo

pytest_plugins = ("pytest_jupyter.jupyter_server",)

REPO = Path(__file__).resolve().parent.parent
REAL_DATA = REPO / "tests" / "data" / "real"
#: pyFAI's output (tests/data/pyfai/README.md)
PYFAI_DATA = REPO / "tests" / "data" / "pyfai"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API keeps its event loop running in this
    thread until the session ends, which pytest-jupyter's loop fixture cannot share."""
    browser = [i for i in items if "tests/browser/" in i.nodeid.replace("\\", "/")]
    for item in browser:
        item.add_marker(pytest.mark.browser)
    items[:] = [i for i in items if i not in browser] + browser


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> WrittenDemo:
    """``nxviz demo``'s data set, written once for the whole session; tests only read it."""
    from nxviz.demo import write_demo

    directory = tmp_path_factory.mktemp("nxviz-demo")
    return WrittenDemo(directory, write_demo(directory))


@pytest.fixture(scope="session")
def demo_dir(demo: WrittenDemo) -> Path:
    return demo.directory


@pytest.fixture(autouse=True)
def _collector_as_it_was() -> Iterator[None]:
    """A server a test starts runs in the test process and may set its objects aside from the
    garbage collector (nxviz.server.heap): each test ends with them tracked again."""
    yield
    gc.unfreeze()


@pytest.fixture
def jp_server_config() -> dict[str, object]:
    return {"ServerApp": {"jpserver_extensions": {"nxviz": True}}}
