"""Find an entity by path, following soft and external links ourselves.

HDF5 resolves a relative external link against the process's working directory before the
parent file's folder, and follows absolute ones anywhere: a path walked by h5py could leave the
server's root. :class:`Locator` walks a path one link at a time, resolves external links against
the parent file's folder only, refuses targets outside the root, and opens target files through
the shared :class:`~nxviz.hdf5.open.FileCache`.
"""

from __future__ import annotations

import posixpath
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeAlias

import h5py

from nxviz.errors import EntityNotFoundError, FileAccessError, OutsideRootError, UsageError
from nxviz.hdf5.open import FileCache

MAX_HOPS = 32

Entity: TypeAlias = "h5py.Group | h5py.Dataset | h5py.Datatype"


@dataclass(frozen=True)
class Found:
    """An entity, the file it lives in, and its path there (after following links)."""

    entity: Entity
    file: h5py.File
    path: str


def normalise(path: str | None) -> str:
    """An absolute, normalised HDF5 path ('/' when empty); refuses NUL characters."""
    if path is None or path.strip() == "":
        return "/"
    if "\x00" in path:
        raise UsageError("the 'path' argument contains a NUL character")
    normal = posixpath.normpath("/" + path.lstrip("/"))
    return "/" if normal in ("", "//") else normal


def external_target(parent_file: str, target_file: str) -> Path:
    """Where an external link's file is, resolved like a relative path next to its parent."""
    target = PurePosixPath(target_file.replace("\\", "/"))
    if target.is_absolute():
        return Path(target)
    return Path(parent_file).parent / target


class Locator:
    """Walks paths within ``root``; files opened on the way stay open until :meth:`close`."""

    def __init__(
        self,
        cache: FileCache,
        root: Path,
        *,
        allow_hidden: bool = True,
        allow_outside_root: bool = False,
    ) -> None:
        self.cache = cache
        self.root = root.resolve()
        self.allow_hidden = allow_hidden
        self.allow_outside_root = allow_outside_root
        self._stack = ExitStack()

    def may_follow(self, target: Path) -> bool:
        """Whether an external link may lead to ``target`` (resolved): inside the root, and
        not hidden unless hidden files are allowed (the rule the contents API applies).
        Outside the root only when the server's configuration says so."""
        if not target.is_relative_to(self.root):
            return self.allow_outside_root
        hidden = any(part.startswith(".") for part in target.relative_to(self.root).parts)
        return self.allow_hidden or not hidden

    def __enter__(self) -> Locator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()

    def open(self, path: Path) -> h5py.File:
        return self._stack.enter_context(self.cache.open(path))

    def open_external(self, parent: h5py.File, target_file: str) -> h5py.File:
        target = external_target(parent.filename, target_file).resolve()
        if not self.may_follow(target):
            raise OutsideRootError(f"external link to {target_file}: the target is not served")
        if not target.is_file():
            raise EntityNotFoundError(f"external link to {target_file}: no such file")
        try:
            return self.open(target)
        except FileAccessError as error:
            raise EntityNotFoundError(f"external link to {target_file}: {error.message}") from error

    def find(self, h5file: h5py.File, path: str | None) -> Found:
        """The entity at ``path`` in ``h5file``; EntityNotFoundError when there is none."""
        return self._walk(h5file, normalise(path), hops=0)

    def _walk(self, h5file: h5py.File, path: str, hops: int) -> Found:
        if hops > MAX_HOPS:
            raise EntityNotFoundError(f"{path}: too many levels of links")
        current: Entity = h5file["/"]
        here = "/"
        for name in [part for part in path.split("/") if part]:
            if not isinstance(current, h5py.Group):
                raise EntityNotFoundError(f"{path}: {here} is not a group")
            found = self.step(h5file, current, here, name, hops)
            current, h5file, here = found.entity, found.file, found.path
        return Found(current, h5file, here)

    def step(self, h5file: h5py.File, group: h5py.Group, here: str, name: str, hops: int) -> Found:
        """Follow the link ``name`` of ``group`` (at ``here`` in ``h5file``)."""
        child = posixpath.join(here, name)
        try:
            link = group.get(name, getlink=True)
        except (KeyError, ValueError, OSError) as error:
            raise EntityNotFoundError(f"{child}: not found") from error
        if link is None:
            raise EntityNotFoundError(f"{child}: no such entity")
        if isinstance(link, h5py.SoftLink):
            target = posixpath.normpath(posixpath.join(here, link.path))
            return self._walk(h5file, target, hops + 1)
        if isinstance(link, h5py.ExternalLink):
            target_file = self.open_external(h5file, link.filename)
            return self._walk(target_file, normalise(link.path), hops + 1)
        try:
            entity = group[name]
        except (KeyError, OSError) as error:
            raise EntityNotFoundError(f"{child}: cannot be opened ({error})") from error
        return Found(entity, h5file, child)
