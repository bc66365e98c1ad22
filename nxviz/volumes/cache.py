"""Where a volume's pyramid lives: a folder in the user's cache directory, never beside the data.

One folder per (file, dataset), named by a hash of the file's real path and the dataset's path.
The folder's ``pyramid.json`` records the file's size and mtime when the pyramid was built: a
file whose size or mtime has changed since has its folder removed at the next look-up, so an old
pyramid is never answered. The cache is bounded in bytes: a new pyramid first removes the least
recently used ones until it fits, and is refused (a one-line notice) when it cannot fit or the
folder is not writable. ``NXVIZ_CACHE_DIR`` overrides the folder (tests, shared servers) and
``NXVIZ_PYRAMID_MAX_BYTES`` the bound (32 GiB by default).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

MANIFEST = "pyramid.json"
PROGRESS = "progress.json"
PARTIAL = ".partial"
DEFAULT_MAX_BYTES = 32 * 1024**3
FREE_MARGIN = 1024**3  # never fill the disk: this much stays free


class CacheUnavailable(Exception):
    """The cache folder cannot take this pyramid (read-only, full, or over its bound)."""


@dataclass(frozen=True)
class Identity:
    """A file's version: its real path, size and mtime (ns), and the dataset's path."""

    file: str
    size: int
    mtime_ns: int
    dataset: str

    @classmethod
    def of(cls, filename: str, dataset: str) -> Identity:
        real = os.path.realpath(filename)
        stat = os.stat(real)
        return cls(real, stat.st_size, stat.st_mtime_ns, dataset)

    def folder_name(self) -> str:
        text = f"{self.file}\0{self.dataset}".encode()
        return hashlib.sha256(text).hexdigest()[:32]

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "size": self.size, "mtime_ns": self.mtime_ns,
                "dataset": self.dataset}  # fmt: skip


def cache_root() -> Path:
    configured = os.environ.get("NXVIZ_CACHE_DIR")
    base = Path(configured) if configured else Path(platformdirs.user_cache_dir("nxviz"))
    return base / "pyramids"


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def write_json(path: Path, value: dict[str, Any]) -> None:
    """Written whole or not at all (a reader never sees half a file)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(value))
    os.replace(temporary, path)


def folder_bytes(folder: Path) -> int:
    total = 0
    for item in folder.rglob("*"):
        try:
            if item.is_file():
                total += item.stat().st_size
        except OSError:
            continue
    return total


def cache_max_bytes() -> int:
    configured = os.environ.get("NXVIZ_PYRAMID_MAX_BYTES", "")
    return int(configured) if configured.isdigit() else DEFAULT_MAX_BYTES


class PyramidCache:
    def __init__(self, root: Path | None = None, max_bytes: int | None = None) -> None:
        self.root = cache_root() if root is None else root
        self.max_bytes = cache_max_bytes() if max_bytes is None else max_bytes

    def folder(self, identity: Identity) -> Path:
        return self.root / identity.folder_name()

    def partial(self, identity: Identity) -> Path:
        return self.root / (identity.folder_name() + PARTIAL)

    def lookup(self, identity: Identity) -> dict[str, Any] | None:
        """The manifest of the file's current pyramid, or None; an outdated pyramid (the file
        changed since it was built) is removed."""
        folder = self.folder(identity)
        manifest = read_json(folder / MANIFEST)
        if manifest is None:
            return None
        if manifest.get("source") != identity.as_json():
            self.remove(folder)
            return None
        touch(folder / MANIFEST)  # recently used: evicted last
        return manifest

    def remove(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    def entries(self) -> list[tuple[float, Path]]:
        """Built pyramids, least recently used first."""
        found = []
        try:
            children = list(self.root.iterdir())
        except OSError:
            return []
        for child in children:
            try:
                found.append(((child / MANIFEST).stat().st_mtime, child))
            except OSError:
                continue
        return sorted(found)

    def make_room(self, identity: Identity, needed: int) -> Path:
        """A fresh partial folder for a pyramid of ``needed`` bytes, least recently used
        pyramids removed to make room; raises :class:`CacheUnavailable` with a one-line reason."""
        if needed > self.max_bytes:
            raise CacheUnavailable(
                f"the pyramid needs {gib(needed)}, more than the cache's bound of "
                f"{gib(self.max_bytes)}: slices are read progressively"
            )
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            probe = self.root / f".probe.{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError:
            raise CacheUnavailable(
                "the pyramid cache folder is not writable: slices are read progressively"
            ) from None
        self.remove(self.folder(identity))
        entries = self.entries()
        used = sum(folder_bytes(folder) for _, folder in entries)
        while entries and used + needed > self.max_bytes:
            _, oldest = entries.pop(0)
            used -= folder_bytes(oldest)
            self.remove(oldest)
        free = shutil.disk_usage(self.root).free
        if needed + FREE_MARGIN > free:
            raise CacheUnavailable(
                f"the pyramid cache folder has {gib(free)} free, the pyramid needs "
                f"{gib(needed)}: slices are read progressively"
            )
        partial = self.partial(identity)
        self.remove(partial)
        partial.mkdir()
        return partial

    def publish(self, identity: Identity, partial: Path, manifest: dict[str, Any]) -> None:
        """The built pyramid becomes visible (its manifest written last, then renamed)."""
        write_json(partial / MANIFEST, {**manifest, "source": identity.as_json(),
                                        "built": time.time()})  # fmt: skip
        touch(partial / MANIFEST)
        final = self.folder(identity)
        self.remove(final)
        os.replace(partial, final)


def touch(path: Path) -> None:
    """The time of use, to the nanosecond (the file system's own clock ticks more coarsely)."""
    now = time.time_ns()
    try:
        os.utime(path, ns=(now, now))
    except OSError:
        pass  # a read-only cache: its order of use is not kept


def gib(count: float) -> str:
    return f"{count / 1024**3:.2f} GiB"
