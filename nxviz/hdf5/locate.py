"""Find an entity by path, following soft and external links ourselves.

HDF5 looks for an external link's file in several places (the ``HDF5_EXT_PREFIX`` folders, the
parent file's folder, the process's working directory) and follows absolute names anywhere: a
path walked by h5py could leave the server's root. :class:`Locator` walks a path one link at a
time, finds an external link's file where HDF5 would (:mod:`nxviz.hdf5.confine`), refuses it
when it lies outside the root, and opens it through the shared
:class:`~nxviz.hdf5.open.FileCache`. Every dataset it hands out has been checked: HDF5 would
read no file outside the root for its values (external storage, virtual sources).
"""

from __future__ import annotations

import os
import posixpath
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeAlias

import h5py

from nxviz.errors import (
    EntityNotFoundError,
    FileAccessError,
    NxvizError,
    OutsideRootError,
    UnsupportedTypeError,
    UsageError,
)
from nxviz.hdf5 import confine
from nxviz.hdf5.open import FileCache

MAX_HOPS = 32
#: virtual datasets whose sources are virtual datasets, at most this deep
MAX_SOURCE_DEPTH = 4

Entity: TypeAlias = "h5py.Group | h5py.Dataset | h5py.Datatype"


@dataclass(frozen=True)
class Found:
    """An entity, the file it lives in, and its path there (after following links)."""

    entity: Entity
    file: h5py.File
    path: str
    #: what the reader should know (e.g. a missing virtual source read as the fill value)
    notes: tuple[str, ...] = ()


def normalise(path: str | None) -> str:
    """An absolute, normalised HDF5 path ('/' when empty); refuses NUL characters."""
    if path is None or path.strip() == "":
        return "/"
    if "\x00" in path:
        raise UsageError("the 'path' argument contains a NUL character")
    normal = posixpath.normpath("/" + path.lstrip("/"))
    return "/" if normal in ("", "//") else normal


def external_target(parent_file: str, target_file: str) -> Path:
    """Where an external link's file is when it is next to its parent (or absolute); where HDF5
    really looks is :func:`nxviz.hdf5.confine.link_target`."""
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
        self.rule = confine.Root.of(
            self.root, allow_hidden=allow_hidden, allow_outside=allow_outside_root
        )
        self._stack = ExitStack()
        self._depth = 0
        self._steps: dict[tuple[int, str, str], Found] | None = None
        self._targets: dict[tuple[str, str], Path | None] = {}

    def may_follow(self, target: Path) -> bool:
        """Whether HDF5 may read ``target`` (resolved) for a file: inside the root, and not
        hidden unless hidden files are allowed (the rule the contents API applies). Outside
        the root only when the server's configuration says so."""
        return self.rule.allows(target)

    def link_target(self, parent: h5py.File, target_file: str) -> Path | None:
        """The file HDF5 would open for an external link (None when none exists); raises
        :class:`~nxviz.errors.ForeignFileError` when that file may not be read."""
        if self._steps is None:
            return confine.link_target(self.rule, parent.filename, target_file)
        key = (parent.filename, target_file)
        if key not in self._targets:
            self._targets[key] = confine.link_target(self.rule, parent.filename, target_file)
        return self._targets[key]

    def check(self, found: Found) -> Found:
        """``found`` with its notes, once HDF5 is known to read no file outside the root for
        its values; ForeignFileError otherwise. Groups pass unchanged."""
        if not isinstance(found.entity, h5py.Dataset):
            return found
        key = _checked_key(self.rule, found)
        notes = _recently_checked(key)
        if notes is None:
            notes = confine.check_dataset(
                self.rule, found.entity.id, found.file.filename, found.path, self.source_exists
            )
            _remember_checked(key, notes)
        return Found(found.entity, found.file, found.path, notes) if notes else found

    def source_exists(self, path: Path, dataset: str) -> bool:
        """Whether a virtual source's dataset exists, itself checked like any dataset."""
        if self._depth >= MAX_SOURCE_DEPTH:
            raise UnsupportedTypeError("virtual dataset sources nest too deep to be read")
        self._depth += 1
        try:
            self.find(self.open(path), dataset)
        except (EntityNotFoundError, FileAccessError) as error:
            if isinstance(error, OutsideRootError):
                raise
            return False
        finally:
            self._depth -= 1
        return True

    def __enter__(self) -> Locator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()

    def open(self, path: Path) -> h5py.File:
        return self._stack.enter_context(self.cache.open(path))

    def open_external(self, parent: h5py.File, target_file: str) -> h5py.File:
        target = self.link_target(parent, target_file)
        if target is None:
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
        found = Found(h5file["/"], h5file, "/")
        for name in [part for part in path.split("/") if part]:
            if not isinstance(found.entity, h5py.Group):
                raise EntityNotFoundError(f"{path}: {found.path} is not a group")
            found = self.step(found.file, found.entity, found.path, name, hops)
        return found

    @contextmanager
    def remembering(self) -> Iterator[None]:
        """Within the block, a link followed again (the same name of the same group in the same
        open file) gives what it gave the first time: a walk that reaches the same entities by
        several ways (``nexus``: the default plot, its signal, the entries, the detectors) opens,
        follows and checks each link once, and looks for an external link's file once. What was
        not found, or refused, is looked for again."""
        if self._steps is not None:
            yield
            return
        self._steps = {}
        try:
            yield
        finally:
            self._steps = None
            self._targets = {}

    def step(self, h5file: h5py.File, group: h5py.Group, here: str, name: str, hops: int) -> Found:
        """Follow the link ``name`` of ``group`` (at ``here`` in ``h5file``)."""
        steps = self._steps
        if steps is None:
            return self._step(h5file, group, here, name, hops)
        # the remembered entities hold their files open: an id is not reused meanwhile
        key = (id(h5file), here, name)
        found = steps.get(key)
        if found is None:
            found = self._step(h5file, group, here, name, hops)
            steps[key] = found
        return found

    def _step(self, h5file: h5py.File, group: h5py.Group, here: str, name: str, hops: int) -> Found:
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
        return self.check(Found(entity, h5file, child))


