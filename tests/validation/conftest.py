"""Fixtures of the validator tests: files written by the factories into ``tmp_path``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import h5py
import pytest

from tests.validation.factories import FACTORIES

Mutation = Callable[[h5py.File], None]
MakeFile = Callable[..., Path]

REPO = Path(__file__).resolve().parents[2]
REAL_DATA = REPO / "tests" / "data" / "real"


@pytest.fixture
def make_file(tmp_path: Path) -> MakeFile:
    """``make_file("NXmx", mutate)``: a valid file of that definition, then one mutation."""
    counter = iter(range(1_000_000))

    def make(definition: str, mutate: Mutation | None = None, name: str | None = None) -> Path:
        path = tmp_path / (name or f"{definition}_{next(counter)}.nxs")
        with h5py.File(path, "w") as f:
            FACTORIES[definition](f)
            if mutate is not None:
                mutate(f)
        return path

    return make


@pytest.fixture(scope="session")
def real_files() -> list[Path]:
    """Every real file beside the repository; their absence is a failure, never a skip."""
    if not REAL_DATA.is_dir():
        pytest.fail(f"real data folder missing: {REAL_DATA}")
    files = sorted(p for p in REAL_DATA.iterdir() if p.suffix in (".h5", ".nxs", ".hdf5"))
    if not files:
        pytest.fail(f"no HDF5 files in {REAL_DATA}")
    return files


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tests' compiled NXDL and unit verdicts go to a temporary cache, not the user's."""
    folder = tmp_path_factory.mktemp("nxviz-cache")
    before = os.environ.get("NXVIZ_CACHE_DIR")
    os.environ["NXVIZ_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["NXVIZ_CACHE_DIR"]
    else:
        os.environ["NXVIZ_CACHE_DIR"] = before
