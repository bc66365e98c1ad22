"""Rules 2-3 over every object of a file: NeXus naming rules for groups, fields and attributes;
NX_class present and known on groups, absent on fields."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from nxviz.validation.issues import Code, Issue, issue
from nxviz.validation.walk import Node

#: Names NeXus accepts: letters, digits, underscores and inner dots.
VALID_NAME = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.]*[A-Za-z0-9_])?$")


#: Names found valid (the same few names recur on every object of a file), bounded.
_VALID: set[str] = set()


def valid(name: str) -> bool:
    """``name`` follows the NeXus naming rules."""
    if name in _VALID:
        return True
    if not VALID_NAME.match(name):
        return False
    if len(_VALID) >= 4096:
        _VALID.clear()
    _VALID.add(name)
    return True


def check(node: Node, known_class: Callable[[str], bool]) -> Iterator[Issue]:
    if node.path != "/" and not valid(node.name):
        yield issue(
            Code.INVALID_NAME, node.path, f"name {node.name!r} breaks the NeXus naming rules"
        )
    for name in node.attrs:
        if not valid(name):
            yield issue(
                Code.INVALID_NAME,
                f"{node.path}@{name}",
                f"attribute name {name!r} breaks the NeXus naming rules",
            )
    nx_class = node.attrs.get("NX_class")
    if node.is_field and nx_class is not None:
        yield issue(Code.NX_CLASS_ON_FIELD, f"{node.path}@NX_class", "a field carries NX_class")
    if not node.is_group or node.path == "/":
        return
    if nx_class is None:
        yield issue(Code.MISSING_NX_CLASS, node.path, "group without NX_class")
    elif not isinstance(nx_class, str) or not known_class(nx_class):
        yield issue(
            Code.UNKNOWN_NX_CLASS,
            f"{node.path}@NX_class",
            f"NX_class {nx_class!r} is not a known base class",
        )
