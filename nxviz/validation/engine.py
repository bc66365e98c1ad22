"""``validate(file) -> Report``: the walker, then every rule. No logging, no printing."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nxviz.definitions.compile import DefinitionSet, definition_set
from nxviz.definitions.model import (
    Definition,
    FieldSpec,
    GroupSpec,
    LinkSpec,
)
from nxviz.errors import DefinitionNotFoundError, FileAccessError, NotHDF5Error
from nxviz.hdf5.limits import checkpoint
from nxviz.validation import attributes, fieldrules, h5lib, tidy
from nxviz.validation import match as matching
from nxviz.validation.context import Context
from nxviz.validation.issues import Code, EntryInfo, Issue, Report, Severity, issue
from nxviz.validation.rules import (
    default,
    dimensions,
    links,
    names,
    nxdata,
    structure,
    transformations,
    values,
)
from nxviz.validation.walk import MAX_OBJECTS, MAX_SECONDS, Kind, Node, Tree, iter_nodes, walk

__all__ = ["validate", "validate_json", "validate_tree"]

_ENTRY_CLASSES = ("NXentry", "NXsubentry")

#: The share of a validation's time budget its walk may use; the rules get the rest (on a
#: large file they cost about half as much as the walk).
WALK_SHARE = 2 / 3


@dataclass
class _Clock:
    """A validation's time budget: ``seconds`` from its start; ``late`` once they are spent."""

    seconds: float | None = None
    deadline: float = float("inf")
    late: bool = False

    def over(self) -> bool:
        if not self.late and time.monotonic() > self.deadline:
            self.late = True
        return self.late


def _open(path: Path) -> Any:
    """An ``h5py.File``, or where h5py is not imported yet an ``h5lib.NativeFile`` (the walk
    then imports h5py only for what needs it)."""
    if not path.exists():
        raise FileAccessError(f"{path}: no such file")
    if path.is_dir():
        raise FileAccessError(f"{path}: is a folder, not a file")
    native = h5lib.is_hdf5(path) if h5lib.wanted() else None
    if native is False:
        raise NotHDF5Error(f"{path}: not an HDF5 file")
    if native:
        opened = h5lib.open_native(path)
        if opened is not None:
            return opened
    import h5py

    from nxviz.hdf5.open import open_readonly

    if not h5py.is_hdf5(str(path)):
        raise NotHDF5Error(f"{path}: not an HDF5 file")
    # never locked, the flags every nxviz open uses; hdf5plugin's filters once a read needs them
    handle = open_readonly(path, filters=False)
    _small_metadata_cache(handle)
    return handle


def _small_metadata_cache(handle: Any) -> None:
    """Each object's header is read once, so HDF5's metadata cache need not grow to 32 MiB."""
    config = handle.id.get_mdc_config()
    config.set_initial_size = True
    config.initial_size = 1 << 20
    config.min_size = 1 << 20
    config.max_size = 4 << 20
    handle.id.set_mdc_config(config)


def validate(
    path: str | os.PathLike[str],
    definition: str | None = None,
    definitions: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
    verbose: bool = False,
    *,
    label: str | None = None,
    confine_to: str | os.PathLike[str] | None = None,
    max_objects: int = MAX_OBJECTS,
    max_seconds: float = MAX_SECONDS,
) -> Report:
    """Validate one NeXus file; ``definition`` overrides what each entry names, and
    ``definitions`` adds folders of NXDL searched before the project's and the standard set.
    The report names the file ``label`` when given (e.g. a server-relative path); with
    ``confine_to``, external links into files outside that folder are reported, not followed.
    The walk stops after ``max_objects`` objects, and the validation (walk and rules) after
    about ``max_seconds`` seconds: the report says so with a ``limit_reached`` finding and
    holds what was found until then."""
    clock = _Clock(max_seconds, time.monotonic() + max_seconds)
    if definitions is None:
        extra: list[str | os.PathLike[str]] = []
    elif isinstance(definitions, (str, os.PathLike)):
        extra = [definitions]
    else:
        extra = list(definitions)
    defs = definition_set([Path(p) for p in extra])
    if definition is not None:
        defs.get(definition)  # an unknown --definition is a usage error, not a finding
    confine = Path(confine_to) if confine_to is not None else None
    with _open(Path(path)) as handle:  # open while rules read attribute values on demand
        share = max_seconds * WALK_SHARE
        tree = walk(handle, confine, max_objects=max_objects, max_seconds=share)
        report = _rules(tree, label or os.fspath(path), defs, definition, verbose, clock)
        del tree  # its objects closed one by one now, not all at once by File.close
    return report


