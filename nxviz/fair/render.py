"""FAIR reports to text, the JSON contract, JUnit XML, and the summary of a batch."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from nxviz.fair.model import PRINCIPLES, Check, FairReport, checks_of

__all__ = ["summary", "contract", "text", "junit"]

#: How many of the lowest-scoring files a summary names.
WORST = 10


def _version() -> str:
    from nxviz import __version__

    return __version__


def _checks(reports: Sequence[FairReport]) -> tuple[Check, ...]:
    return checks_of(any(len(r.results) > len(checks_of(False)) for r in reports))


def summary(reports: Sequence[FairReport], unreadable: int = 0) -> dict[str, Any]:
    """Files checked, how many are ready, the mean score, the share passing each check and
    each principle (percent), the score distribution in tenths, the worst files."""
    count = len(reports)

    def share(n: int) -> float:
        return round(100.0 * n / count, 1) if count else 0.0

    passing = {
        c.id: share(
            sum(1 for r in reports for res in r.results if res.check.id == c.id and res.passed)
        )
        for c in _checks(reports)
    }
    principles = {
        p: round(sum(r.principle_scores().get(p, 0.0) for r in reports) / count, 1) if count else 0
        for p in PRINCIPLES
    }
    bins = [0] * 10
    for report in reports:
        bins[min(int(report.score // 10), 9)] += 1
    worst = sorted(reports, key=lambda r: (r.score, r.file))[:WORST]
    return {
        "files": count,
        "unreadable": unreadable,
        "ready": sum(1 for r in reports if r.ready),
        "mean_score": round(sum(r.score for r in reports) / count, 1) if count else 0.0,
        "checks": passing,
        "principles": principles,
        "distribution": bins,
        "worst": [{"file": r.file, "score": r.score} for r in worst],
    }


def contract(reports: Sequence[FairReport], unreadable: int = 0) -> dict[str, Any]:
    """The JSON report: ``{"nxviz", "profile", "checks", "files", "summary"}``."""
    profile = reports[0].profile if reports else ""
    return {
        "nxviz": _version(),
        "profile": profile,
        "checks": [c.to_dict() for c in _checks(reports)],
        "files": [r.to_dict() for r in reports],
        "summary": summary(reports, unreadable),
    }


def _techniques(report: FairReport) -> str:
    named = [
        f"{e.path}: {e.definition or 'no definition'}"
        + (f" -> {e.technique.id} {e.technique.label}" if e.technique else "")
        for e in report.entries
    ]
    return "; ".join(named)


def text(reports: Sequence[FairReport], verbose: bool = False) -> str:
    """A line per finding (``file:/path: error[code] check: message``), then per file its
    score, readiness and techniques; with ``verbose``, every check passed or not."""
    lines: list[str] = []
    for report in reports:
        for found in report.findings:
            severity = "error" if found.required else "warning"
            lines.append(
                f"{report.file}:{found.path}: {severity}[{found.code.value}] "
                f"{found.check}: {found.message}"
            )
        if verbose:
            for result in report.results:
                mark = "pass" if result.passed else "FAIL"
                lines.append(
                    f"  {mark} {result.check.id} ({' '.join(result.check.principles)}, "
                    f"{'required' if result.check.required else 'recommended'})"
                )
        state = "FAIR-ready" if report.ready else "not ready"
        lines.append(f"{report.file}: score {report.score:g} %, {state} ({_techniques(report)})")
    return "\n".join(lines)


def summary_text(reports: Sequence[FairReport], unreadable: int = 0) -> str:
    """The batch summary as a few lines of text."""
    data = summary(reports, unreadable)
    lines = [
        f"{data['files']} files checked ({unreadable} unreadable): {data['ready']} FAIR-ready, "
        f"mean score {data['mean_score']:g} %",
        "passing each check: "
        + ", ".join(f"{check} {share:g} %" for check, share in data["checks"].items()),
    ]
    if data["worst"]:
        lines.append(
            "worst files: " + ", ".join(f"{w['file']} ({w['score']:g} %)" for w in data["worst"])
        )
    return "\n".join(lines)


def junit(reports: Sequence[FairReport]) -> str:
    """One test suite per file, one test case per check; a failed check is a failure whose
    type says whether the check is required or recommended."""
    suites = ET.Element("testsuites", name="nxviz fair")
    for report in reports:
        failed = [r for r in report.results if not r.passed]
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=report.file,
            tests=str(len(report.results)),
            failures=str(len(failed)),
            errors="0",
        )
        for result in report.results:
            case = ET.SubElement(
                suite, "testcase", classname=report.file, name=f"fair.{result.check.id}"
            )
            if result.passed:
                continue
            mine = [f for f in report.findings if f.check == result.check.id]
            failure = ET.SubElement(
                case,
                "failure",
                message=mine[0].message if mine else result.check.title,
                type="required" if result.check.required else "recommended",
            )
            failure.text = "\n".join(f"{f.path}: {f.code.value}: {f.message}" for f in mine)
        out = ET.SubElement(suite, "system-out")
        out.text = f"score {report.score:g} %"
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)
