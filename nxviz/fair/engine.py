"""``fair(file) -> FairReport``: one walk of the file, then on the same tree the validator's
engine with the entries' own definitions, the FAIR profile's presence findings (worked out only
in the groups the profile governs, :mod:`.presence`), and the value checks. No logging, no
printing."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from nxviz.definitions.compile import DefinitionSet, definition_set
from nxviz.errors import FileAccessError, TooLargeError
from nxviz.fair import checks
from nxviz.fair.model import EntryResult, FairCode, FairReport, Finding
from nxviz.fair.presence import profile_findings
from nxviz.hdf5.open import open_readonly
from nxviz.validation.engine import validate_tree
from nxviz.validation.issues import Report, Severity
from nxviz.validation.walk import MAX_SECONDS, Tree, walk

__all__ = ["PROFILE", "fair", "prepare", "walked", "assess"]

#: The profile's NXDL name (``nxdl/applications/NXfair.nxdl.xml``).
PROFILE = "NXfair"

Folders = str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None


def _folders(definitions: Folders) -> list[Path]:
    if definitions is None:
        return []
    if isinstance(definitions, (str, os.PathLike)):
        return [Path(definitions)]
    return [Path(p) for p in definitions]


def fair(
    path: str | os.PathLike[str],
    definitions: Folders = None,
    *,
    profile: str = PROFILE,
    label: str | None = None,
    confine_to: str | os.PathLike[str] | None = None,
    max_seconds: float | None = None,
) -> FairReport:
    """The FAIR readiness of one NeXus file: score, checks and what to add where.

    ``definitions`` adds folders of NXDL searched first (a facility's own copy of the profile,
    named ``profile``); ``label`` names the file in the report; with ``confine_to``, external
    links into files outside that folder are not followed. A file whose walk does not end
    within half of ``max_seconds`` (the checks take the other half) is refused with
    :class:`~nxviz.errors.TooLargeError`: a score of part of a file would mislead."""
    defs = prepare(definitions, profile)
    with walked(path, confine_to, max_seconds) as tree:
        return assess(tree, label or os.fspath(path), defs, profile)


def prepare(definitions: Folders, profile: str = PROFILE) -> DefinitionSet:
    """The definition set, with the profile found (an unknown one is a usage error)."""
    defs = definition_set(_folders(definitions))
    defs.get(profile)
    return defs


@contextmanager
def walked(
    path: str | os.PathLike[str],
    confine_to: str | os.PathLike[str] | None = None,
    max_seconds: float | None = None,
) -> Iterator[Tree]:
    """The one metadata walk of a file that every check (and the catalogue record) reads; the
    file stays open while the tree is used (the walk reads some attribute values on demand).
    A walk that needs more than half of ``max_seconds`` is refused (TooLargeError)."""
    file = Path(path)
    if file.is_dir():
        raise FileAccessError(f"{file.name}: is a folder, not a file")
    with open_readonly(file) as handle:
        confine = Path(confine_to) if confine_to is not None else None
        limit = MAX_SECONDS if max_seconds is None else max_seconds / 2
        tree = walk(handle, confine, max_seconds=limit)
        if tree.out_of_time:
            raise TooLargeError(
                f"{file.name}: its FAIR check would take more than its time budget of "
                f"{max_seconds:g} s ({len(tree.index):,} objects read when it stopped); "
                "check it with `nxviz fair` and a larger --timeout"
            )
        yield tree


def assess(tree: Tree, file: str, defs: DefinitionSet, profile: str = PROFILE) -> FairReport:
    """Every check over an already walked tree."""
    validation = validate_tree(tree, file, defs)
    profiled = profile_findings(tree, file, defs, profile)
    members = checks.stated_members(defs.get(profile))
    findings = list(checks.from_profile(tree, profiled, profile, members))
    entries: list[EntryResult] = []
    for info in validation.entries:
        entry = tree.get(info.path)
        if entry is None or entry.nx_class != "NXentry" or info.path.count("/") != 1:
            continue  # subentries are checked as part of their entry
        technique, _ = checks.technique_of(entry, info.definition)
        entries.append(EntryResult(info.path, info.definition, technique))
        findings.extend(checks.entry_checks(tree, entry, info.definition))
        findings.extend(_validity(info.path, info.definition, validation))
    if not entries:
        findings.append(
            Finding("title", "/entry", FairCode.NO_ENTRY, "the file has no NXentry", "/")
        )
    extended = checks.EXTRA in members.values()
    return FairReport.build(file, profile, entries, findings, extended)


def _validity(entry: str, definition: str | None, report: Report) -> Iterator[Finding]:
    path = f"{entry}/definition"
    where = path if definition else entry
    if definition is None:
        yield Finding("valid", path, FairCode.NOT_VALID, "no definition to validate against", where)
        return
    errors = [
        i
        for i in report.issues
        if i.severity is Severity.ERROR and (i.path == entry or i.path.startswith(entry + "/"))
    ]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        yield Finding(
            "valid",
            path,
            FairCode.NOT_VALID,
            f"{len(errors)} errors against {definition}: {first.path}: {first.message}{more}",
            path,
        )
