"""Reports to text (compiler-like lines), the JSON contract, JUnit XML and HTML."""

from __future__ import annotations

import html as html_lib
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from nxviz.validation.issues import Report, Severity

__all__ = ["contract", "to_json_dict", "text", "junit", "html"]


def _version() -> str:
    from nxviz import __version__

    return __version__


def contract(reports: Sequence[Report]) -> dict[str, Any]:
    """The JSON contract: ``{"nxviz", "nxdl", "files": [...]}``."""
    versions = [r.nxdl_version for r in reports]
    nxdl = versions[0] if versions else "unknown"
    if len(set(versions)) > 1:
        nxdl = ", ".join(sorted(set(versions)))
    return {"nxviz": _version(), "nxdl": nxdl, "files": [r.file_dict() for r in reports]}


def to_json_dict(report: Report) -> dict[str, Any]:
    """The JSON contract for one file (what ``GET /nxviz/api/validate`` returns)."""
    return contract([report])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def text(reports: Sequence[Report], verbose: bool = False) -> str:
    """``file:/path: error[code]: message`` lines, then one summary line per file."""
    lines: list[str] = []
    for report in reports:
        for found in report.issues:
            if found.severity is Severity.INFO and not verbose:
                continue
            where = f" [{found.nxdl}]" if found.nxdl and verbose else ""
            lines.append(
                f"{report.file}:{found.path}: {found.severity.value}[{found.code.value}]: "
                f"{found.message}{where}"
            )
        counts = report.counts()
        definitions = ", ".join(
            f"{e.path}: {e.definition or 'base classes'}" for e in report.entries
        )
        lines.append(
            f"{report.file}: {_plural(counts['error'], 'error')}, "
            f"{_plural(counts['warning'], 'warning')} (NXDL {report.nxdl_version}"
            f"{'; ' + definitions if definitions else ''})"
        )
    return "\n".join(lines)


def junit(reports: Sequence[Report]) -> str:
    """One test suite per file, one failing test case per error finding (a passing one for a
    file without errors); warnings go to the suite's system-out."""
    suites = ET.Element("testsuites", name="nxviz validate")
    for report in reports:
        errors = [i for i in report.issues if i.severity is Severity.ERROR]
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=report.file,
            tests=str(max(len(errors), 1)),
            failures=str(len(errors)),
            errors="0",
        )
        for found in errors:
            case = ET.SubElement(suite, "testcase", classname=report.file, name=found.path)
            failure = ET.SubElement(case, "failure", message=found.message, type=found.code.value)
            failure.text = f"{found.path}: {found.message} ({found.nxdl})"
        if not errors:
            ET.SubElement(suite, "testcase", classname=report.file, name="valid")
        others = [i for i in report.issues if i.severity is not Severity.ERROR]
        if others:
            out = ET.SubElement(suite, "system-out")
            out.text = "\n".join(
                f"{i.path}: {i.severity.value}[{i.code.value}]: {i.message}" for i in others
            )
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


_COLOURS = {"error": "#c62828", "warning": "#b26a00", "info": "#1565c0"}


_HEADINGS = {"error": "errors", "warning": "warnings", "info": "notes"}
_CELL = "style='text-align:left;vertical-align:top;overflow-wrap:anywhere'"


def html(report: Report) -> str:
    """Self-contained HTML (the notebook representation): the counts, then one table per
    severity, errors first, that fits the cell's width (long paths wrap; NXDL on hover)."""
    e = html_lib.escape
    counts = report.counts()
    head = (
        f"<p><b>{e(report.file)}</b>: {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['info']} info (NXDL {e(report.nxdl_version)})</p>"
    )
    parts = [head]
    for severity, colour in _COLOURS.items():
        issues = [i for i in report.issues if i.severity.value == severity]
        if not issues:
            continue
        rows = "".join(
            f"<tr><td {_CELL} title='{e(i.nxdl)}'><code>{e(i.code.value)}</code></td>"
            f"<td {_CELL}><code>{e(i.path)}</code></td><td {_CELL}>{e(i.message)}</td></tr>"
            for i in issues
        )
        parts.append(
            f"<details open><summary style='color:{colour}'><b>{len(issues)} "
            f"{_HEADINGS[severity]}</b></summary>"
            "<table style='table-layout:fixed;width:100%;max-width:100%'>"
            "<colgroup><col style='width:20%'><col style='width:35%'><col></colgroup>"
            "<thead><tr><th>code</th><th>path</th><th>message</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></details>"
        )
    return "".join(parts)
