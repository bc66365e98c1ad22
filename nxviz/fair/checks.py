"""The checks of one NXentry: the profile's presence findings (from the validator's engine run
with the profile as the definition) mapped to checks, and the value checks NXDL cannot state.

Every function takes the walked tree's nodes (no file access) and yields :class:`Finding`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from nxviz.definitions.model import Definition, FieldSpec, GroupSpec, Requirement
from nxviz.fair import panet, values
from nxviz.fair.model import FairCode, Finding, Technique
from nxviz.validation.issues import Code, Issue
from nxviz.validation.walk import Node, Tree

__all__ = [
    "EXTRA",
    "PRESENCE",
    "stated_members",
    "from_profile",
    "entry_checks",
    "technique_of",
    "text_value",
    "anchor",
]

#: The profile member (its NXDL path below the entry) each check covers.
PROFILE_MEMBERS: dict[str, str] = {
    "@default": "default_plot",
    "/title": "title",
    "/start_time": "times",
    "/end_time": "times",
    "/experiment_identifier": "proposal",
    "/definition": "definition",
    "/definition@version": "definition",
    "/program_name": "program",
    "/program_name@version": "program",
    "/USER": "users",
    "/USER/name": "users",
    "/USER/affiliation": "users",
    "/USER/ORCID": "orcid",
    "/SAMPLE": "sample",
    "/SAMPLE/name": "sample",
    "/SAMPLE/chemical_formula": "chemical_formula",
    "/INSTRUMENT": "instrument",
    "/INSTRUMENT/name": "instrument",
    "/INSTRUMENT/SOURCE": "source",
    "/INSTRUMENT/SOURCE/name": "source",
    "/INSTRUMENT/SOURCE/type": "source",
    "/INSTRUMENT/SOURCE/probe": "source",
    "/technique/data": "technique",
}
#: The presence findings of the profile's run that count, as the FAIR code each becomes.
PRESENCE = {
    Code.MISSING_REQUIRED: FairCode.MISSING,
    Code.TOO_FEW: FairCode.MISSING,
    Code.MISSING_RECOMMENDED: FairCode.MISSING_RECOMMENDED,
}


def anchor(tree: Tree, path: str) -> str:
    """The deepest existing node on ``path`` (an attribute's owner, a missing member's group)."""
    current = path.split("@", 1)[0].rstrip("/") or "/"
    while current != "/" and tree.get(current) is None:
        current = current.rsplit("/", 1)[0] or "/"
    return current


#: Profile groups of any name: a missing one is suggested under its class's own name.
_ANY_NAME = frozenset({"/USER", "/SAMPLE", "/INSTRUMENT", "/INSTRUMENT/SOURCE"})


#: The check of members a facility's copy of the profile adds outside the standard ones.
EXTRA = "profile"


def _check_of(key: str) -> str:
    """The check of a profile member: its own, else its nearest stated ancestor's, else EXTRA."""
    while key:
        if key in PROFILE_MEMBERS:
            return PROFILE_MEMBERS[key]
        key = key.rsplit("@", 1)[0] if "@" in key else key.rsplit("/", 1)[0]
    return EXTRA


#: :func:`stated_members` of each profile already seen, by its id (the definition is kept so
#: the id is never reused); a compiled definition never changes.
_STATED: dict[int, tuple[Definition, dict[str, str]]] = {}


def stated_members(definition: Definition) -> dict[str, str]:
    """Every required or recommended member the profile itself states (not its base classes),
    keyed by its NXDL path below the entry (``/USER/ORCID``, ``/definition@version``), with the
    check it counts for. A facility's extended copy maps its additions here too."""
    known = _STATED.get(id(definition))
    if known is None or known[0] is not definition:
        known = _STATED[id(definition)] = (definition, _stated(definition))
    return dict(known[1])


