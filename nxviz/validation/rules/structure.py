"""Rules 1-3 inside a group with a spec: presence and occurrence of members and attributes,
the NX_class of members found under a specified name, and members the application definition
does not document."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from nxviz.definitions.model import AttributeSpec, GroupSpec, Member, NameType, Requirement
from nxviz.validation.issues import Code, Issue, issue
from nxviz.validation.match import Match
from nxviz.validation.walk import Node

_MISSING = {
    Requirement.REQUIRED: Code.MISSING_REQUIRED,
    Requirement.RECOMMENDED: Code.MISSING_RECOMMENDED,
    Requirement.OPTIONAL: Code.MISSING_OPTIONAL,
}


def _kind(member: Member) -> str:
    return type(member).__name__.removesuffix("Spec").lower()


def _join(parent: str, name: str) -> str:
    return f"{parent.rstrip('/')}/{name}"


def presence(group: Node, spec: GroupSpec, found: Match) -> Iterator[Issue]:
    for member in spec.members():
        nodes = found.nodes(member)
        occurrence = member.occurrence
        if not nodes:
            requirement = occurrence.requirement
            if requirement is Requirement.OPTIONAL and member.name_type is not NameType.SPECIFIED:
                continue  # a placeholder (FIELDNAME_errors) is not something a file lacks
            what = f"{requirement.value} {_kind(member)}"
            if isinstance(member, GroupSpec):
                what += f" ({member.type})"
            yield issue(
                _MISSING[requirement],
                _join(group.path, member.name),
                f"{what} {member.name} is missing",
                member.nxdl_path,
            )
            continue
        if occurrence.maximum is not None and len(nodes) > occurrence.maximum:
            for node in nodes[occurrence.maximum :]:
                yield issue(
                    Code.TOO_MANY,
                    node.path,
                    f"{len(nodes)} matches of {member.name}, at most {occurrence.maximum} allowed",
                    member.nxdl_path,
                )
        if len(nodes) < occurrence.minimum:
            yield issue(
                Code.TOO_FEW,
                nodes[0].path,
                f"{len(nodes)} matches of {member.name}, at least {occurrence.minimum} expected",
                member.nxdl_path,
            )
        if member.deprecated:
            for node in nodes:
                yield issue(
                    Code.DEPRECATED, node.path, f"deprecated: {member.deprecated}", member.nxdl_path
                )


def attribute_presence(
    path: str, attrs: Mapping[str, Any], specs: tuple[AttributeSpec, ...], optional: bool = True
) -> Iterator[Issue]:
    """The attributes ``specs`` name that ``attrs`` lacks; the optional ones (info findings)
    only with ``optional`` (a run without ``--verbose`` drops them: 20,000 on the 20k-object
    NXmx file were made to be thrown away)."""
    for spec in specs:
        if spec.name_type is not NameType.SPECIFIED or spec.name in attrs:
            continue
        if not optional and spec.occurrence.requirement is Requirement.OPTIONAL:
            continue
        yield issue(
            _MISSING[spec.occurrence.requirement],
            f"{path}@{spec.name}",
            f"{spec.occurrence.requirement.value} attribute {spec.name} is missing",
            spec.nxdl_path,
        )


def classes(found: Match) -> Iterator[Issue]:
    for node, spec in found.wrong_class:
        actual = node.nx_class or "no NX_class"
        yield issue(
            Code.WRONG_NX_CLASS,
            f"{node.path}@NX_class" if node.nx_class else node.path,
            f"{node.name} is {actual} where {spec.type} is expected",
            spec.nxdl_path,
        )


def undocumented(spec: GroupSpec, found: Match) -> Iterator[Issue]:
    if not spec.governed or spec.type == "NXcollection":
        return  # an NXcollection exists to hold anything
    for node in found.undocumented:
        kind = f"group ({node.nx_class})" if node.is_group else node.kind.value
        yield issue(
            Code.UNDOCUMENTED,
            node.path,
            f"{kind} {node.name} is not documented in {spec.nxdl_path}",
            spec.nxdl_path,
        )