def validate_json(
    path: str | os.PathLike[str],
    definition: str | None = None,
    definitions: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
    *,
    label: str | None = None,
    confine_to: str | os.PathLike[str] | None = None,
    max_seconds: float = MAX_SECONDS,
) -> dict[str, Any]:
    """The JSON contract (``{"nxviz", "nxdl", "files": [one]}``) for one file: what
    ``GET /nxviz/api/validate`` returns. Raises :class:`~nxviz.errors.NxvizError` subclasses
    for a missing or non-HDF5 file and an unknown definition."""
    from nxviz.validation.render import to_json_dict

    report = validate(
        path, definition, definitions, label=label, confine_to=confine_to, max_seconds=max_seconds
    )
    return to_json_dict(report)


def validate_tree(
    tree: Tree, file: str, defs: DefinitionSet, definition: str | None = None, verbose: bool = False
) -> Report:
    """Every rule over an already walked tree (its file still open)."""
    return _rules(tree, file, defs, definition, verbose, _Clock())


def _rules(
    tree: Tree,
    file: str,
    defs: DefinitionSet,
    definition: str | None,
    verbose: bool,
    clock: _Clock,
) -> Report:
    ctx = Context(tree, defs, verbose)
    found: list[Issue] = list(_file_wide(ctx, clock))
    entries: list[EntryInfo] = []
    root_spec = _base_spec(ctx, "NXroot")
    found.extend(_visit(ctx, tree.root, root_spec, entries, definition, clock))
    found.extend(dimensions.resolve(ctx.symbols))
    if clock.late or (tree.stopped and tree.out_of_time and clock.seconds is not None):
        where = "its rules not applied to every object" if clock.late else "its walk stopped"
        message = (
            f"the validation stopped at its time budget of {clock.seconds:g} s ({where}, "
            f"{len(tree.index):,} objects read); the rest was not checked"
        )
        found.append(issue(Code.LIMIT_REACHED, "/", message))
    elif tree.stopped:
        found.append(issue(Code.LIMIT_REACHED, "/", f"{tree.stopped}; the rest was not checked"))
    if not verbose:
        found = [i for i in found if i.severity is not Severity.INFO]
    found = tidy.one_per_defect(tree, found)
    named = next((e.definition for e in entries if e.definition), None)
    version = defs.get(named).version if named and _known(defs, named) else defs.version
    return Report.build(file, version, entries, found)


def _known(defs: DefinitionSet, name: str) -> bool:
    try:
        defs.get(name)
    except DefinitionNotFoundError:
        return False
    return True


def _file_wide(ctx: Context, clock: _Clock) -> Iterator[Issue]:
    def known(nx_class: str) -> bool:
        return ctx.definitions.base_class(nx_class) is not None

    tree = ctx.tree
    resolved: set[str] = set()
    for node in iter_nodes(tree.root):
        if clock.over():
            return
        yield from names.check(node, known)
        if node.alias_of:
            continue  # the object itself is checked where it was first reached
        attrs = node.attrs
        if node.kind is Kind.FIELD and "NX_class" not in attrs:
            # of the rules below, only the transformation rules look at such a field (most of
            # the 20k-object file's objects): the others are not called for nothing
            if "depends_on" in attrs or "transformation_type" in attrs or node.name == "depends_on":
                yield from transformations.check(tree, node, resolved)
            continue
        yield from links.broken(node)
        yield from nxdata.check(node)
        yield from default.each(tree, node)
        yield from transformations.check(tree, node, resolved)
    yield from default.chain(tree)


def _base_spec(ctx: Context, nx_class: str | None) -> GroupSpec | None:
    base = ctx.definitions.base_class(nx_class) if nx_class else None
    return base.root if base is not None else None


def _entry_definition(node: Node, forced: str | None) -> str | None:
    if forced is not None:
        return forced
    child = node.child("definition")
    value = child.value if child is not None and child.is_field else None
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.ravel()[0]
    return value.strip() if isinstance(value, str) and value.strip() else None


