"""Checks of single values that NXDL cannot state: ORCID iDs (format and ISO 7064 mod 11-2
check character), zoned ISO 8601 date-times, UUIDs, DOIs, placeholder identifiers and PaNET
term identifiers. Pure functions: a value in, ``None`` (good) or the reason it is not out."""

from __future__ import annotations

import re
from datetime import datetime

__all__ = [
    "orcid_problem",
    "orcid_check_character",
    "parse_time",
    "time_problem",
    "is_placeholder",
    "uuid_problem",
    "doi_problem",
    "looks_like_doi",
    "panet_id",
]

_ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
_UUID = re.compile(
    r"^(?:urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE
)
_DOI = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_PANET = re.compile(r"^(?:http://purl\.org/pan-science/PaNET/|PaNET:)?(PaNET\d{5,7})$")

#: Values writers leave where an identifier should be (compared lower-case, trimmed).
PLACEHOLDERS = frozenset(
    {
        "",
        "n/a",
        "na",
        "none",
        "null",
        "nil",
        "nan",
        "unknown",
        "undefined",
        "test",
        "tbd",
        "todo",
        "dummy",
        "default",
        "placeholder",
        "not set",
        "notset",
        "string",
        "proposal",
        "sample",
        "user",
    }
)
_REPEATED = re.compile(r"^(x+|0+|-+|\?+|\.+|_+|9+)$", re.IGNORECASE)


def orcid_check_character(digits: str) -> str:
    """The ISO 7064 mod 11-2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def orcid_problem(value: str) -> tuple[str, str] | None:
    """``("format", why)`` or ``("checksum", why)`` for a bad ORCID iD, None for a good one."""
    match = _ORCID.match(value.strip())
    if match is None:
        return "format", f"{value!r} is not an ORCID iD (0000-0000-0000-000X)"
    digits = match.group(1).replace("-", "")
    expected = orcid_check_character(digits[:15])
    if digits[15] != expected:
        return "checksum", f"{value!r}: check character {digits[15]} should be {expected}"
    return None


def parse_time(value: str) -> datetime | None:
    """An ISO 8601 date-time (a final ``Z`` read as UTC), or None when it does not parse."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def time_problem(value: str) -> tuple[str, str] | None:
    """``("unparseable", why)`` or ``("no_zone", why)``, None for a zoned ISO 8601 time."""
    parsed = parse_time(value)
    if parsed is None:
        return "unparseable", f"{value!r} is not an ISO 8601 date-time"
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return "no_zone", f"{value!r} has no time zone (e.g. +02:00 or Z)"
    return None


def is_placeholder(value: str) -> bool:
    """True for an empty value or one a writer leaves unset ("N/A", "test", "xxxx", ...)."""
    text = value.strip().lower()
    return text in PLACEHOLDERS or _REPEATED.match(text) is not None


def uuid_problem(value: str) -> str | None:
    """Why ``value`` is not a UUID (8-4-4-4-12 hex digits, ``urn:uuid:`` allowed) or None."""
    text = value.strip()
    if _UUID.match(text) is None:
        return f"{value!r} is not a UUID (8-4-4-4-12 hexadecimal digits)"
    if set(text.lower().removeprefix("urn:uuid:")) <= {"0", "-"}:
        return f"{value!r} is the nil UUID, a placeholder"
    return None


def looks_like_doi(value: str) -> bool:
    text = value.strip().lower()
    return text.startswith(("10.", "doi:")) or "doi.org/" in text


def doi_problem(value: str) -> str | None:
    """Why ``value`` is not a DOI (``10.PREFIX/SUFFIX``, ``doi:`` or a doi.org address)."""
    if _DOI.match(value.strip()) is None:
        return f"{value!r} is not a well-formed DOI (10.NNNN/suffix)"
    return None


def panet_id(value: str) -> str | None:
    """The PaNET term identifier (``PaNET01188``) a value names, or None."""
    match = _PANET.match(value.strip())
    return match.group(1) if match else None
