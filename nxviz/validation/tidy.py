"""One defect, one finding: what the rules found, made into what a reader should see.

- Where two rules see the same defect at the same place, the more precise finding stays
  (:data:`SUPERSEDES`): a unit outside the units enumeration is not also of the wrong category,
  a missing required ``@vector`` is not also a bad vector.
- An object reached through several hard links is reported once, at the first path, naming the
  other paths.
- What a file lacks of optional members is listed once per concept (NXDL path).
- At most :data:`PER_CODE` findings of one code are listed; one more finding of that code says
  how many were left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from nxviz.validation.issues import Code, Issue, issue
from nxviz.validation.walk import Tree

#: At most this many findings of one code are listed per file.
PER_CODE = 1000

#: A finding of the key's code makes findings of these codes at the same path redundant.
SUPERSEDES: dict[Code, frozenset[Code]] = {
    Code.NOT_IN_ENUMERATION: frozenset({Code.WRONG_UNITS, Code.BAD_UNITS, Code.WRONG_TYPE}),
    Code.MISSING_REQUIRED: frozenset({Code.BAD_VECTOR}),
    Code.NXDATA_INDICES: frozenset({Code.WRONG_TYPE}),
    Code.BAD_VECTOR: frozenset({Code.WRONG_DIMENSION, Code.WRONG_RANK}),
    Code.NXDL_CONTRADICTION: frozenset({Code.NOT_IN_ENUMERATION, Code.INCONSISTENT_SYMBOL}),
}
#: Findings about a group's class make its "undocumented" finding redundant.
_CLASS_CODES = frozenset({Code.UNKNOWN_NX_CLASS, Code.MISSING_NX_CLASS})


def _superseded(issues: list[Issue]) -> list[Issue]:
    codes_at: dict[str, set[Code]] = {}
    for found in issues:
        codes_at.setdefault(found.path, set()).add(found.code)
        if found.code in _CLASS_CODES:
            codes_at.setdefault(found.path.removesuffix("@NX_class"), set()).add(found.code)
    kept = []
    for found in issues:
        here = codes_at[found.path]
        if any(
            found.code in SUPERSEDES.get(other, ()) for other in here if other is not found.code
        ):
            continue
        if found.code is Code.UNDOCUMENTED and here & _CLASS_CODES:
            continue
        kept.append(found)
    return kept


def _subject(tree: Tree, path: str) -> tuple[int, str] | None:
    """The object a finding is about (its address) and the attribute, if the path exists."""
    where, _, attribute = path.partition("@")
    node = tree.get(where)
    if node is None or not node.identity:
        return None
    return node.identity, attribute


def _aliases(tree: Tree, issues: list[Issue]) -> list[Issue]:
    groups: dict[tuple[object, ...], list[Issue]] = {}
    order: list[tuple[object, ...]] = []
    for found in sorted(issues, key=lambda i: (i.path, i.code.value, i.message)):
        subject = _subject(tree, found.path)
        key: tuple[object, ...] = (
            (found.path, found.code, found.message)
            if subject is None
            else (*subject, found.code, found.message)
        )
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(found)
    merged = []
    for key in order:
        first, *others = groups[key]
        paths = sorted({o.path for o in others} - {first.path})
        if paths:
            also = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
            first = issue(first.code, first.path, f"{first.message} (also at {also})", first.nxdl)
        merged.append(first)
    return merged


def _bounded(issues: list[Issue]) -> list[Issue]:
    counts = Counter(i.code for i in issues)
    if all(n <= PER_CODE for n in counts.values()):
        return issues
    listed: Counter[Code] = Counter()
    kept = []
    for found in sorted(issues, key=lambda i: (i.path, i.code.value, i.message)):
        listed[found.code] += 1
        if listed[found.code] <= PER_CODE:
            kept.append(found)
    for code, count in counts.items():
        if count > PER_CODE:
            left = count - PER_CODE
            message = (
                f"{left:,} more {code.value} findings not listed (at most {PER_CODE:,} a kind)"
            )
            kept.append(issue(code, "/", message))
    return kept


def _optional_once(issues: list[Issue]) -> list[Issue]:
    """What a file lacks of optional members, once per concept (NXDL path): the first group
    that lacks it, with how many others do too."""
    lacking: dict[str, list[Issue]] = {}
    kept: list[Issue] = []
    for found in sorted(issues, key=lambda i: (i.path, i.code.value, i.message)):
        if found.code is Code.MISSING_OPTIONAL and found.nxdl:
            lacking.setdefault(found.nxdl, []).append(found)
        else:
            kept.append(found)
    for first, *others in lacking.values():
        if others:
            message = f"{first.message} (and in {len(others)} other group(s))"
            first = issue(first.code, first.path, message, first.nxdl)
        kept.append(first)
    return kept


def one_per_defect(tree: Tree, issues: Iterable[Issue]) -> list[Issue]:
    """The findings a reader should see (see the module's documentation)."""
    unique = list(dict.fromkeys(issues))
    return _bounded(_optional_once(_aliases(tree, _superseded(unique))))
