"""Where an NXDL path of a finding (``NXcanSAS/ENTRY/DATA/Q@units``) is stated: the NXDL
file and line, so a reader (and the gallery of real files) can check the text that decides."""

from __future__ import annotations

from pathlib import Path

from nxviz.definitions.compile import DefinitionSet, definition_set
from nxviz.definitions.model import GroupSpec, Member
from nxviz.errors import DefinitionNotFoundError


def _member(spec: GroupSpec, name: str) -> Member | None:
    for member in spec.members():
        if member.name == name:
            return member
    return None


def find_member(nxdl: str, defs: DefinitionSet | None = None) -> Member | None:
    """The compiled member an NXDL path names, or None."""
    defs = defs or definition_set()
    where, _, attribute = nxdl.partition("@")
    name, *parts = where.split("/")
    try:
        definition = defs.get(name)
    except DefinitionNotFoundError:
        return None
    found: Member = definition.root
    for part in parts:
        if not isinstance(found, GroupSpec):
            return None
        inner = _member(found, part)
        if inner is None:
            return None
        found = inner
    if attribute:
        attributes = getattr(found, "attributes", ())
        return next((a for a in attributes if a.name == attribute), None)
    return found


def nxdl_line(nxdl: str, defs: DefinitionSet | None = None) -> str:
    """``"NXcanSAS.nxdl.xml:314"`` for an NXDL path, or ``""`` when it names no member."""
    defs = defs or definition_set()
    member = find_member(nxdl, defs)
    if member is None and nxdl.endswith("@units"):  # the field's units="..." decides
        member = find_member(nxdl.removesuffix("@units"), defs)
    if member is None or not member.line:
        return ""
    try:
        source = defs.get(member.origin).source
    except DefinitionNotFoundError:
        return ""
    return f"{Path(source).name}:{member.line}"
