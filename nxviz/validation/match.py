"""Matching the members of a file group to the members of its spec.

Specified names win over partial names, partial over ``any``; a group matches a variadic spec
only through its NX_class. A group found under a specified name with another NX_class is
reported as such rather than as missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nxviz.definitions.model import FieldSpec, GroupSpec, LinkSpec, Member, NameType
from nxviz.validation.walk import Kind, Node

_ORDER = (NameType.SPECIFIED, NameType.PARTIAL, NameType.ANY)


@dataclass
class Match:
    """The result of matching one group; built and read inside one validation only."""

    found: dict[int, list[Node]] = field(default_factory=dict)  # id(spec) -> nodes
    spec_of: dict[str, Member] = field(default_factory=dict)  # child name -> spec
    wrong_class: list[tuple[Node, GroupSpec]] = field(default_factory=list)
    undocumented: list[Node] = field(default_factory=list)

    def nodes(self, spec: Member) -> list[Node]:
        return self.found.get(id(spec), [])

    def _take(self, node: Node, spec: Member) -> None:
        self.found.setdefault(id(spec), []).append(node)
        self.spec_of[node.name] = spec


def _constraints_met(node: Node, spec: GroupSpec) -> int:
    """How many of the spec's closed attribute enumerations the group satisfies (a stated
    ``@canSAS_class``, say), less those it breaks."""
    score = 0
    for attr in spec.attributes:
        enumeration = attr.enumeration
        if attr.name_type is not NameType.SPECIFIED or enumeration is None or enumeration.open:
            continue
        value = node.attrs.get(attr.name)
        if not isinstance(value, str) or not enumeration.items:
            continue
        score += 1 if value.strip() in (item.strip() for item in enumeration.items) else -1
    return score


def _best_variadic(node: Node, specs: list[GroupSpec]) -> GroupSpec:
    """Of several variadic members of one NX_class (NXcanSAS's SASdata and
    TRANSMISSION_SPECTRUM, both NXdata), the one whose constraints the group satisfies."""
    if len(specs) == 1:
        return specs[0]
    return max(specs, key=lambda spec: _constraints_met(node, spec))


def _group_spec(node: Node, specs: tuple[GroupSpec, ...], m: Match) -> GroupSpec | None:
    nx_class = node.nx_class
    for name_type in _ORDER:
        if name_type is not NameType.SPECIFIED:
            fitting = [
                s
                for s in specs
                if s.name_type is name_type and s.type == nx_class and s.accepts_name(node.name)
            ]
            if fitting:
                return _best_variadic(node, fitting)
        for spec in specs:
            if spec.name_type is not name_type or not spec.accepts_name(node.name):
                continue
            if spec.type == nx_class:
                return spec
            if name_type is NameType.SPECIFIED:
                by_class = [
                    s
                    for s in specs
                    if s.type == nx_class and s.name_type is name_type and s.name == node.name
                ]
                if by_class:
                    return by_class[0]
                m.wrong_class.append((node, spec))
                return spec
    return None


def _field_spec(node: Node, specs: tuple[FieldSpec, ...]) -> FieldSpec | None:
    for name_type in _ORDER:
        for spec in specs:
            if spec.name_type is name_type and spec.accepts_name(node.name):
                return spec
    return None


def _link_spec(node: Node, specs: tuple[LinkSpec, ...]) -> LinkSpec | None:
    return next((s for s in specs if s.accepts_name(node.name)), None)


#: Per group spec (by id; the spec is kept so that its id is not reused), each child name's
#: link spec and field spec, which depend on the name alone: 2,000 alike groups, one lookup.
_BY_NAME: dict[int, tuple[GroupSpec, dict[str, tuple[LinkSpec | None, FieldSpec | None]]]] = {}
_MEMO_SIZE = 4096


def _by_name(spec: GroupSpec) -> dict[str, tuple[LinkSpec | None, FieldSpec | None]]:
    held = _BY_NAME.get(id(spec))
    if held is None or held[0] is not spec:
        if len(_BY_NAME) >= _MEMO_SIZE:
            _BY_NAME.clear()
        held = _BY_NAME[id(spec)] = (spec, {})
    return held[1]


def match(group: Node, spec: GroupSpec) -> Match:
    """Assign each child of ``group`` to at most one member of ``spec``."""
    m = Match()
    table = _by_name(spec)
    for node in group.children.values():
        named = table.get(node.name)
        if named is None:
            named = _link_spec(node, spec.links), _field_spec(node, spec.fields)
            if len(table) < _MEMO_SIZE:
                table[node.name] = named
        chosen: Member | None = named[0]
        if chosen is None and node.kind is Kind.GROUP:
            chosen = _group_spec(node, spec.groups, m)
        elif chosen is None and node.kind is Kind.FIELD:
            chosen = named[1]
        elif chosen is None:  # a broken link: whatever spec carries its name
            chosen = next((s for s in spec.members() if s.name == node.name), None)
            if chosen is None:
                continue  # reported once, as a broken link, not also as undocumented
        if chosen is None:
            m.undocumented.append(node)
        else:
            m._take(node, chosen)
    return m
