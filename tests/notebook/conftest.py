"""Fixtures of the notebook tests: small files in a root folder, the demo data set, Agg."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")  # before pyplot is imported anywhere: no display, no window

from tests.notebook import factories  # noqa: E402


@pytest.fixture(autouse=True)
def _no_jupyter_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests decide the root themselves, whatever the environment they run in."""
    monkeypatch.delenv("NXVIZ_ROOT_DIR", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A server root with the test files in ``sub/``."""
    folder = tmp_path / "root"
    (folder / "sub").mkdir(parents=True)
    factories.write_scan(folder / "sub" / "scan.nxs")
    factories.write_map(folder / "sub" / "map.nxs")
    factories.write_nxmx(folder / "sub" / "nxmx.nxs")
    return folder


@pytest.fixture
def close_figures() -> Iterator[None]:
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def decode_png(data: bytes) -> np.ndarray:
    """Pixels of a PNG (rows, columns, channels), decoded by matplotlib."""
    import matplotlib.image

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pixels: np.ndarray = matplotlib.image.imread(io.BytesIO(data), format="png")
    return pixels


def assert_not_blank(pixels: np.ndarray) -> None:
    """A picture with content: several colours, not one flat fill."""
    rgb = pixels[..., :3]
    assert float(rgb.var()) > 1e-3
    assert len(np.unique(rgb.reshape(-1, 3), axis=0)) > 50