def _enter(
    ctx: Context, node: Node, entries: list[EntryInfo], forced: str | None
) -> tuple[Context, GroupSpec | None, list[Issue]]:
    """The context and spec of an entry: its application definition's entry group, or the
    base class when it names none (or one that cannot be found)."""
    name = _entry_definition(node, forced)
    entries.append(EntryInfo(node.path, name))
    base = _base_spec(ctx, node.nx_class)
    if name is None:
        note = issue(Code.NO_DEFINITION, node.path, "no definition named: base classes only")
        return ctx.for_entry(None, node.path), base, [note]
    try:
        applied: Definition = ctx.definitions.get(name)
    except DefinitionNotFoundError:
        where = f"{node.path}/definition"
        problem = issue(Code.UNKNOWN_DEFINITION, where, f"no NXDL definition named {name!r}")
        return ctx.for_entry(None, node.path), base, [problem]
    spec = next((g for g in applied.root.groups if g.type == "NXentry" and g.governed), None)
    if spec is None:  # a definition of a subentry or a base class named as definition
        spec = applied.root if node.nx_class == "NXsubentry" else base
    return ctx.for_entry(applied, node.path), spec, []


def _visit(
    ctx: Context,
    group: Node,
    spec: GroupSpec | None,
    entries: list[EntryInfo],
    forced: str | None,
    clock: _Clock,
) -> list[Issue]:
    """The rules of every group below ``group``, depth first without recursion; a group
    reached again through another link is checked once per spec that governs it. Once the
    clock has run out, only entries are still checked (each says which definition it names)."""
    found: list[Issue] = []
    done: set[tuple[int, int, str]] = set()
    pending: list[tuple[Context, Node, GroupSpec | None, str | None, bool]] = [
        (ctx, group, spec, forced, False)
    ]
    while pending:
        here, node, governing, chosen, entry = pending.pop()
        checkpoint()  # in the server: stop here once the client has gone
        if not entry and node is not group and clock.over():
            continue  # out of time: only the top and the entries (few) are still looked at
        if entry:
            here, governing, notes = _enter(here, node, entries, chosen)
            found.extend(notes)
        key = (node.identity, id(governing), here.entry)
        if node.identity and key in done:
            continue
        done.add(key)
        below = list(_group(here, node, governing, found, chosen))
        pending.extend(reversed(below))
    return found


def _group(
    ctx: Context, group: Node, spec: GroupSpec | None, found: list[Issue], forced: str | None
) -> Iterator[tuple[Context, Node, GroupSpec | None, str | None, bool]]:
    """The findings of one group (into ``found``), then the groups to visit below it."""
    if spec is None:
        for child in group.children.values():  # no spec here: still find entries below
            if child.is_group and child.nx_class in _ENTRY_CLASSES:
                yield ctx, child, None, forced, True
        return
    found.extend(
        structure.attribute_presence(group.path, group.attrs, spec.attributes, ctx.verbose)
    )
    found.extend(attributes.check(group, spec.attributes))
    matched = matching.match(group, spec)
    found.extend(structure.presence(group, spec, matched))
    found.extend(structure.classes(matched))
    found.extend(structure.undocumented(spec, matched))
    wrong = {id(node) for node, _ in matched.wrong_class}
    for child in group.children.values():
        member = matched.spec_of.get(child.name)
        if child.kind is Kind.FIELD and isinstance(member, FieldSpec):
            found.extend(_field(ctx, child, member))
        elif isinstance(member, LinkSpec):
            found.extend(links.check(ctx.tree, child, member))
        if not child.is_group or id(child) in wrong:
            continue
        if child.nx_class in _ENTRY_CLASSES and (
            ctx.definition is None or _entry_definition(child, None) is not None
        ):
            if group.path == "/" or child.nx_class == "NXsubentry":
                yield ctx, child, None, (forced if group.path == "/" else None), True
                continue
        if isinstance(member, GroupSpec) and member.governed:
            yield ctx, child, member, forced, False
        elif not child.alias_of:  # another link to a group: checked where first reached
            yield ctx, child, _base_spec(ctx, child.nx_class), forced, False


def _field(ctx: Context, node: Node, spec: FieldSpec) -> Iterator[Issue]:
    # types, units, enumeration (first), attribute presence and attributes (second): remembered
    first, second = fieldrules.check(node, spec, ctx.verbose)
    yield from first
    yield from values.check(ctx.tree.file, node, spec)
    yield from dimensions.check(ctx, node, spec)
    yield from second
