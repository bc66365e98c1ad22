"""Rule 8, links: broken soft and external links, and NXDL ``<link>`` members whose object is
not the named target (a hard link to the same object satisfies the target)."""

from __future__ import annotations

from collections.abc import Iterator

from nxviz.definitions.model import LinkSpec
from nxviz.validation.issues import Code, Issue, issue
from nxviz.validation.walk import NOT_FOLLOWED, Kind, Node, Tree


def broken(node: Node) -> Iterator[Issue]:
    if node.kind is not Kind.BROKEN:
        return
    link = node.link
    if link is None:
        yield issue(Code.UNREADABLE, node.path, f"unreadable object: {node.problem}")
    elif link.kind == "external" and node.problem == NOT_FOLLOWED:
        yield issue(
            Code.BROKEN_LINK,
            node.path,
            f"external link to {link.file}:{link.target} leaves the allowed folder; not followed",
        )
    elif link.kind == "external":
        yield issue(
            Code.BROKEN_LINK,
            node.path,
            f"external link to {link.file}:{link.target} cannot be resolved",
        )
    else:
        yield issue(Code.BROKEN_LINK, node.path, f"soft link to {link.target}: no such object")


def _candidates(tree: Tree, target: str) -> list[Node]:
    """Nodes that fit a target like ``/NXentry/NXinstrument/NXdetector/data`` or a path."""
    level = [tree.root]
    for part in (p for p in target.split("/") if p):
        name, _, nx_class = part.rpartition(":") if ":" in part else ("", "", part)
        level = [
            child
            for node in level
            for child in node.children.values()
            if (child.name == part or child.nx_class == nx_class) and name in ("", child.name)
        ]
    return level


def check(tree: Tree, node: Node, spec: LinkSpec) -> Iterator[Issue]:
    if node.kind is Kind.BROKEN or not spec.target:
        return
    candidates = _candidates(tree, spec.target)
    if any(c.identity == node.identity and c.path != node.path for c in candidates):
        return
    where = node.link.target if node.link is not None else str(node.attrs.get("target", node.path))
    yield issue(
        Code.WRONG_LINK_TARGET,
        node.path,
        f"should link to {spec.target}, but is {where}",
        spec.nxdl_path,
    )
