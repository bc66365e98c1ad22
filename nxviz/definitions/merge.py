"""Merging specs: an application definition with the one it ``extends``, and each group an
application states with its base class. What the primary spec states wins; the rest is added,
named by where it now sits (its ``origin`` still says which definition states it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TypeVar

from nxviz.definitions.model import (
    AttributeSpec,
    FieldSpec,
    GroupSpec,
    Member,
    NameType,
)

__all__ = ["merge_groups"]

_M = TypeVar("_M", bound=Member)


def _counterpart(member: Member, candidates: Iterable[Member]) -> Member | None:
    """The member of another spec that describes the same thing: same name first, then a
    variadic one that accepts the name (and, for groups, has the same NX_class); an unnamed
    group (``<group type="NXinstrument">``) unifies with the one group of its class the other
    spec names (NXdirecttof's instrument is NXtofraw's ``instrument``)."""
    pool = [
        c
        for c in candidates
        if type(c) is type(member)
        and (not isinstance(c, GroupSpec) or c.type == getattr(member, "type", None))
    ]
    if isinstance(member, GroupSpec) and member.name_type is not NameType.SPECIFIED:
        named = [
            c
            for c in pool
            if isinstance(c, GroupSpec) and c.name_type is NameType.SPECIFIED and c.governed
        ]
        if len(named) == 1:
            return named[0]
    for c in pool:
        if c.name == member.name:
            return c
    if member.name_type is NameType.SPECIFIED:
        for c in pool:
            if c.name_type is not NameType.SPECIFIED and c.accepts_name(member.name):
                return c
    return None


def _consumes(member: Member, other: Member) -> bool:
    """Whether ``other`` is used up by merging it into ``member``. A variadic member of a
    base class (NXentry's MONITOR, NXdata's AXISNAME) stays available for further objects
    after one specified member took its description."""
    return not (member.name_type is NameType.SPECIFIED and other.name_type is not member.name_type)


def _merge_attributes(
    primary: tuple[AttributeSpec, ...], secondary: tuple[AttributeSpec, ...]
) -> tuple[AttributeSpec, ...]:
    merged: list[AttributeSpec] = []
    used: set[int] = set()
    for attr in primary:
        other = _counterpart(attr, secondary)
        if isinstance(other, AttributeSpec):
            if _consumes(attr, other):
                used.add(id(other))
            attr = replace(
                attr,
                type=attr.type or other.type,
                enumeration=attr.enumeration or other.enumeration,
                dimensions=attr.dimensions or other.dimensions,
            )
        merged.append(attr)
    merged.extend(a for a in secondary if id(a) not in used)
    return tuple(merged)


def _merge_field(primary: FieldSpec, secondary: FieldSpec) -> FieldSpec:
    return replace(
        primary,
        type=primary.type or secondary.type,
        units=primary.units or secondary.units,
        pixel_units=primary.pixel_units or secondary.pixel_units,
        enumeration=primary.enumeration or secondary.enumeration,
        dimensions=primary.dimensions or secondary.dimensions,
        attributes=_merge_attributes(primary.attributes, secondary.attributes),
    )


def _moved(member: _M, parent: str) -> _M:
    """A member inherited from a base class, named by where it now sits (``NXmx/ENTRY/...``);
    its ``origin`` still says which definition states it."""
    path = f"{parent}/{member.name}"
    if isinstance(member, FieldSpec):
        attributes = tuple(replace(a, nxdl_path=f"{path}@{a.name}") for a in member.attributes)
        return replace(member, nxdl_path=path, attributes=attributes)
    return replace(member, nxdl_path=path)


def merge_groups(primary: GroupSpec, secondary: GroupSpec) -> GroupSpec:
    """``primary`` completed by ``secondary``: what primary states wins, the rest is added."""
    used: set[int] = set()
    fields: list[FieldSpec] = []
    for f in primary.fields:
        other = _counterpart(f, secondary.fields)
        if isinstance(other, FieldSpec):
            if _consumes(f, other):
                used.add(id(other))
            f = _merge_field(f, other)
        fields.append(f)
    groups: list[GroupSpec] = []
    for g in primary.groups:
        other = _counterpart(g, secondary.groups)
        if isinstance(other, GroupSpec):
            if _consumes(g, other):
                used.add(id(other))
            g = merge_groups(g, other)
            if g.name_type is not NameType.SPECIFIED and other.name_type is NameType.SPECIFIED:
                g = replace(g, name=other.name, name_type=NameType.SPECIFIED)
        groups.append(g)
    here = primary.nxdl_path
    return replace(
        primary,
        fields=(*fields, *(_moved(f, here) for f in secondary.fields if id(f) not in used)),
        groups=(*groups, *(_moved(g, here) for g in secondary.groups if id(g) not in used)),
        attributes=_merge_attributes(primary.attributes, secondary.attributes),
        links=(
            *primary.links,
            *(ln for ln in secondary.links if ln.name not in {p.name for p in primary.links}),
        ),
    )
