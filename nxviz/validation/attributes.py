"""The attribute rules of one object against its specs (type, enumeration, units category,
dimensions, deprecation), remembered by specs and attribute values: 2,000 NXtransformations
groups of nine alike fields are worked out once per distinct set."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

import numpy as np

from nxviz.definitions.model import AttributeSpec, NameType
from nxviz.validation.issues import Code, Issue, issue
from nxviz.validation.rules import dimensions, enumerations, types, units
from nxviz.validation.walk import Node

#: Findings of ``_attributes`` by specs and attribute values, for a path to be put in front:
#: 2,000 NXtransformations groups of nine alike fields are checked once per distinct set.
_MEMO: dict[tuple[int, tuple[Any, ...]], tuple[tuple[AttributeSpec, ...], list[Issue] | None]] = {}
_MEMO_SIZE = 4096
HERE = "\x00here\x00"  # a path no HDF5 object has (names cannot hold NUL)


def value_key(value: Any) -> Any:
    """A hashable stand-in that tells apart every value the attribute rules tell apart (type,
    dtype, shape and content), or None when there is none."""
    if value is None or type(value) is str:
        return value
    if type(value) is np.ndarray:  # the common cases first (110,000 calls on the 20k file)
        dtype = value.dtype
        if dtype.kind == "V" or value.size > 64:
            return None
        if dtype.kind != "O":
            return (dtype.str, value.shape, value.tobytes())
    if isinstance(value, str):
        return value
    if isinstance(value, np.generic):  # a compound's fields are not in its dtype.str
        return None if value.dtype.kind == "V" else (value.dtype.str, value.tobytes())
    if isinstance(value, np.ndarray) and value.dtype.kind == "V":
        return None
    if isinstance(value, np.ndarray) and value.size <= 64:
        if value.dtype.kind == "O":
            items = value.ravel().tolist()
            return (value.shape, tuple(items)) if all(type(v) is str for v in items) else None
        return (value.dtype.str, value.shape, value.tobytes())
    return None


def check(node: Node, specs: tuple[AttributeSpec, ...]) -> Iterator[Issue]:
    """:func:`_checked`, remembered for objects whose attributes are alike."""
    attrs = node.attrs
    if not specs or not isinstance(attrs, MappingProxyType):  # lazy attributes: read on demand
        yield from _checked(node.path, attrs, specs)
        return
    parts = []
    for name, value in attrs.items():
        key = value_key(value)
        if key is None and value is not None:
            yield from _checked(node.path, attrs, specs)
            return
        parts.append((name, key))
    memo_key = (id(specs), tuple(parts))
    found = _MEMO.get(memo_key)
    if found is None or found[0] is not specs:
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        issues: list[Issue] | None = list(_checked(HERE, attrs, specs))
        if issues and any(HERE in i.message or not i.path.startswith(HERE) for i in issues):
            issues = None  # a finding that names its path elsewhere: not remembered
        found = _MEMO[memo_key] = (specs, issues)
    if found[1] is None:
        yield from _checked(node.path, attrs, specs)
        return
    for remembered in found[1]:
        yield replace(remembered, path=node.path + remembered.path[len(HERE) :])


def _checked(
    path: str, attrs: Mapping[str, Any], specs: tuple[AttributeSpec, ...]
) -> Iterator[Issue]:
    """Each attribute a spec names: its type, enumeration (or, for ``units`` listing units
    categories, its category), dimensions and deprecation. Only the attributes a spec accepts
    are read."""
    for spec in specs:
        if spec.name_type is NameType.SPECIFIED:
            names = [spec.name] if spec.name in attrs else []
        else:
            names = [name for name in attrs if spec.accepts_name(name)]
        for name in names:
            value = attrs[name]
            at = f"{path}@{name}"
            if spec.deprecated:
                message = f"deprecated attribute: {' '.join(spec.deprecated.split())}"
                yield issue(Code.DEPRECATED, at, message, spec.nxdl_path)
            if value is None:
                continue
            yield from types.check_data(
                at, spec.type, types.attribute_dtype(value), value, spec.nxdl_path
            )
            listed = spec.enumeration.items if spec.enumeration is not None else ()
            if name == "units" and units.lists_categories(listed):
                yield from units.listed(at, value, listed, spec.nxdl_path)
            else:
                yield from enumerations.check(at, value, spec.enumeration, spec.nxdl_path)
            yield from dimensions.attribute(at, value, spec)
    yield from _misnamed(path, attrs, specs)


def _misnamed(
    path: str, attrs: Mapping[str, Any], specs: tuple[AttributeSpec, ...]
) -> Iterator[Issue]:
    """An attribute no spec accepts whose name misses a declared one the object lacks by case
    or a trailing "s" (pyFAI's ``@unit`` for ``@units``). nxdl.xsd (``ignoreExtraAttributes``)
    has attributes undefined in the NXDL give warnings; only these are reported, where a
    reader following the NXDL finds nothing under the declared name."""
    declared = {s.name: s for s in specs if s.name_type is NameType.SPECIFIED}
    for name in attrs:
        if name in declared or any(s.accepts_name(name) for s in specs):
            continue
        for meant, spec in declared.items():
            if meant in attrs:
                continue
            if _near(name, meant):
                yield issue(
                    Code.UNDOCUMENTED,
                    f"{path}@{name}",
                    f"attribute {name} is not documented; the NXDL names {meant}, which is "
                    "missing: a NeXus reader finds no value under that name",
                    spec.nxdl_path,
                )
                break


def _near(name: str, meant: str) -> bool:
    """``name`` misses ``meant`` by case or a trailing "s" (unit/units, signals/signal)."""
    folded, target = name.casefold(), meant.casefold()
    return folded == target or f"{folded}s" == target or folded == f"{target}s"
