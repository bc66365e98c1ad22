"""Confine the files HDF5 reads on a file's behalf to the root, before anything is read.

HDF5 opens other files by itself: an external link's target, a dataset's external raw storage
(EFL) and a virtual dataset's source files. It looks for them in an order of its own (the prefix
environment variables, the file's folder, the process's working directory), so a file inside the
root can make it read any file the server may read. This module finds each such file where HDF5
would find it and refuses the read (:class:`~nxviz.errors.ForeignFileError`) when one lies outside
the root, or is hidden when hidden files are not served.

Where HDF5 looks (HDF5 2.0, ``H5F_prefix_open_file`` and ``H5D__efl_read``):

- external link or virtual source named ``name`` from file ``F``: ``name`` itself when absolute
  (if it does not open, its last component is searched as below); each folder of
  ``HDF5_EXT_PREFIX`` (links) or ``HDF5_VDS_PREFIX`` (sources), ``:``-separated; the access
  property prefix (for sources, ``HDF5_VDS_PREFIX`` with ``${ORIGIN}`` meaning F's folder);
  F's folder; the working directory; F's real folder. The first that opens as HDF5 is read. A
  source named ``.`` is F itself.
- external raw storage ``name``: ``name`` when absolute, else the prefix
  (``HDF5_EXTFILE_PREFIX``, else the access property's, ``${ORIGIN}`` meaning F's folder)
  joined with ``name``, else ``name`` relative to the working directory.

A candidate that exists outside the root refuses the read even when HDF5 might have passed it
by (for not being HDF5): the rule errs on the side of reading less.
"""

from __future__ import annotations

import glob
import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import h5py

from nxviz.errors import ForeignFileError, OutsideRootError

ELINK_PREFIX = "HDF5_EXT_PREFIX"
VDS_PREFIX = "HDF5_VDS_PREFIX"
EFILE_PREFIX = "HDF5_EXTFILE_PREFIX"
ORIGIN = "${ORIGIN}"
PREFIX_VARIABLES = (ELINK_PREFIX, VDS_PREFIX, EFILE_PREFIX)

#: HDF5 reads these two when the library starts (at h5py's import, before this module's), and
#: never again: their values then are checked as well as their values now.
_AT_START = {name: os.environ.get(name, "") for name in (VDS_PREFIX, EFILE_PREFIX)}


@dataclass(frozen=True)
class Root:
    """The folder whose files may be read, and whether hidden files among them may be."""

    path: Path
    allow_hidden: bool = True
    #: the server's configuration may let HDF5 read anywhere (``allow_external_outside_root``)
    allow_outside: bool = False

    @classmethod
    def of(cls, path: Path, *, allow_hidden: bool = True, allow_outside: bool = False) -> Root:
        return cls(Path(os.path.realpath(path)), allow_hidden, allow_outside)

    def allows(self, real: Path) -> bool:
        """Whether the real (symlink-free) path ``real`` may be read."""
        if not real.is_relative_to(self.path):
            return self.allow_outside
        hidden = any(part.startswith(".") for part in real.relative_to(self.path).parts)
        return self.allow_hidden or not hidden


def _fs(name: bytes | str) -> str:
    return os.fsdecode(name) if isinstance(name, bytes) else name


def _join(prefix: str, name: str) -> str:
    """HDF5's ``H5F__build_name``: the prefix, a separator unless it ends with one, the name."""
    if prefix == "" or prefix.endswith("/"):
        return prefix + name
    return f"{prefix}/{name}"


def _origin(prefix: str, folder: str) -> str:
    return folder + prefix[len(ORIGIN) :] if prefix.startswith(ORIGIN) else prefix