def _stated(definition: Definition) -> dict[str, str]:
    entry = next((g for g in definition.root.groups if g.type == "NXentry"), None)
    found: dict[str, str] = {}

    def stated(member: Any) -> bool:
        return bool(
            member.origin == definition.name
            and member.occurrence.requirement is not Requirement.OPTIONAL
        )

    def visit(group: GroupSpec, prefix: str) -> None:
        for attribute in group.attributes:
            if stated(attribute):
                found[f"{prefix}@{attribute.name}"] = _check_of(f"{prefix}@{attribute.name}")
        for member in group.members():
            if not stated(member):
                continue
            key = f"{prefix}/{member.name}"
            found[key] = _check_of(key)
            if isinstance(member, FieldSpec):
                for attribute in member.attributes:
                    if stated(attribute):
                        found[f"{key}@{attribute.name}"] = _check_of(f"{key}@{attribute.name}")
            elif isinstance(member, GroupSpec):
                visit(member, key)

    if entry is not None:
        visit(entry, "")
    return found


def from_profile(
    tree: Tree, issues: tuple[Issue, ...], profile: str, members: dict[str, str]
) -> Iterator[Finding]:
    """Presence findings of the profile run, each assigned to its check (``members``, from
    :func:`stated_members`, also maps the optional members the standard profile names)."""
    prefix = f"{profile}/ENTRY"
    for found in issues:
        code = PRESENCE.get(found.code)
        if code is None or not found.nxdl.startswith(prefix):
            continue
        member = found.nxdl[len(prefix) :]
        check = members.get(member) or PROFILE_MEMBERS.get(member)
        if check is None:
            continue
        path = found.path
        if member in _ANY_NAME:  # /entry/USER: NXDL's notation for a group of any name
            head, _, name = path.rpartition("/")
            path = f"{head}/{name.lower()}"
        message = found.message
        if found.code is Code.TOO_FEW:  # a variadic group: name where one would go
            message = f"{found.message}: add one"
        yield Finding(check, path, code, message, anchor(tree, path))


def text_value(node: Node | None) -> str | None:
    """A field's value as one string (a one-element array unwrapped), None when not text."""
    if node is None or not node.is_field:
        return None
    value: Any = node.value
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.ravel()[0]
    return value if isinstance(value, str) else None


def _groups(entry: Node, nx_class: str) -> list[Node]:
    return [c for c in entry.children.values() if c.is_group and c.nx_class == nx_class]


def _finding(tree: Tree, check: str, path: str, code: FairCode, message: str) -> Finding:
    return Finding(check, path, code, message, anchor(tree, path))


def _placeholder(tree: Tree, check: str, node: Node | None) -> Iterator[Finding]:
    value = text_value(node)
    if node is not None and value is not None and values.is_placeholder(value):
        yield _finding(
            tree, check, node.path, FairCode.PLACEHOLDER, f"{value!r} is a placeholder value"
        )


def _identifier(tree: Tree, entry: Node) -> Iterator[Finding]:
    plain, uuid = entry.child("entry_identifier"), entry.child("entry_identifier_uuid")
    if plain is None and uuid is None:
        path = f"{entry.path}/entry_identifier_uuid"
        yield _finding(
            tree,
            "identifier",
            path,
            FairCode.NO_IDENTIFIER,
            "no entry_identifier or entry_identifier_uuid: add a UUID or a DOI",
        )
    uuid_text = text_value(uuid)
    if uuid is not None:
        problem = values.uuid_problem(uuid_text) if uuid_text is not None else "not text"
        if problem is not None:
            yield _finding(tree, "identifier", uuid.path, FairCode.UUID_MALFORMED, problem)
    plain_text = text_value(plain)
    if plain is not None and plain_text is not None:
        if values.is_placeholder(plain_text):
            yield from _placeholder(tree, "identifier", plain)
        elif values.looks_like_doi(plain_text):
            problem = values.doi_problem(plain_text)
            if problem is not None:
                yield _finding(tree, "identifier", plain.path, FairCode.DOI_MALFORMED, problem)


def _times(tree: Tree, entry: Node) -> Iterator[Finding]:
    parsed = {}
    for name in ("start_time", "end_time"):
        node = entry.child(name)
        if node is None:
            continue
        value = text_value(node)
        problem = values.time_problem(value) if value is not None else ("unparseable", "not text")
        if problem is None:
            parsed[name] = values.parse_time(value or "")
            continue
        kind, why = problem
        code = FairCode.TIME_NO_ZONE if kind == "no_zone" else FairCode.TIME_UNPARSEABLE
        yield _finding(tree, "times", node.path, code, why)
    start, end = parsed.get("start_time"), parsed.get("end_time")
    if start is not None and end is not None and end <= start:
        yield _finding(
            tree,
            "times",
            f"{entry.path}/end_time",
            FairCode.END_BEFORE_START,
            f"end_time {end.isoformat()} is not after start_time {start.isoformat()}",
        )


