"""A page of children costs its own size, not the group's."""

from __future__ import annotations

from pathlib import Path

import pytest

from nxviz.hdf5 import meta
from nxviz.hdf5.locate import Locator
from nxviz.hdf5.open import FileCache
from tests.hdf5.factories import write_many


def test_a_page_describes_only_its_own_children(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = write_many(tmp_path / "many.h5", 20_000)
    described: list[str] = []
    original = meta.describe_id

    def counting(oid, name):
        described.append(name)
        return original(oid, name)

    monkeypatch.setattr(meta, "describe_id", counting)
    cache = FileCache()
    with Locator(cache, tmp_path) as locator:
        page = meta.entity_metadata(locator, locator.open(path), "/many", offset=19_995, limit=10)
    cache.close()

    assert page["total"] == 20_000
    assert [c["name"] for c in page["children"]] == [f"c{i:06d}" for i in range(19_995, 20_000)]
    assert described == ["many"] + [f"c{i:06d}" for i in range(19_995, 20_000)]
