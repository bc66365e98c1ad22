"""The demo data set as the tests see it: written once per session, read by every suite."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WrittenDemo:
    directory: Path
    paths: list[Path]
