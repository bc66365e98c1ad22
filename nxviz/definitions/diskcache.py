"""A small cache in the user's cache folder (never beside the data) for what a cold start
would otherwise recompute: compiled NXDL definitions and unit verdicts. Every entry is keyed
by the versions that decide it; a cache that cannot be read or written is simply not used."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from nxviz._version import __version__


def folder() -> Path | None:
    """``$NXVIZ_CACHE_DIR``, else ``$XDG_CACHE_HOME/nxviz``, else ``~/.cache/nxviz``; None
    when ``NXVIZ_CACHE_DIR`` is set empty (caching off)."""
    chosen = os.environ.get("NXVIZ_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nxviz"


def key(*parts: object) -> str:
    """A file name for an entry decided by ``parts`` (and always nxviz's own version)."""
    text = "\0".join(str(p) for p in (__version__, *parts))
    return hashlib.sha256(text.encode("utf-8", errors="replace")).hexdigest()[:32]


def load(kind: str, name: str) -> Any:
    """The entry stored under ``kind/name``, or None."""
    where = folder()
    if where is None:
        return None
    try:
        with open(where / kind / name, "rb") as handle:
            # our own files in the user's private cache folder, written by store() below
            return pickle.load(handle)  # noqa: S301
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None


def store(kind: str, name: str, value: Any) -> None:
    """Write an entry atomically (a reader never sees half a file); errors are ignored."""
    where = folder()
    if where is None:
        return
    target = where / kind
    try:
        target.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, target / name)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
