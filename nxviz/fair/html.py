"""FAIR reports as self-contained HTML: :func:`summary` for one file (the notebook's view of
``nxviz.fair(path)``) and :func:`page` for a batch (the ``--html`` report a data manager shows:
pass rates per check as a bar chart, the score distribution, the worst files, each finding with
its HDF5 path). Inline SVG and CSS only: no script, no CDN."""

from __future__ import annotations

import html as html_lib
from collections.abc import Sequence

from nxviz.fair.model import CHECK_BY_ID, FairReport
from nxviz.fair.render import summary as batch_summary

__all__ = ["summary", "page", "bar_chart", "histogram"]

_e = html_lib.escape
_GOOD, _BAD, _WARN = "#2e7d32", "#c62828", "#b26a00"


def _colour(score: float) -> str:
    return _GOOD if score >= 100 else _WARN if score >= 60 else _BAD


def _findings_table(report: FairReport, link: bool = False) -> str:
    if not report.findings:
        return "<p>Nothing to add: every check passes.</p>"
    rows = []
    for found in report.findings:
        colour = _BAD if found.required else _WARN
        path = _e(found.path)
        key = _e(f"{report.file}:{found.path}")
        where = f"<a href='#{key}'>{path}</a>" if link else path
        row_id = f" id='{key}'" if link else ""
        need = "required" if found.required else "recommended"
        rows.append(
            f"<tr{row_id}><td style='color:{colour}'>{need}</td><td>{_e(found.check)}</td>"
            f"<td><code>{where}</code></td><td>{_e(found.message)}</td></tr>"
        )
    return (
        "<table class='nxviz-fair'><thead><tr><th>need</th><th>check</th><th>where (HDF5 path)"
        f"</th><th>what to add or fix</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _techniques(report: FairReport) -> str:
    parts = []
    for entry in report.entries:
        found = entry.technique
        what = (
            f"<a href='{_e(found.iri)}'>{_e(found.id)}</a> {_e(found.label)}"
            if found
            else "no PaNET technique"
        )
        parts.append(f"<code>{_e(entry.path)}</code> {_e(entry.definition or '-')}: {what}")
    return "; ".join(parts)


def summary(report: FairReport) -> str:
    """One file: score, readiness, techniques, checks passed and what to add where."""
    checks = "".join(
        f"<li style='color:{_GOOD if r.passed else (_BAD if r.check.required else _WARN)}'>"
        f"{'&#10003;' if r.passed else '&#10007;'} {_e(r.check.title)} "
        f"<small>({_e(' '.join(r.check.principles))})</small></li>"
        for r in report.results
    )
    state = "FAIR-ready" if report.ready else "not FAIR-ready"
    return (
        f"<div class='nxviz-fair'><p><b>{_e(report.file)}</b>: FAIR score "
        f"<b style='color:{_colour(report.score)}'>{report.score:g}&#8201;%</b>, {state} "
        f"(profile {_e(report.profile)})</p><p>{_techniques(report)}</p>"
        f"<ul style='columns:2'>{checks}</ul>{_findings_table(report)}</div>"
    )


def bar_chart(rates: dict[str, float], width: int = 860) -> str:
    """Horizontal bars, one per check, its pass rate in percent."""
    row, label = 22, 360
    bars = []
    for index, (name, rate) in enumerate(rates.items()):
        y = index * row
        length = (width - label - 50) * rate / 100
        bars.append(
            f"<text x='{label - 6}' y='{y + 15}' text-anchor='end'>{_e(name)}</text>"
            f"<rect x='{label}' y='{y + 3}' width='{length:.1f}' height='{row - 6}' "
            f"fill='{_colour(rate)}'><title>{_e(name)}: {rate:g} %</title></rect>"
            f"<text x='{label + length + 4:.1f}' y='{y + 15}'>{rate:g} %</text>"
        )
    height = row * len(rates)
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"font-family='sans-serif' font-size='12' role='img' aria-label='pass rate per check'>"
        f"{''.join(bars)}</svg>"
    )


def histogram(bins: list[int], width: int = 560, height: int = 160) -> str:
    """The score distribution: files per tenth of the score range."""
    top = max(bins) or 1
    step = width / len(bins)
    bars = []
    for index, count in enumerate(bins):
        h = (height - 30) * count / top
        x = index * step
        bars.append(
            f"<rect x='{x + 2:.1f}' y='{height - 18 - h:.1f}' width='{step - 4:.1f}' "
            f"height='{h:.1f}' fill='{_colour(index * 10 + 10 if index == 9 else index * 10)}'>"
            f"<title>{index * 10}-{index * 10 + 10} %: {count} files</title></rect>"
            f"<text x='{x + step / 2:.1f}' y='{height - 4}' text-anchor='middle'>"
            f"{index * 10}&#8211;{index * 10 + 10}</text>"
            f"<text x='{x + step / 2:.1f}' y='{height - 22 - h:.1f}' "
            f"text-anchor='middle'>{count or ''}</text>"
        )
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"font-family='sans-serif' font-size='11' role='img' aria-label='score distribution'>"
        f"{''.join(bars)}</svg>"
    )


_STYLE = (
    "body{font-family:sans-serif;margin:2em;max-width:70em}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
    "text-align:left;vertical-align:top}h2{margin-top:1.5em}"
)


def page(reports: Sequence[FairReport], unreadable: int = 0) -> str:
    """The batch report as one HTML document."""
    data = batch_summary(reports, unreadable)
    rates = {CHECK_BY_ID[k].title: v for k, v in data["checks"].items()}
    worst = "".join(
        f"<tr><td><a href='#{_e(w['file'])}'>{_e(w['file'])}</a></td>"
        f"<td style='color:{_colour(w['score'])}'>{w['score']:g} %</td></tr>"
        for w in data["worst"]
    )
    files = "".join(
        f"<h3 id='{_e(r.file)}'>{_e(r.file)}: {r.score:g} %</h3>"
        f"<p>{_techniques(r)}</p>{_findings_table(r, link=True)}"
        for r in sorted(reports, key=lambda r: (r.score, r.file))
    )
    principles = "".join(
        f"<tr><td>{_e(p)}</td><td>{s:g} %</td></tr>" for p, s in data["principles"].items()
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>FAIR readiness</title><style>{_STYLE}</style></head><body>"
        f"<h1>FAIR readiness</h1><p>{data['files']} files checked, {data['ready']} FAIR-ready, "
        f"{unreadable} unreadable; mean score {data['mean_score']:g} %.</p>"
        f"<h2>Pass rate per check</h2>{bar_chart(rates)}"
        f"<h2>Score distribution (files per score range, %)</h2>{histogram(data['distribution'])}"
        f"<h2>Per FAIR principle</h2><table>{principles}</table>"
        f"<h2>Files that fail most</h2><table>{worst}</table>"
        f"<h2>Findings by file</h2>{files}</body></html>"
    )
