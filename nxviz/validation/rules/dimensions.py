"""Rule 7, ranks and dimensions: the rank, every fixed dimension, and symbols bound
consistently within their scope (the entry for an application definition's symbols, the group
for a base class's)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np

from nxviz.definitions.errata import contradiction
from nxviz.definitions.model import AttributeSpec, Dimensions, FieldSpec
from nxviz.validation.context import Binding, Context
from nxviz.validation.issues import Code, Issue, issue
from nxviz.validation.walk import Node


def _shape_for(shape: tuple[int, ...], rank: int | None) -> tuple[int, ...]:
    """A scalar stored as shape (1,) and a one-element vector stored as () are the same."""
    if rank == 0 and shape == (1,):
        return ()
    if rank == 1 and shape == ():
        return (1,)
    return shape


def _bind(
    ctx: Context, spec: FieldSpec, node: Node, symbol: str, size: int, where: str
) -> Iterator[Issue]:
    """Record one field's evidence for a symbol; conflicts are judged by :func:`resolve`."""
    parent = node.path.rsplit("/", 1)[0] or "/"
    key = (spec.origin, ctx.scope(spec.origin, parent), symbol)
    erratum = contradiction(spec.nxdl_path, symbol)
    evidence = Binding(size, node.path, where, spec.nxdl_path, erratum, spec.axis)
    ctx.symbols.setdefault(key, []).append(evidence)
    return iter(())


def resolve(symbols: dict[tuple[str, str, str], list[Binding]]) -> Iterator[Issue]:
    """Each symbol takes the value most of its fields agree on (the first seen among equals);
    the fields that differ are the defects, not the ones that agree."""
    for (_, _, symbol), evidence in symbols.items():
        voters = [b for b in evidence if b.erratum is None] or evidence
        votes = Counter(b.value for b in voters)
        most = max(votes.values())
        # among equal votes the value of a field that is no axis wins (an axis may be longer)
        tied = [b for b in voters if votes[b.value] == most]
        value = next((b.value for b in tied if not b.edges), tied[0].value)
        agree = next(b for b in voters if b.value == value)
        for odd in (b for b in evidence if b.value != value):
            others = votes[value]
            message = (
                f"{odd.where} is {odd.value} but symbol {symbol} is {value} at {agree.path}"
                + (f" and {others - 1} other field(s)" if others > 1 else "")
            )
            if odd.edges and odd.value == value + 1 and odd.erratum is None:
                message = (
                    f"{message}; the NXDL gives this axis the data's symbol, while NXdata "
                    "allows an axis one value more than the data (histogram bin edges)"
                )
                yield issue(Code.NXDL_CONTRADICTION, odd.path, message, odd.nxdl)
            elif odd.erratum is not None:
                message = f"{message}; {odd.erratum}"
                yield issue(Code.NXDL_CONTRADICTION, odd.path, message, odd.nxdl)
            else:
                yield issue(Code.INCONSISTENT_SYMBOL, odd.path, message, odd.nxdl)


def _broadcast(shape: tuple[int, ...], dims: Dimensions) -> bool:
    """A single value stands for a constant array when no fixed size says otherwise."""
    single = all(n == 1 for n in shape)
    return single and all(d.size in (None, 1) for d in dims.dims)


def check(ctx: Context, node: Node, spec: FieldSpec) -> Iterator[Issue]:
    dims: Dimensions | None = spec.dimensions
    if dims is None or dims.advisory or node.shape is None:
        return  # a base class's dimensions are illustrative, not a rule
    rank = dims.fixed_rank
    if _broadcast(node.shape, dims):
        return
    shape = _shape_for(node.shape, rank)
    optional = sum(1 for d in dims.dims if not d.required)
    if rank is not None and not (rank - optional <= len(shape) <= rank):
        yield issue(
            Code.WRONG_RANK,
            node.path,
            f"rank {len(shape)} (shape {node.shape}) where rank {rank} is expected",
            spec.nxdl_path,
        )
        return
    if rank is None and dims.rank is not None and dims.rank.isidentifier():
        yield from _bind(ctx, spec, node, dims.rank, len(shape), "the rank")
    for dim in dims.dims:
        if not 1 <= dim.index <= len(shape):
            continue
        actual = shape[dim.index - 1]
        if dim.size is not None and actual != dim.size:
            yield issue(
                Code.WRONG_DIMENSION,
                node.path,
                f"dimension {dim.index} is {actual} where {dim.size} is expected",
                spec.nxdl_path,
            )
        elif dim.symbol is not None:
            yield from _bind(ctx, spec, node, dim.symbol, actual, f"dimension {dim.index}")


def attribute(path: str, value: Any, spec: AttributeSpec) -> Iterator[Issue]:
    """An attribute's fixed dimensions (NXtransformations' ``@vector`` and ``@offset`` hold 3
    numbers). Unlike a field's, a base class's attribute dimensions are exact sizes."""
    dims = spec.dimensions
    if dims is None or isinstance(value, str) or not dims.dims:
        return
    sizes = [d.size for d in dims.dims]
    if any(size is None for size in sizes):
        return
    shape = tuple(np.shape(value))
    expected = tuple(int(size) for size in sizes if size is not None)
    if shape == expected or (shape == () and expected == (1,)):
        return
    count = int(np.prod(shape)) if shape else 1
    wanted = " x ".join(str(n) for n in expected)
    yield issue(
        Code.WRONG_DIMENSION,
        path,
        f"{count} element(s) (shape {shape}) where {wanted} are expected",
        spec.nxdl_path,
    )
