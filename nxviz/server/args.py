"""Query arguments parsed strictly: a bad value is a UsageError (400), never a 500."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from nxviz.errors import UsageError

#: longer than any path a file system takes (PATH_MAX is 4096 on Linux)
MAX_ARGUMENT = 8192


def check_arguments(arguments: Mapping[str, list[bytes]]) -> None:
    """Refuse (UsageError) a query whose names or values hold a NUL character or are longer
    than :data:`MAX_ARGUMENT`."""
    for name, values in arguments.items():
        if "\x00" in name:
            raise UsageError("a query argument's name contains a NUL character")
        for value in values:
            if b"\x00" in value:
                raise UsageError(f"the '{name[:40]}' argument contains a NUL character")
            if len(value) > MAX_ARGUMENT:
                raise UsageError(f"the '{name[:40]}' argument is longer than {MAX_ARGUMENT}")


def int_arg(raw: str | None, name: str, default: int, *, low: int, high: int) -> int:
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UsageError(f"'{name}' must be an integer, not {raw[:40]!r}") from None
    if not low <= value <= high:
        raise UsageError(f"'{name}' must be between {low} and {high}")
    return value


def choice_arg(raw: str | None, name: str, default: str, choices: Collection[str]) -> str:
    if raw is None or raw == "":
        return default
    if raw not in choices:
        raise UsageError(f"'{name}' must be one of {', '.join(sorted(choices))}")
    return raw


def float_list_arg(raw: str | None, name: str, default: tuple[float, ...]) -> tuple[float, ...]:
    """Comma-separated numbers between 0 and 100 (percentiles)."""
    if raw is None or raw.strip() == "":
        return default
    try:
        values = tuple(float(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise UsageError(f"'{name}' must be comma-separated numbers") from None
    if not values or len(values) > 32 or any(not 0.0 <= v <= 100.0 for v in values):
        raise UsageError(f"'{name}' takes 1 to 32 numbers between 0 and 100")
    return values


def float_arg(raw: str | None, name: str) -> float | None:
    """A finite number, or None when the argument is absent or empty."""
    if raw is None or raw.strip() == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"'{name}' must be a number, not {raw[:40]!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise UsageError(f"'{name}' must be a finite number")
    return value
