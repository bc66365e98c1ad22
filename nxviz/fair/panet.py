"""The PaNET terms nxviz reports techniques with (``panet_terms.csv``, CC BY 4.0, attributed in
this folder's README): identifier to label, and NeXus application definition to term."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Term", "IRI_BASE", "terms", "term", "for_definition"]

IRI_BASE = "http://purl.org/pan-science/PaNET/"
_TABLE = Path(__file__).with_name("panet_terms.csv")


@dataclass(frozen=True)
class Term:
    id: str
    label: str

    @property
    def iri(self) -> str:
        return IRI_BASE + self.id


@functools.lru_cache(maxsize=1)
def _load() -> tuple[dict[str, Term], dict[str, Term]]:
    by_id: dict[str, Term] = {}
    by_definition: dict[str, Term] = {}
    with _TABLE.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            found = Term(row["id"], row["label"])
            by_id[found.id] = found
            for name in row["definitions"].split():
                by_definition[name] = found
    return by_id, by_definition


def terms() -> dict[str, Term]:
    """Every term in the table, by identifier."""
    return dict(_load()[0])


def term(identifier: str) -> Term | None:
    """The term ``PaNET01188``, None when the table does not hold it."""
    return _load()[0].get(identifier)


def for_definition(name: str) -> Term | None:
    """The technique an application definition implies (``NXmx`` -> MX), None for none."""
    return _load()[1].get(name)
