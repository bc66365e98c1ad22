"""What the XRF tests share: the worker's open files, and its cache of decoded chunk rows left
empty before and after a test that asks for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from nxviz.hdf5.open import FileCache
from nxviz.xrf.chunks import CACHE


@pytest.fixture
def chunk_cache_emptied() -> Iterator[None]:
    CACHE.clear()
    yield
    CACHE.clear()


@pytest.fixture
def files() -> Iterator[FileCache]:
    cache = FileCache()
    yield cache
    cache.close()
