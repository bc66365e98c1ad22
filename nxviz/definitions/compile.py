"""NXDL XML into the frozen model of :mod:`nxviz.definitions.model`.

Each file is checked against ``nxdl.xsd`` first; ``extends`` chains are merged and every group an
application definition states is merged with its base class, so a rule sees one spec holding
everything the standard says about a member. Compiled definitions are cached per file and NXDL
version by module-level functions; the model is immutable, so sharing it is safe.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from nxviz.definitions import catalog, diskcache, stamp
from nxviz.definitions.merge import merge_groups
from nxviz.definitions.model import (
    AttributeSpec,
    Definition,
    Dim,
    Dimensions,
    Enumeration,
    FieldSpec,
    GroupSpec,
    LinkSpec,
    NameType,
    Occurrence,
    Requirement,
    Symbol,
)
from nxviz.errors import DefinitionNotFoundError, NXDLSyntaxError

__all__ = ["DefinitionSet", "load_definitions", "definition_set"]

NS = catalog.NXDL_NS
_COMPILING = threading.RLock()
#: The shape of the compiled model, part of the disk cache's key: raise it when a spec gains
#: a field, so a definition compiled by an older nxviz is compiled again.
_MODEL = "model-2"


@functools.lru_cache(maxsize=4)
def _schema(xsd_path: str) -> Any:
    from lxml import etree

    try:
        return etree.XMLSchema(etree.parse(xsd_path))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as error:
        raise NXDLSyntaxError(f"cannot read the NXDL schema {xsd_path}: {error}") from error


def _parse(path: Path) -> Any:
    """The root element of an NXDL file, after checking it against ``nxdl.xsd``."""
    from lxml import etree

    try:
        tree = etree.parse(str(path))
    except (etree.XMLSyntaxError, OSError) as error:
        raise NXDLSyntaxError(f"{path}: not readable XML: {error}") from error
    schema = _schema(str(catalog.standard_root() / "nxdl.xsd"))
    if not schema.validate(tree):
        first = schema.error_log.filter_from_errors()[0]
        raise NXDLSyntaxError(f"{path}:{first.line}: not valid NXDL: {first.message}")
    return tree.getroot()


def _flag(element: Any, name: str) -> bool | None:
    value = element.get(name)
    return None if value is None else value.strip().lower() in ("true", "1")


def _occurs(value: str | None) -> int | None:
    if value is None or value == "unbounded":
        return None
    return int(value)


def _occurrence(element: Any, application: bool, attribute: bool = False) -> Occurrence:
    """Requirement from optional/recommended/minOccurs; members of an application definition
    are required unless marked otherwise, those of a base class optional unless marked."""
    minimum = _occurs(element.get("minOccurs"))
    maximum = _occurs(element.get("maxOccurs"))
    if attribute:
        maximum = 1
    if _flag(element, "recommended"):
        requirement = Requirement.RECOMMENDED
    elif _flag(element, "optional") is True or minimum == 0:
        requirement = Requirement.OPTIONAL
    elif _flag(element, "optional") is False or (minimum or 0) >= 1 or application:
        requirement = Requirement.REQUIRED
    else:
        requirement = Requirement.OPTIONAL
    low = max(minimum or 0, 1) if requirement is Requirement.REQUIRED else 0
    return Occurrence(requirement, low, maximum)


def _name_type(element: Any, default: NameType, legacy: bool = False) -> NameType:
    value = element.get("nameType")
    if value:
        return NameType(value)
    name = element.get("name") or ""
    if legacy and len(name) > 1 and name.isupper():
        return NameType.ANY
    return default


def _child(element: Any, tag: str) -> Any:
    return element.find(f"{NS}{tag}")


def _enumeration(element: Any) -> Enumeration | None:
    node = _child(element, "enumeration")
    if node is None:
        return None
    items = tuple(item.get("value", "") for item in node.findall(f"{NS}item"))
    return Enumeration(items, open=_flag(node, "open") is True)


def _dimensions(element: Any, advisory: bool = False) -> Dimensions | None:
    node = _child(element, "dimensions")
    if node is None:
        return None
    dims = tuple(
        Dim(int(d.get("index", "0") or 0), d.get("value"), _flag(d, "required") is not False)
        for d in node.findall(f"{NS}dim")
        if (d.get("index") or "0").isdigit()
    )
    return Dimensions(node.get("rank"), dims, advisory)


@dataclass(frozen=True)
class _Context:
    origin: str
    application: bool
    #: NXDL written before ``nameType``: upper-case names are variadic by convention
    legacy: bool = False


def _attributes(element: Any, path: str, ctx: _Context) -> tuple[AttributeSpec, ...]:
    return tuple(
        AttributeSpec(
            name=a.get("name"),
            name_type=_name_type(a, NameType.SPECIFIED, ctx.legacy),
            occurrence=_occurrence(a, ctx.application, attribute=True),
            nxdl_path=f"{path}@{a.get('name')}",
            origin=ctx.origin,
            deprecated=a.get("deprecated"),
            line=a.sourceline or 0,
            type=a.get("type"),
            enumeration=_enumeration(a),
            dimensions=_dimensions(a, not ctx.application),
        )
        for a in element.findall(f"{NS}attribute")
    )


def _field(element: Any, parent: str, ctx: _Context) -> FieldSpec:
    path = f"{parent}/{element.get('name')}"
    return FieldSpec(
        name=element.get("name"),
        name_type=_name_type(element, NameType.SPECIFIED, ctx.legacy),
        occurrence=_occurrence(element, ctx.application),
        nxdl_path=path,
        origin=ctx.origin,
        deprecated=element.get("deprecated"),
        line=element.sourceline or 0,
        type=element.get("type"),
        units=element.get("units"),
        enumeration=_enumeration(element),
        dimensions=_dimensions(element, not ctx.application),
        attributes=_attributes(element, path, ctx),
        pixel_units=_allows_pixels(element),
        axis=element.get("axis") is not None,
    )


def _allows_pixels(element: Any) -> bool:
    """The field's documentation says its length may be given in pixels (NXdetector's
    beam_center_x: "in physical units or pixels as documented by the units attribute")."""
    doc = _child(element, "doc")
    text = " ".join("".join(doc.itertext()).split()) if doc is not None else ""
    return "units or pixels" in text


def _group(element: Any, parent: str, ctx: _Context) -> GroupSpec:
    nx_type = element.get("type", "NXobject")
    name = element.get("name")
    default_name_type = NameType.SPECIFIED if name else NameType.ANY
    name = name or nx_type[2:].upper()
    return _group_body(element, f"{parent}/{name}", ctx, name, nx_type, default_name_type)


def _group_body(
    element: Any, path: str, ctx: _Context, name: str, nx_type: str, default: NameType
) -> GroupSpec:
    groups = [_group(g, path, ctx) for g in element.findall(f"{NS}group")]
    for choice in element.findall(f"{NS}choice"):  # any of the alternatives, none required
        groups.extend(
            replace(_group(g, path, ctx), occurrence=Occurrence(Requirement.OPTIONAL))
            for g in choice.findall(f"{NS}group")
        )
    links = tuple(
        LinkSpec(
            name=ln.get("name"),
            name_type=_name_type(ln, NameType.SPECIFIED),
            occurrence=_occurrence(ln, ctx.application),
            nxdl_path=f"{path}/{ln.get('name')}",
            origin=ctx.origin,
            target=ln.get("target", ""),
            line=ln.sourceline or 0,
        )
        for ln in element.findall(f"{NS}link")
    )
    return GroupSpec(
        name=name,
        name_type=_name_type(element, default, ctx.legacy),
        occurrence=_occurrence(element, ctx.application),
        nxdl_path=path,
        origin=ctx.origin,
        deprecated=element.get("deprecated"),
        line=element.sourceline or 0,
        type=nx_type,
        fields=tuple(_field(f, path, ctx) for f in element.findall(f"{NS}field")),
        groups=tuple(groups),
        attributes=_attributes(element, path, ctx),
        links=links,
        governed=ctx.application,
    )


class DefinitionSet:
    """The definitions reachable from a list of folders (user folders, project, standard)."""

    def __init__(self, extra: Sequence[Path] = ()) -> None:
        self.roots: tuple[Path, ...] = tuple(catalog.search_roots(list(extra)))
        self.version = catalog.nxdl_version(self.roots[-1])

    def get(self, name: str) -> Definition:
        """The compiled definition ``name``; raises :class:`DefinitionNotFoundError`."""
        with _COMPILING:  # one compiler at a time: lxml's schema keeps a per-call error log
            return _load(name, tuple(str(r) for r in self.roots))

    def base_class(self, nx_class: str) -> Definition | None:
        """The base class ``nx_class``, or None when no definition of that name exists."""
        try:
            found = self.get(nx_class)
        except DefinitionNotFoundError:
            return None
        return found if found.is_base_class else None


def _version_of(path: Path, roots: tuple[str, ...]) -> str:
    """The NXDL release of the set holding ``path``; a set without ``NXDL_VERSION`` (the
    project's ``nxdl/``) is written against the standard set it is searched with."""
    for root in roots:
        if path.is_relative_to(root):
            version = catalog.nxdl_version(Path(root))
            if version != "unknown":
                return version
            break
    return catalog.nxdl_version(Path(roots[-1]))


@functools.lru_cache(maxsize=1024)
def _load(name: str, roots: tuple[str, ...]) -> Definition:
    path = catalog.definition_path(name, [Path(r) for r in roots])
    version = _version_of(path, roots)
    stamp = _stamp(roots)
    entry = diskcache.key(_MODEL, name, roots, version, stamp) if stamp else ""
    cached = diskcache.load("nxdl", entry) if entry else None
    if isinstance(cached, Definition):
        return cached
    compiled = _compile(str(path), version, roots)
    if entry:
        diskcache.store("nxdl", entry, compiled)
    return compiled


@functools.lru_cache(maxsize=16)
def _stamp(roots: tuple[str, ...]) -> str:
    """What decides a compiled definition besides its name: each root's stamp
    (:mod:`nxviz.definitions.stamp`), so an edited, added or upgraded file compiles afresh."""
    return "|".join(stamp.folder_stamp(Path(root)) for root in roots)


@functools.lru_cache(maxsize=1024)
def _compile(path: str, version: str, roots: tuple[str, ...]) -> Definition:
    """One NXDL file compiled and resolved; cached per file, NXDL version and search roots."""
    root = _parse(Path(path))
    name = root.get("name")
    category = root.get("category", "base")
    legacy = root.find(".//*[@nameType]") is None
    ctx = _Context(origin=name, application=category == "application", legacy=legacy)
    body = _group_body(root, name, ctx, name, name, NameType.SPECIFIED)
    extends = root.get("extends")
    if extends and extends != name:
        parent = _load(extends, roots)
        body = merge_groups(body, parent.root)
    if ctx.application:
        body = _resolve_bases(body, roots, depth=0)
    symbols = tuple(
        Symbol(
            s.get("name"),
            "".join(_child(s, "doc").itertext()).strip() if _child(s, "doc") is not None else "",
        )
        for node in root.findall(f"{NS}symbols")
        for s in node.findall(f"{NS}symbol")
    )
    return Definition(name, category, extends, version, body, symbols, path)


def _resolve_bases(spec: GroupSpec, roots: tuple[str, ...], depth: int) -> GroupSpec:
    """Merge every group an application states with its base class, depth first."""
    groups = tuple(_resolve_bases(g, roots, depth + 1) if g.governed else g for g in spec.groups)
    spec = replace(spec, groups=groups)
    if depth == 0:
        return spec
    try:
        base = _load(spec.type, roots)
    except DefinitionNotFoundError:
        return spec
    return merge_groups(spec, base.root) if base.is_base_class else spec


def definition_set(extra: Sequence[Path | str] = ()) -> DefinitionSet:
    return DefinitionSet(tuple(Path(p) for p in extra))


def load_definitions(
    name: str, definitions: Path | str | Sequence[Path | str] | None = None
) -> Definition:
    """The compiled, resolved definition ``name`` (e.g. ``"NXmx"``), searched in the user
    folders ``definitions`` first, then the project's ``nxdl/``, then the standard set."""
    if definitions is None:
        extra: Sequence[Path | str] = ()
    elif isinstance(definitions, (str, Path)):
        extra = (definitions,)
    else:
        extra = definitions
    return definition_set(extra).get(name)