def search_order(
    parent_file: str, name: str, env_var: str, prop_prefixes: tuple[str, ...] = ()
) -> list[str]:
    """Where HDF5 looks for the file ``name`` that ``parent_file`` refers to, in its order.

    Relative candidates are left relative: HDF5 opens them against the working directory.
    """
    folder = os.path.dirname(os.path.abspath(parent_file))
    candidates: list[str] = []
    search = name
    if os.path.isabs(name):
        candidates.append(name)
        search = name.rstrip("/").rsplit("/", 1)[-1]
    for prefix in os.environ.get(env_var, "").split(":"):
        if prefix:
            candidates.append(_join(prefix, search))
            if prefix.startswith(ORIGIN):  # read literally by HDF5; expanded here too, to be safe
                candidates.append(_join(_origin(prefix, folder), search))
    for prop_prefix in prop_prefixes:
        if prop_prefix and prop_prefix != ".":
            candidates.append(_join(_origin(prop_prefix, folder), search))
    candidates.append(_join(folder, search))
    candidates.append(search)
    candidates.append(_join(os.path.dirname(os.path.realpath(parent_file)), search))
    return candidates


def _real(candidate: str) -> Path | None:
    """The real path of an existing regular file, else None."""
    try:
        real = os.path.realpath(candidate)
        return Path(real) if os.path.isfile(real) else None
    except (OSError, ValueError):  # a name too long, a NUL character
        return None


def _opens_as_hdf5(path: Path) -> bool:
    try:
        return bool(h5py.is_hdf5(os.fspath(path)))
    except (OSError, ValueError, RuntimeError):
        return False


def find_file(root: Root, candidates: list[str], refused: OutsideRootError) -> Path | None:
    """The first candidate HDF5 would open (an existing HDF5 file), or None when none exists.

    ``refused`` is raised when a candidate met on the way exists and may not be read.
    """
    for candidate in candidates:
        real = _real(candidate)
        if real is None:
            continue
        if not root.allows(real):
            raise refused
        if _opens_as_hdf5(real):
            return real
    return None


def link_target(root: Root, parent_file: str, name: str) -> Path | None:
    """The file HDF5 opens for an external link to ``name`` from ``parent_file``; None when
    there is none; OutsideRootError when the one it would open may not be read."""
    refused = OutsideRootError("an external link's file is outside the served folder: not followed")
    return find_file(root, search_order(parent_file, name, ELINK_PREFIX), refused)


def _prop_prefixes(dataset_id: Any, env_var: str, getter: str) -> tuple[str, ...]:
    """The prefix HDF5 computes when it opens a dataset: the environment variable as it was
    when HDF5 started (and as it is now, to be safe), else the dataset access property
    list's (h5py sets none)."""
    envs = tuple(dict.fromkeys(v for v in (_AT_START[env_var], os.environ.get(env_var)) if v))
    if envs:
        return envs
    try:
        return (_fs(getattr(dataset_id.get_access_plist(), getter)()),)
    except (AttributeError, OSError, RuntimeError, ValueError):
        return ("",)


def _dcpl(dataset_id: Any, dcpl: Any) -> Any:
    return dataset_id.get_create_plist() if dcpl is None else dcpl


def external_storage(
    root: Root, dataset_id: Any, filename: str, where: str, dcpl: Any = None
) -> None:
    """Refuse a dataset whose external raw storage files lie outside the root."""
    dcpl = _dcpl(dataset_id, dcpl)
    count = dcpl.get_external_count()
    if count == 0:
        return
    folder = os.path.dirname(os.path.abspath(filename))
    prefixes = _prop_prefixes(dataset_id, EFILE_PREFIX, "get_efile_prefix")
    for index in range(count):
        stored = _fs(dcpl.get_external(index)[0])
        for prefix in (_origin(p, folder) for p in prefixes):
            name = stored
            if not os.path.isabs(name) and prefix not in ("", "."):
                name = _join(prefix, name)
            try:
                real: Path | None = Path(os.path.realpath(name))
            except (OSError, ValueError):
                real = None
            if real is None or not root.allows(real):
                raise ForeignFileError(
                    f"{where}: a dataset stored in an external file outside the served folder"
                )