def _orcids(tree: Tree, entry: Node) -> Iterator[Finding]:
    users = _groups(entry, "NXuser")
    if not users:
        path = f"{entry.path}/user/ORCID"
        yield _finding(tree, "orcid", path, FairCode.MISSING, "no NXuser, so no ORCID iD")
    for user in users:
        node = user.child("ORCID")
        value = text_value(node)
        if node is None or value is None:
            continue
        problem = values.orcid_problem(value)
        if problem is not None:
            kind, why = problem
            code = FairCode.ORCID_CHECKSUM if kind == "checksum" else FairCode.ORCID_FORMAT
            yield _finding(tree, "orcid", node.path, code, why)


def technique_of(entry: Node, definition: str | None) -> tuple[Technique | None, str | None]:
    """The entry's technique (from its technique note, else its definition) or why none."""
    note = entry.child("technique")
    if note is not None and note.is_group and note.nx_class == "NXnote":
        given = text_value(note.child("data"))
        identifier = values.panet_id(given) if given is not None else None
        if identifier is None:
            return None, f"{note.path}/data: {given!r} is not a PaNET term identifier"
        known = panet.term(identifier)
        label = known.label if known else (text_value(note.child("description")) or "")
        return Technique(identifier, label, "note"), None
    implied = panet.for_definition(definition) if definition else None
    if implied is not None:
        return Technique(implied.id, implied.label, "definition"), None
    return None, None


def _technique(tree: Tree, entry: Node, definition: str | None) -> Iterator[Finding]:
    found, problem = technique_of(entry, definition)
    if problem is not None:
        path = f"{entry.path}/technique/data"
        yield _finding(tree, "technique", path, FairCode.UNKNOWN_TECHNIQUE, problem)
    elif found is None:
        named = f"definition {definition} implies" if definition else "no definition implies"
        yield _finding(
            tree,
            "technique",
            f"{entry.path}/technique/data",
            FairCode.NO_TECHNIQUE,
            f"{named} no PaNET technique: add an NXnote 'technique' whose data is a PaNET "
            "identifier (e.g. PaNET01188)",
        )


def _default_plot(tree: Tree, entry: Node) -> Iterator[Finding]:
    """The entry's @default chain ends at an NXdata whose @signal names a field."""
    node, seen = entry, set()
    while "default" in node.attrs and node.path not in seen:
        seen.add(node.path)
        name = node.attrs.get("default")
        child = node.child(name) if isinstance(name, str) else None
        if child is None and isinstance(name, str) and "/" in name:
            child = tree.resolve(node, name)  # a path: the validator warns, the plot is found
        if child is None or not child.is_group:
            why = f"@default names {name!r}, which is not a group here"
            yield _finding(
                tree, "default_plot", f"{node.path}@default", FairCode.NO_DEFAULT_PLOT, why
            )
            return
        if child.nx_class == "NXdata":
            signal = child.attrs.get("signal")
            target = child.child(signal) if isinstance(signal, str) else None
            if target is None or not target.is_field:
                why = f"the default plot {child.path} has no @signal naming a field"
                path = f"{child.path}@signal"
                yield _finding(tree, "default_plot", path, FairCode.NO_DEFAULT_PLOT, why)
            return
        node = child
    if node is not entry:  # the chain stopped at a group that is not NXdata
        why = f"the @default chain ends at {node.path} ({node.nx_class}), not an NXdata"
        yield _finding(tree, "default_plot", f"{node.path}@default", FairCode.NO_DEFAULT_PLOT, why)


def entry_checks(tree: Tree, entry: Node, definition: str | None) -> Iterator[Finding]:
    """The value checks of one entry (presence comes from the profile)."""
    yield from _identifier(tree, entry)
    yield from _placeholder(tree, "title", entry.child("title"))
    yield from _placeholder(tree, "proposal", entry.child("experiment_identifier"))
    for sample in _groups(entry, "NXsample"):
        yield from _placeholder(tree, "sample", sample.child("name"))
    yield from _times(tree, entry)
    yield from _orcids(tree, entry)
    yield from _technique(tree, entry, definition)
    yield from _default_plot(tree, entry)
