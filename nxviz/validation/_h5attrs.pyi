from collections.abc import Callable
from typing import Any

def init(
    addresses: tuple[int | None, ...],
    types: dict[bytes, Any],
    describe: Callable[[int], Any],
    zeros: Callable[..., Any],
    finish: Callable[[Any, tuple[int, ...], bool, bool], Any],
    /,
) -> None: ...
def attributes(oid: int, /) -> dict[str, Any] | None: ...
def dataset(did: int, value: bool, /) -> tuple[tuple[int, ...], Any, Any] | None: ...
def links(gid: int, /) -> tuple[list[bytes], bytes] | None: ...
def objects(
    gid: int,
    names: list[bytes],
    table: bytes,
    start: int,
    stop: int,
    fileno: int,
    seen: dict[int, Any],
    eager: int,
    /,
) -> list[tuple[Any, ...]]: ...
