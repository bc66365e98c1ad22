"""Resolve a request's ``file`` argument under the server's root directory, or refuse it."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from nxviz.errors import FileAccessError, OutsideRootError, UsageError


def is_hidden_name(part: str) -> bool:
    return part.startswith(".") and part not in (".", "..")


def resolve_under_root(root: Path, file: str | None, *, allow_hidden: bool = False) -> Path:
    """The real path of ``file`` (relative to ``root``, as the contents API names files).

    Refused: a missing or empty argument (UsageError); an absolute path, a ``..`` that climbs
    out, or a symlink whose target leaves the root (OutsideRootError); a hidden file or folder
    when hidden files are not allowed (OutsideRootError); a path that does not exist or is
    not a regular file (FileAccessError).
    """
    if not file or not file.strip():
        raise UsageError("the 'file' argument is required")
    if "\x00" in file:
        raise UsageError("the 'file' argument contains a NUL character")
    try:
        return _resolve(root, file, allow_hidden)
    except FileAccessError:  # an OSError too
        raise
    except OSError as error:  # a name too long (ENAMETOOLONG), a loop of symlinks (ELOOP)
        raise FileAccessError(f"{file[:60]}: cannot be looked up ({error.strerror})") from error


def _resolve(root: Path, file: str, allow_hidden: bool) -> Path:
    relative = PurePosixPath(file.replace("\\", "/"))
    if relative.is_absolute() or (os.name == "nt" and Path(file).drive):
        raise OutsideRootError(
            f"{file}: absolute paths are not served; give a path relative to the root"
        )
    if not allow_hidden and any(is_hidden_name(part) for part in relative.parts):
        raise OutsideRootError(f"{file}: hidden files are not served")
    real_root = root.resolve()
    candidate = (real_root / relative).resolve()
    if not candidate.is_relative_to(real_root):
        raise OutsideRootError(f"{file}: the path leaves the server's root directory")
    if not allow_hidden and any(is_hidden_name(p) for p in candidate.relative_to(real_root).parts):
        raise OutsideRootError(f"{file}: hidden files are not served")
    if not candidate.exists():
        raise FileAccessError(f"{file}: no such file")
    if not candidate.is_file():
        raise FileAccessError(f"{file}: not a regular file")
    return candidate


def is_inside_root(root: Path, target: Path) -> bool:
    """Whether ``target`` (e.g. an external link's file) resolves inside ``root``."""
    return target.resolve().is_relative_to(root.resolve())
