"""The rules of one field that read nothing but the field's node and its spec (type, units,
enumeration, attribute presence, the attributes' own rules), remembered by spec and content:
the 18,000 fields of 2,000 alike NXtransformations groups are worked out once per distinct
field. The rules that read the file or bind dimension symbols (``values``, ``dimensions``)
run on every field, between the two lists, in the engine's order."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Any

from nxviz.definitions.model import FieldSpec
from nxviz.validation import attributes
from nxviz.validation.issues import Issue
from nxviz.validation.rules import enumerations, structure, types, units
from nxviz.validation.walk import Node

#: (spec, findings before ``values``/``dimensions``, findings after) by key; None: not kept
_MEMO: dict[tuple[Any, ...], tuple[FieldSpec, list[Issue] | None, list[Issue] | None]] = {}
_MEMO_SIZE = 4096
_HERE = attributes.HERE


def _run(node: Node, spec: FieldSpec, verbose: bool) -> tuple[list[Issue], list[Issue]]:
    path, nxdl = node.path, spec.nxdl_path
    first = [
        *types.check_data(path, spec.type, node.dtype, node.value, nxdl),
        *units.check(node, spec),
        *enumerations.check(path, node.value, spec.enumeration, nxdl),
    ]
    second = [
        *structure.attribute_presence(path, node.attrs, spec.attributes, verbose),
        *attributes.check(node, spec.attributes),
    ]
    return first, second


def _key(node: Node, spec: FieldSpec, verbose: bool) -> tuple[Any, ...] | None:
    """What the rules here read of ``node``, as a hashable key; None when it has none."""
    attrs = node.attrs
    if not isinstance(attrs, MappingProxyType):  # lazy attributes: read on demand
        return None
    parts = []
    value_key = attributes.value_key
    for name, value in attrs.items():
        if type(value) is str:  # most attributes: no call
            parts.append((name, value))
            continue
        key = value_key(value)
        if key is None and value is not None:
            return None
        parts.append((name, key))
    value = attributes.value_key(node.value)
    if value is None and node.value is not None:
        return None
    dtype = node.dtype
    metadata = tuple(sorted(dtype.metadata.items())) if dtype is not None and dtype.metadata else ()
    key = (id(spec), verbose, dtype, metadata, value, tuple(parts))
    try:
        hash(key)
    except TypeError:  # an enum's mapping in the dtype's metadata
        return None
    return key


def check(node: Node, spec: FieldSpec, verbose: bool) -> tuple[list[Issue], list[Issue]]:
    """The findings of the rules here: those the engine yields before ``values.check`` and
    those it yields after ``dimensions.check``."""
    key = _key(node, spec, verbose)
    if key is None:
        return _run(node, spec, verbose)
    held = _MEMO.get(key)
    if held is None or held[0] is not spec:
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        first, second = _run(replace(node, path=_HERE), spec, verbose)
        kept = all(i.path.startswith(_HERE) and _HERE not in i.message for i in first + second)
        held = _MEMO[key] = (spec, first, second) if kept else (spec, None, None)
    if held[1] is None or held[2] is None:  # a finding that names its path elsewhere
        return _run(node, spec, verbose)
    path = node.path
    return (
        [replace(i, path=path + i.path[len(_HERE) :]) for i in held[1]],
        [replace(i, path=path + i.path[len(_HERE) :]) for i in held[2]],
    )