#: a virtual dataset of many sources costs tens of ms to check (each source found and opened):
#: a check passed is taken as still true for this long (stepping through its frames)
CHECKED_FOR = 1.0
_CHECKED_MAX = 64
_checked: OrderedDict[Hashable, tuple[float, tuple[str, ...]]] = OrderedDict()
_checked_lock = threading.Lock()


def _checked_key(rule: confine.Root, found: Found) -> Hashable | None:
    """What a check depends on besides time: the file (and its version), the dataset, the
    rule, the working directory and the prefix variables; None when not worth remembering."""
    if found.entity.id.get_offset() is not None:  # plain contiguous storage: checked in µs
        return None
    try:
        st = os.stat(found.file.filename)
        cwd = os.getcwd()
    except OSError:
        return None
    prefixes = tuple(os.environ.get(v) for v in confine.PREFIX_VARIABLES)
    return (found.file.filename, st.st_mtime_ns, st.st_size, found.path, rule, cwd, prefixes)


def _recently_checked(key: Hashable | None) -> tuple[str, ...] | None:
    if key is None:
        return None
    with _checked_lock:
        got = _checked.get(key)
    if got is None or time.monotonic() - got[0] > CHECKED_FOR:
        return None
    return got[1]


def _remember_checked(key: Hashable | None, notes: tuple[str, ...]) -> None:
    if key is None:
        return
    with _checked_lock:
        _checked[key] = (time.monotonic(), notes)
        _checked.move_to_end(key)
        while len(_checked) > _CHECKED_MAX:
            _checked.popitem(last=False)


class Guard:
    """The same confinement for code that walks a file with h5py's low-level API itself (the
    validator): may HDF5 follow this external link, may it read this dataset's values?"""

    def __init__(self, root: Path, *, allow_hidden: bool = True) -> None:
        self._cache = FileCache(max_files=8)
        self._locator = Locator(self._cache, root, allow_hidden=allow_hidden)

    def may_follow(self, where: object, target_file: str) -> bool:
        """Whether the external link to ``target_file`` from the file of the object id
        ``where`` leads to a file that may be read (or to none: the link is then broken)."""
        try:
            filename = os.fsdecode(h5py.h5f.get_name(where))
            confine.link_target(self._locator.rule, filename, target_file)
        except (OutsideRootError, OSError, ValueError):
            return False
        return True

    def may_read(self, dataset_id: object, path: str) -> bool:
        """Whether HDF5 reads the values of the dataset ``dataset_id`` from allowed files only."""
        try:
            filename = os.fsdecode(h5py.h5f.get_name(dataset_id))
            confine.check_dataset(
                self._locator.rule, dataset_id, filename, path, self._locator.source_exists
            )
        except (NxvizError, OSError, ValueError, RuntimeError):
            return False
        return True

    def close(self) -> None:
        self._locator.close()
        self._cache.close()
