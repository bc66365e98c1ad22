"""Fixtures of the FAIR tests: FAIR-ready files, mutated, written into ``tmp_path``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fair.factories import MakeFile, make_factory


@pytest.fixture
def make_ready(tmp_path: Path) -> MakeFile:
    """``make_ready(mutate)``: a FAIR-ready NXmx file, then one mutation."""
    return make_factory(tmp_path)
