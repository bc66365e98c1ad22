"""The profile's presence findings on an already walked tree, computed only where the profile
governs: its entry group and the groups it states below (user, sample, instrument, source,
technique), nothing else of the file.

The findings are those the validator's engine gives when it runs the whole file with the
profile as every entry's definition (:func:`~nxviz.validation.engine.validate_tree` with the
profile named), restricted to what :func:`nxviz.fair.checks.from_profile` reads: members the
profile requires or recommends that are missing, and required groups too few. The same rule
functions make them (:mod:`nxviz.validation.match`, :mod:`~nxviz.validation.rules.structure`,
:mod:`~nxviz.validation.tidy`), over the same groups in the same order, so they are identical;
what the full run adds (the base classes of every other group, the file-wide rules a second
time, every optional member worked out and then dropped) is never computed. A file where the
engine would apply the profile somewhere this pass does not look (an entry below a group of
unknown class, a subentry naming the profile as its definition) is run through the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType

from nxviz.definitions.compile import DefinitionSet
from nxviz.definitions.model import (
    Definition,
    FieldSpec,
    GroupSpec,
    Member,
    NameType,
    Requirement,
)
from nxviz.fair.checks import PRESENCE, text_value
from nxviz.validation import match as matching
from nxviz.validation import tidy
from nxviz.validation.engine import validate_tree
from nxviz.validation.issues import Issue
from nxviz.validation.rules import structure
from nxviz.validation.walk import Kind, Node, Tree

__all__ = ["profile_findings"]

_ENTRY_CLASSES = ("NXentry", "NXsubentry")

#: The codes :func:`~nxviz.fair.checks.from_profile` reads (a tuple: compared by identity).
_COUNTED = tuple(PRESENCE)


def _wanted(member: Member) -> bool:
    return member.occurrence.requirement is not Requirement.OPTIONAL


@dataclass(frozen=True)
class _Plan:
    """What the profile needs of one governed spec.

    ``asked`` is the spec without its optional members: presence of those only ever yields
    ``missing_optional``, which no check reads. ``names``, ``types`` and ``fields`` say which
    children can matter: one that may match a member the profile asks for, a governed group
    to descend into, or a field whose attributes it asks for. Matching assigns each child on
    its own (the whole spec decides, so a child is never matched differently), so matching
    only those children gives them the members a match of all the children would."""

    asked: GroupSpec
    names: frozenset[str]
    types: frozenset[str]
    fields: tuple[FieldSpec, ...]
    #: the spec has links (matched before anything else, by name): every child may matter
    every: bool

    def children(self, group: Node) -> Node:
        """A stand-in for ``group`` holding only the children that can matter (matching reads
        nothing else of the group)."""
        if self.every:
            return group
        kept = {
            name: child
            for name, child in group.children.items()
            if name in self.names
            or child.kind is Kind.BROKEN
            or (child.is_group and child.nx_class in self.types)
            or (child.is_field and any(f.accepts_name(name) for f in self.fields))
        }
        if len(kept) == len(group.children):
            return group
        return Node(group.path, group.name, group.kind, children=MappingProxyType(kept))


#: The plan of each governed spec by its id; the spec is kept so the id is never reused.
_PLANS: dict[int, tuple[GroupSpec, _Plan]] = {}


def _plan(spec: GroupSpec) -> _Plan:
    cached = _PLANS.get(id(spec))
    if cached is not None and cached[0] is spec:
        return cached[1]
    members = [
        m
        for m in spec.members()
        if _wanted(m)
        or (isinstance(m, GroupSpec) and m.governed)
        or (isinstance(m, FieldSpec) and any(_wanted(a) for a in m.attributes))
    ]
    plan = _Plan(
        asked=replace(
            spec,
            fields=tuple(m for m in spec.fields if _wanted(m)),
            groups=tuple(m for m in spec.groups if _wanted(m)),
            links=tuple(m for m in spec.links if _wanted(m)),
        ),
        names=frozenset(m.name for m in members if m.name_type is NameType.SPECIFIED),
        types=frozenset(
            m.type
            for m in members
            if isinstance(m, GroupSpec) and m.name_type is not NameType.SPECIFIED
        ),
        fields=tuple(
            m for m in members if isinstance(m, FieldSpec) and m.name_type is not NameType.SPECIFIED
        ),
        every=bool(spec.links),
    )
    _PLANS[id(spec)] = (spec, plan)
    return plan


def _definition(node: Node) -> str | None:
    """The definition an entry names, as the engine reads it (stripped, never empty)."""
    value = text_value(node.child("definition"))
    return value.strip() or None if value is not None else None


def _covered(tree: Tree, defs: DefinitionSet, profile: str) -> bool:
    """Whether the engine would apply the profile only to the entries at the top of the file:
    no entry below a group without a base class (the engine enters those with the profile
    too) and no entry naming the profile itself."""
    for node in tree.index.values():
        if not node.is_group or node.nx_class not in _ENTRY_CLASSES:
            continue
        if _definition(node) == profile:
            return False
        parent = tree.parent(node)
        if parent is None or parent.path == "/":
            continue
        nx_class = parent.nx_class
        if nx_class is None or defs.base_class(nx_class) is None:
            return False
    return True


def _mergeable(tree: Tree, found: list[Issue]) -> bool:
    """Whether two findings are about one thing, which tidy would merge into one: the same
    object (reached through two links) or the same path, with the same code and message."""
    seen: set[tuple[object, ...]] = set()
    for one in found:
        where, _, attribute = one.path.partition("@")
        node = tree.get(where)
        key: tuple[object, ...] = (
            (node.identity, attribute, one.code, one.message)
            if node is not None and node.identity
            else (one.path, one.code, one.message)
        )
        if key in seen:
            return True
        seen.add(key)
    return False


def _entry_spec(definition: Definition) -> GroupSpec | None:
    return next((g for g in definition.root.groups if g.type == "NXentry" and g.governed), None)


def _governed(entry: Node, spec: GroupSpec, done: set[tuple[int, int, str]]) -> list[Issue]:
    """Presence below one entry, in the engine's order (depth first, children in order)."""
    found: list[Issue] = []
    pending: list[tuple[Node, GroupSpec]] = [(entry, spec)]
    while pending:
        group, governing = pending.pop()
        key = (group.identity, id(governing), entry.path)
        if group.identity and key in done:
            continue
        done.add(key)
        found.extend(structure.attribute_presence(group.path, group.attrs, governing.attributes))
        plan = _plan(governing)
        relevant = plan.children(group)
        matched = matching.match(relevant, governing)
        found.extend(structure.presence(group, plan.asked, matched))
        wrong = {id(node) for node, _ in matched.wrong_class}
        below: list[tuple[Node, GroupSpec]] = []
        for child in relevant.children.values():  # the others match nothing asked for
            member = matched.spec_of.get(child.name)
            if child.kind is Kind.FIELD and isinstance(member, FieldSpec):
                found.extend(
                    structure.attribute_presence(child.path, child.attrs, member.attributes)
                )
            if not child.is_group or id(child) in wrong:
                continue
            if child.nx_class == "NXsubentry" and _definition(child) is not None:
                continue  # the engine enters it with its own definition
            if isinstance(member, GroupSpec) and member.governed:
                below.append((child, member))
        pending.extend(reversed(below))
    return found


def profile_findings(tree: Tree, file: str, defs: DefinitionSet, profile: str) -> tuple[Issue, ...]:
    """The findings of the profile's run that :func:`~nxviz.fair.checks.from_profile` reads
    (it filters the rest), for every entry the engine would check against the profile."""
    definition = defs.get(profile)
    spec = _entry_spec(definition)
    root_base = defs.base_class("NXroot")
    if spec is None or root_base is None or not _covered(tree, defs, profile):
        return validate_tree(tree, file, defs, profile).issues
    root = tree.root
    wrong = {id(node) for node, _ in matching.match(root, root_base.root).wrong_class}
    found: list[Issue] = []
    done: set[tuple[int, int, str]] = set()
    for child in root.children.values():
        if child.is_group and child.nx_class in _ENTRY_CLASSES and id(child) not in wrong:
            found.extend(i for i in _governed(child, spec, done) if i.code in _COUNTED)
    if _mergeable(tree, found):
        # tidy merges an object's findings reached through several links, as in the engine's
        # run (what else it does concerns other codes)
        return tuple(tidy.one_per_defect(tree, found))
    return tuple(found)
