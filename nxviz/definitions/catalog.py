"""Find NXDL definition sets: nexusformat's shipped standard set, the project's ``nxdl/``
folder and user folders; report each set's NXDL version and the definitions it holds."""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from nxviz.errors import DefinitionNotFoundError

NXDL_NS = "{http://definition.nexusformat.org/nxdl/3.1}"
SUFFIX = ".nxdl.xml"
#: Sub-folders of a definition set, in the order a name is looked up.
CATEGORIES = ("applications", "contributed_definitions", "base_classes")


@dataclass(frozen=True)
class DefinitionInfo:
    """One NXDL file: its name, category, the first line of its documentation, its path."""

    name: str
    category: str
    title: str
    path: Path


def standard_root() -> Path:
    """The folder of NXDL definitions shipped inside the installed nexusformat package."""
    import nexusformat

    return Path(nexusformat.__file__).resolve().parent / "definitions"


def project_root() -> Path | None:
    """The project's own definitions: ``nxviz/_nxdl`` in an installed wheel, else the source
    tree's ``nxdl/`` beside the package; None when neither is present."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_nxdl", package.parent / "nxdl"):
        if candidate.is_dir():
            return candidate
    return None


def nxdl_version(root: Path | None = None) -> str:
    """The NXDL release of a definition set (``NXDL_VERSION``), or ``"unknown"``."""
    version_file = (root or standard_root()) / "NXDL_VERSION"
    try:
        return version_file.read_text(encoding="utf-8").strip() or "unknown"
    except OSError:
        return "unknown"


def title_line(path: Path) -> str:
    """The first non-empty line of the definition's own ``<doc>``, read without the rest."""
    depth = 0
    try:
        # NXDL from the installed package or the user's own folders, not from the network.
        for event, element in ET.iterparse(path, events=("start", "end")):  # noqa: S314
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth == 1 and element.tag == f"{NXDL_NS}doc":
                text = (element.text or "").strip()
                return text.splitlines()[0].strip() if text else ""
            if depth == 1:
                element.clear()
    except (ET.ParseError, OSError):
        return ""
    return ""


@functools.lru_cache(maxsize=32)
def _scan(root: Path, category: str) -> tuple[DefinitionInfo, ...]:
    folder = root / category if category else root
    if not folder.is_dir():
        return ()
    return tuple(
        DefinitionInfo(
            name=path.name[: -len(SUFFIX)], category=category, title=title_line(path), path=path
        )
        for path in sorted(folder.glob(f"*{SUFFIX}"))
    )


def iter_definitions(
    root: Path | None = None, category: str = "applications"
) -> list[DefinitionInfo]:
    """The definitions of one category in a set (default: the standard applications).

    A user folder without category sub-folders holds its NXDL files at the top."""
    root = (root or standard_root()).resolve()
    found = list(_scan(root, category))
    if not found and not any((root / c).is_dir() for c in CATEGORIES):
        found = list(_scan(root, ""))
    return found


def search_roots(extra: list[Path] | tuple[Path, ...] = ()) -> list[Path]:
    """Where definitions are looked up, first match wins: user folders, project, standard."""
    roots = [Path(p) for p in extra]
    project = project_root()
    if project is not None:
        roots.append(project)
    roots.append(standard_root())
    return roots


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")


def is_definition_name(name: str) -> bool:
    """Whether ``name`` can name a definition: a word, no path separator, no dot."""
    return _NAME.fullmatch(name) is not None


def find_definition(name: str, extra: list[Path] | tuple[Path, ...] = ()) -> DefinitionInfo:
    """The NXDL file of ``name`` (e.g. ``NXmx``), searched in :func:`search_roots` order.

    A name is a catalogue name (letters, digits, ``_``), never a path: anything else is not
    found, and the message does not echo where definitions are looked for.
    """
    category, path = _locate(name, search_roots(extra))
    return DefinitionInfo(name, category, title_line(path), path)


def definition_path(name: str, roots: list[Path] | tuple[Path, ...]) -> Path:
    """The NXDL file of ``name`` in the first of ``roots`` holding one (no title read), as
    :func:`find_definition` finds it; raises :class:`DefinitionNotFoundError`."""
    return _locate(name, roots)[1]


def _locate(name: str, roots: list[Path] | tuple[Path, ...]) -> tuple[str, Path]:
    if not is_definition_name(name):
        raise DefinitionNotFoundError(f"no NXDL definition named {name[:60]!r}")
    for root in roots:
        for category in (*CATEGORIES, ""):
            candidate = (
                (root / category / f"{name}{SUFFIX}") if category else root / f"{name}{SUFFIX}"
            )
            if candidate.is_file():
                return category, candidate
    raise DefinitionNotFoundError(f"no NXDL definition named {name!r}")
