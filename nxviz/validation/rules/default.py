"""Rule 10, @default: every @default names an existing child group, and the chain from the root
through the NXentry ends at an NXdata. NXentry.nxdl.xml: "The value names a child group. If
that group itself has a default attribute, continue this chain until an NXdata group is
reached." A value that is a path to a group instead is a warning, not an error: it does lead
to the group, but a reader that follows the rule looks for a child of that name."""

from __future__ import annotations

from collections.abc import Iterator

from nxviz.validation.issues import Code, Issue, issue
from nxviz.validation.walk import Node, Tree

#: The base classes whose NXDL states @default itself; any other group has NXobject's.
_STATED = ("NXroot", "NXentry", "NXsubentry", "NXcalibration")


def _nxdl(group: Node) -> str:
    nx_class = "NXroot" if group.path == "/" else group.nx_class
    return f"{nx_class if nx_class in _STATED else 'NXobject'}@default"


def _target(tree: Tree, group: Node) -> tuple[Node | None, str | None]:
    """The group @default leads to (a child's name, or a path from ``group``) and the value."""
    value = group.attrs.get("default")
    if not isinstance(value, str):
        return None, None
    child = group.child(value)
    if child is None and "/" in value:
        child = tree.resolve(group, value)
    return (child if child is not None and child.is_group else None), value


def each(tree: Tree, group: Node) -> Iterator[Issue]:
    """A group's own @default names a child group (or, a warning, is a path to a group)."""
    if not group.is_group or "default" not in group.attrs or group.problem:
        return
    target, value = _target(tree, group)
    if target is None:
        yield issue(
            Code.BAD_DEFAULT,
            f"{group.path}@default",
            f"@default names {value!r}, which is not a group here",
            _nxdl(group),
        )
    elif group.child(value or "") is None:
        first = (value or "").strip("/").split("/", 1)[0]
        yield issue(
            Code.DEFAULT_PATH,
            f"{group.path}@default",
            f"@default is the path {value!r} (to {target.path}), not the name of a child group: "
            f"a reader that follows the NeXus rules finds no child of that name (name the "
            f"child {first!r} and give it its own @default)",
            _nxdl(group),
        )


def chain(tree: Tree) -> Iterator[Issue]:
    """The chain from the root ends at an NXdata (each broken step is found by :func:`each`)."""
    node = tree.root
    seen: set[str] = set()
    while "default" in node.attrs and node.path not in seen:
        seen.add(node.path)
        child, _ = _target(tree, node)
        if child is None:
            return
        if child.nx_class == "NXdata":
            return
        if "default" not in child.attrs:
            if _holds_nxdata(child):
                return  # the NeXus rules: without @default, plot any NXdata group found here
            yield issue(
                Code.BAD_DEFAULT,
                f"{node.path}@default",
                f"the @default chain ends at {child.path} ({child.nx_class}), not NXdata",
                "NXroot@default",
            )
            return
        node = child


def _holds_nxdata(group: Node) -> bool:
    """Whether an NXdata group lies anywhere below ``group`` (each group looked at once)."""
    pending, seen = [group], {id(group)}
    while pending:
        for child in pending.pop().children.values():
            if child.is_group and id(child) not in seen:
                if child.nx_class == "NXdata":
                    return True
                seen.add(id(child))
                pending.append(child)
    return False
