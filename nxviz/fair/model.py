"""What a FAIR-readiness check finds: the closed :class:`FairCode` enum, the table of
:data:`CHECKS` (each mapped to the FAIR principles it serves), findings and the per-file
:class:`FairReport` with its score. Pure data, JSON-serialisable."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

__all__ = [
    "FairCode",
    "Check",
    "CHECKS",
    "CHECK_BY_ID",
    "EXTRA_CHECK",
    "checks_of",
    "Finding",
    "CheckResult",
    "Technique",
    "EntryResult",
    "FairReport",
    "PRINCIPLES",
]


class FairCode(enum.Enum):
    """Every kind of FAIR finding. Values are the stable JSON codes."""

    MISSING = "fair_missing"  # a required member of the profile is absent
    MISSING_RECOMMENDED = "fair_missing_recommended"
    PLACEHOLDER = "fair_placeholder"
    NO_IDENTIFIER = "fair_no_identifier"
    UUID_MALFORMED = "fair_uuid_malformed"
    DOI_MALFORMED = "fair_doi_malformed"
    ORCID_FORMAT = "fair_orcid_format"
    ORCID_CHECKSUM = "fair_orcid_checksum"
    TIME_UNPARSEABLE = "fair_time_unparseable"
    TIME_NO_ZONE = "fair_time_no_zone"
    END_BEFORE_START = "fair_end_before_start"
    NO_TECHNIQUE = "fair_no_technique"
    UNKNOWN_TECHNIQUE = "fair_unknown_technique"
    NOT_VALID = "fair_not_valid"
    NO_DEFAULT_PLOT = "fair_no_default_plot"
    NO_ENTRY = "fair_no_entry"


#: The FAIR principles the checks serve, with the short wording a report shows.
PRINCIPLES: dict[str, str] = {
    "F1": "globally unique, persistent identifier",
    "F2": "rich metadata",
    "F3": "metadata include the data's identifier",
    "I2": "FAIR vocabularies",
    "I3": "qualified references",
    "R1": "plurality of relevant attributes",
    "R1.2": "detailed provenance",
    "R1.3": "domain-relevant community standard",
}


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    principles: tuple[str, ...]
    required: bool

    @property
    def weight(self) -> int:
        """A required check counts twice a recommended one in the score."""
        return 2 if self.required else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "principles": list(self.principles),
            "requirement": "required" if self.required else "recommended",
        }


def _c(id: str, title: str, principles: str, required: bool = True) -> Check:
    return Check(id, title, tuple(principles.split()), required)


#: Every check, in report order; required and recommended as the profile NXDL states them.
CHECKS: tuple[Check, ...] = (
    _c("identifier", "entry identifier (UUID or DOI), well formed", "F1 F3"),
    _c("title", "title", "F2"),
    _c("proposal", "proposal (experiment_identifier)", "F2 R1.2"),
    _c("sample", "sample name", "F2"),
    _c("chemical_formula", "sample chemical formula", "F2", required=False),
    _c("instrument", "instrument name", "F2"),
    _c("source", "source name, type and probe", "F2", required=False),
    _c("times", "start and end time, zoned ISO 8601, end after start", "R1.2"),
    _c("users", "a user with name and affiliation", "R1.2"),
    _c("orcid", "users' ORCID iDs, valid", "I3 R1.2"),
    _c("program", "program name and version", "R1.2", required=False),
    _c("definition", "application definition and its version", "R1.3"),
    _c("valid", "valid against its application definition", "R1.3"),
    _c("technique", "technique as a PaNET term", "I2"),
    _c("default_plot", "a default plot (thumbnail)", "R1", required=False),
)
#: Counted only for a profile that states members outside the standard checks (a facility's
#: extended copy): their presence.
EXTRA_CHECK = _c("profile", "further members this profile requires", "F2")
CHECK_BY_ID: dict[str, Check] = {c.id: c for c in (*CHECKS, EXTRA_CHECK)}


def checks_of(extended: bool) -> tuple[Check, ...]:
    """The checks a report counts: the standard ones, and the extra one for an extended profile."""
    return (*CHECKS, EXTRA_CHECK) if extended else CHECKS


@dataclass(frozen=True, order=True)
class Finding:
    """One thing to fix: ``path`` is where the missing or bad item belongs (``/a/b@attr`` for an
    attribute); ``anchor`` the deepest part of that path the file has (where to look)."""

    check: str
    path: str
    code: FairCode
    message: str
    anchor: str = "/"

    @property
    def required(self) -> bool:
        return CHECK_BY_ID[self.check].required

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "code": self.code.value,
            "severity": "error" if self.required else "warning",
            "path": self.path,
            "anchor": self.anchor,
            "message": self.message,
        }


@dataclass(frozen=True)
class CheckResult:
    check: Check
    passed: bool

    def to_dict(self) -> dict[str, Any]:
        return {**self.check.to_dict(), "passed": self.passed}


@dataclass(frozen=True)
class Technique:
    id: str
    label: str
    source: str  # "definition" or "note"

    @property
    def iri(self) -> str:
        from nxviz.fair.panet import IRI_BASE

        return IRI_BASE + self.id

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "label": self.label, "iri": self.iri, "source": self.source}


@dataclass(frozen=True)
class EntryResult:
    path: str
    definition: str | None
    technique: Technique | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "definition": self.definition,
            "technique": self.technique.to_dict() if self.technique else None,
        }


@dataclass(frozen=True)
class FairReport:
    """The FAIR readiness of one file: every check passed or not (a check passes when no entry
    has a finding for it), the findings sorted by path, and the weighted score."""

    file: str
    profile: str
    entries: tuple[EntryResult, ...]
    results: tuple[CheckResult, ...]
    findings: tuple[Finding, ...]

    @classmethod
    def build(
        cls,
        file: str,
        profile: str,
        entries: list[EntryResult],
        findings: list[Finding],
        extended: bool = False,
    ) -> FairReport:
        unique = sorted(set(findings), key=lambda f: (f.path, f.check, f.code.value, f.message))
        failed = {f.check for f in unique}
        # without an entry there is nothing a catalogue could take: every check fails
        results = tuple(
            CheckResult(c, bool(entries) and c.id not in failed) for c in checks_of(extended)
        )
        return cls(file, profile, tuple(entries), results, tuple(unique))

    @property
    def score(self) -> float:
        """The weighted share of checks passed, in percent (one decimal)."""
        total = sum(r.check.weight for r in self.results)
        passed = sum(r.check.weight for r in self.results if r.passed)
        return round(100.0 * passed / total, 1) if total else 0.0

    @property
    def ready(self) -> bool:
        """True when every required check passes."""
        return all(r.passed for r in self.results if r.check.required)

    def principle_scores(self) -> dict[str, float]:
        """Per FAIR principle, the share (percent) of its checks this file passes."""
        scores: dict[str, float] = {}
        for principle in PRINCIPLES:
            mine = [r for r in self.results if principle in r.check.principles]
            if mine:
                scores[principle] = round(100.0 * sum(r.passed for r in mine) / len(mine), 1)
        return scores

    def to_dict(self) -> dict[str, Any]:
        """This file's part of the JSON report."""
        return {
            "file": self.file,
            "profile": self.profile,
            "score": self.score,
            "ready": self.ready,
            "entries": [e.to_dict() for e in self.entries],
            "checks": [r.to_dict() for r in self.results],
            "principles": self.principle_scores(),
            "findings": [f.to_dict() for f in self.findings],
        }

    def _repr_html_(self) -> str:
        from nxviz.fair.html import summary

        return summary(self)
