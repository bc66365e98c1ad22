"""The demo data set, written once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from nxviz.demo import write_demo


@dataclass(frozen=True)
class WrittenDemo:
    directory: Path
    paths: list[Path]


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> WrittenDemo:
    directory = tmp_path_factory.mktemp("nxviz-demo")
    return WrittenDemo(directory, write_demo(directory))


@pytest.fixture(scope="session")
def demo_dir(demo: WrittenDemo) -> Path:
    return demo.directory