@dataclass(frozen=True)
class Source:
    """One virtual dataset source: its file as named in the layout, the dataset there, and the
    file HDF5 would open (None when missing: HDF5 reads the fill value there)."""

    name: str
    dataset: str
    file: Path | None


#: the files a printf-style source name (``%b``, unlimited virtual datasets) may match, at most
MAX_PATTERN_FILES = 10_000


def _source_name(raw: str) -> tuple[str, bool]:
    """HDF5's reading of a source file name: ``%%`` is ``%``; ``%b`` stands for a block number
    (then the name is a pattern, returned with ``*`` for each ``%b``)."""
    parts = raw.split("%%")
    pattern = any("%b" in part for part in parts)
    if pattern:
        parts = [glob.escape(part).replace("%b", "*") for part in parts]
    return "%".join(parts), pattern


def _pattern_files(root: Root, candidates: list[str], refused: OutsideRootError) -> list[Path]:
    """Every existing file a pattern source may name, each refused outside the root."""
    found: dict[Path, None] = {}
    for candidate in candidates:
        for match in itertools.islice(glob.iglob(candidate), MAX_PATTERN_FILES):
            real = _real(match)
            if real is None:
                continue
            if not root.allows(real):
                raise refused
            found[real] = None
    return list(found)


def virtual_sources(
    root: Root, dataset_id: Any, filename: str, where: str, dcpl: Any = None
) -> list[Source]:
    """The distinct sources of a virtual dataset, each file found as HDF5 would find it;
    ForeignFileError when one lies outside the root."""
    dcpl = _dcpl(dataset_id, dcpl)
    if dcpl.get_layout() != h5py.h5d.VIRTUAL:
        return []
    prefixes = _prop_prefixes(dataset_id, VDS_PREFIX, "get_virtual_prefix")
    seen: dict[tuple[str, str], Source] = {}
    for index in range(dcpl.get_virtual_count()):
        name = _fs(dcpl.get_virtual_filename(index))
        dataset = _fs(dcpl.get_virtual_dsetname(index))
        if (name, dataset) in seen:
            continue
        refused = ForeignFileError(
            f"{where}: a virtual dataset whose source files are outside the served folder"
        )
        path, pattern = _source_name(name)
        if name == ".":
            file: Path | None = Path(os.path.realpath(filename))
        elif pattern:  # unlimited: any number of files, none of them may be outside
            _pattern_files(root, search_order(filename, path, VDS_PREFIX, prefixes), refused)
            continue
        else:
            file = find_file(root, search_order(filename, path, VDS_PREFIX, prefixes), refused)
        seen[(name, dataset)] = Source(name, dataset, file)
    return list(seen.values())


#: checks a virtual source's dataset (itself confined); False when the dataset does not exist
SourceCheck = Callable[[Path, str], bool]


def check_dataset(
    root: Root, dataset_id: Any, filename: str, where: str, source: SourceCheck
) -> tuple[str, ...]:
    """Refuse, before any read, a dataset whose values HDF5 would take from a file that may not
    be read; the notes say which virtual sources are missing (read as the fill value)."""
    if root.allow_outside:
        return ()
    if dataset_id.get_offset() is not None:  # contiguous in this file (a few µs to learn)
        return ()
    dcpl = dataset_id.get_create_plist()  # tens of µs: only for the other layouts
    external_storage(root, dataset_id, filename, where, dcpl)
    notes: list[str] = []
    for src in virtual_sources(root, dataset_id, filename, where, dcpl):
        if src.file is None or not source(src.file, src.dataset):
            notes.append(
                f"virtual source {src.name}:{src.dataset} is missing; its part reads as the "
                "fill value"
            )
    return tuple(notes)


def iter_notes(notes: tuple[str, ...]) -> Iterator[str]:
    """At most 16 notes, then a count of the rest (a VDS may have thousands of sources)."""
    yield from notes[:16]
    if len(notes) > 16:
        yield f"{len(notes) - 16} more virtual sources are missing"
