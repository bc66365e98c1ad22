"""Rule 11, depends_on and NXtransformations: every chain, started from a ``depends_on`` field
or attribute, followed to "."; each transformation it reaches (and any field declaring a
transformation_type) has a known type and a 3-element @vector."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from nxviz.validation.issues import Code, Issue, issue
from nxviz.validation.walk import Node, Tree

TYPES = ("translation", "rotation")


def _reference(value: Any) -> str | None:
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.ravel()[0]
    return value.strip() if isinstance(value, str) else None


def _follow(
    tree: Tree, holder: Node, where: str, value: str, resolved: set[str]
) -> Iterator[Issue | Node]:
    """Yield findings, and the transformation nodes reached, along one chain. A chain that
    reaches a field whose own chain was already followed to "." stops there (``resolved``
    holds those paths), so 18,000 steps of 2,000 chains cost 18,000 steps, not 90,000."""
    seen: set[str] = set()
    base = tree.parent(holder) or tree.root
    while value != ".":
        target = tree.resolve(base, value)
        if target is not None and target.path in resolved:
            break
        if target is None or not target.is_field:
            yield issue(
                Code.DEPENDS_ON_MISSING,
                where,
                f"depends_on {value!r} does not name a field",
                "NXtransformations@depends_on",
            )
            return
        if target.path in seen:
            yield issue(
                Code.DEPENDS_ON_CYCLE,
                where,
                f"depends_on {value!r} closes a cycle through {target.path}",
                "NXtransformations@depends_on",
            )
            return
        seen.add(target.path)
        yield target
        following = _reference(target.attrs.get("depends_on"))
        if following is None:
            return
        where, value = f"{target.path}@depends_on", following
        base = tree.parent(target) or tree.root
    resolved.update(seen)


def chains(tree: Tree, node: Node, resolved: set[str] | None = None) -> Iterator[Issue | Node]:
    """The chain started at a ``depends_on`` field (the entry point of a component)."""
    if node.is_field and node.name == "depends_on":
        value = _reference(node.value)
        if value is not None:
            yield from _follow(
                tree, node, node.path, value, set() if resolved is None else resolved
            )
    elif node.is_field and "depends_on" in node.attrs:
        value = _reference(node.attrs["depends_on"])
        if value is not None:
            where = f"{node.path}@depends_on"
            yield from _follow(tree, node, where, value, set() if resolved is None else resolved)


def transformation(node: Node) -> Iterator[Issue]:
    """One transformation field: its @transformation_type and @vector."""
    kind = node.attrs.get("transformation_type")
    if kind is not None and kind not in TYPES:
        yield issue(
            Code.BAD_TRANSFORMATION_TYPE,
            f"{node.path}@transformation_type",
            f"transformation_type {kind!r} is not translation or rotation",
            "NXtransformations/AXISNAME@transformation_type",
        )
    if kind is None and "vector" not in node.attrs:
        return  # not a transformation, e.g. a plain value a chain merely names
    vector = node.attrs.get("vector")
    try:
        size = int(np.asarray(vector, dtype=float).size) if vector is not None else 0
    except (TypeError, ValueError):
        size = -1
    if size != 3:
        message = "@vector is missing" if vector is None else f"@vector has {size} elements, not 3"
        yield issue(
            Code.BAD_VECTOR, f"{node.path}@vector", message, "NXtransformations/AXISNAME@vector"
        )


def check(tree: Tree, node: Node, resolved: set[str] | None = None) -> Iterator[Issue]:
    """The chain from ``node`` and its own transformation; ``resolved`` (shared by the calls
    of one validation) holds the fields whose chains are known to end well."""
    for item in chains(tree, node, resolved):
        if isinstance(item, Node):
            if "transformation_type" not in item.attrs:
                yield issue(
                    Code.BAD_TRANSFORMATION_TYPE,
                    f"{item.path}@transformation_type",
                    "a field in a depends_on chain has no transformation_type",
                    "NXtransformations/AXISNAME@transformation_type",
                )
        else:
            yield item
    if node.is_field and "transformation_type" in node.attrs:
        yield from transformation(node)
