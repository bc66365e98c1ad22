"""Rule 10, @default: every @default names an existing child group, and the chain from the root
through the NXentry ends at an NXdata."""

from __future__ import annotations

from collections.abc import Iterator

from nxviz.validation.issues import Code, Issue, issue
from nxviz.validation.walk import Node, Tree


def _target(group: Node) -> tuple[Node | None, str | None]:
    name = group.attrs.get("default")
    if not isinstance(name, str):
        return None, None
    child = group.child(name)
    return (child if child is not None and child.is_group else None), name


def each(group: Node) -> Iterator[Issue]:
    """A group's own @default points at a child group."""
    if not group.is_group or "default" not in group.attrs or group.problem:
        return
    child, name = _target(group)
    if child is None:
        yield issue(
            Code.BAD_DEFAULT,
            f"{group.path}@default",
            f"@default names {name!r}, which is not a group here",
            "NXobject@default",
        )


def chain(tree: Tree) -> Iterator[Issue]:
    """The chain from the root ends at an NXdata (each broken step is found by :func:`each`)."""
    node = tree.root
    seen: set[str] = set()
    while "default" in node.attrs and node.path not in seen:
        seen.add(node.path)
        child, _ = _target(node)
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
