"""The SciCat record of each NXentry: what an ingestion would create (dataset name, creation
time, owner and principal investigator, proposal, sample, instrument, techniques with their
PaNET identifiers, keywords) and ``scientificMetadata`` holding the entry's scalar fields with
their units. Built from the walked tree, so it costs no second read of the file."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from nxviz.fair import values
from nxviz.fair.checks import text_value
from nxviz.fair.model import EntryResult, FairReport
from nxviz.validation.walk import Node, Tree, iter_nodes

__all__ = ["records", "record", "scientific_metadata"]


def _plain(value: Any) -> Any:
    """A scalar value as JSON-ready Python (numpy scalars unwrapped), None when not scalar."""
    if isinstance(value, np.ndarray):
        if value.size != 1:
            return None
        value = value.ravel()[0]
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        number = float(value)
        return number if np.isfinite(number) else None
    if isinstance(value, (int, float, str)):
        return value
    return None


def scientific_metadata(entry: Node) -> dict[str, dict[str, Any]]:
    """Every scalar field below the entry, keyed by its path relative to the entry:
    ``{"sample/temperature": {"value": 295.0, "unit": "K"}}`` (unit empty when none)."""
    found: dict[str, dict[str, Any]] = {}
    for node in iter_nodes(entry):
        if not node.is_field or node.link is not None and node.link.kind == "external":
            continue
        value = _plain(node.value)
        if value is None:
            continue
        units = node.attrs.get("units")
        key = node.path[len(entry.path) + 1 :]
        found[key] = {"value": value, "unit": units if isinstance(units, str) else ""}
    return found


def _time(node: Node | None) -> str | None:
    value = text_value(node)
    parsed = values.parse_time(value) if value is not None else None
    return parsed.isoformat() if parsed is not None else None


def _first(entry: Node, nx_class: str) -> Node | None:
    return next((c for c in entry.children.values() if c.is_group and c.nx_class == nx_class), None)


def _text(group: Node | None, name: str) -> str:
    if group is None:
        return ""
    return text_value(group.child(name)) or ""


def _people(entry: Node) -> tuple[Node | None, Node | None]:
    """The owner (the first user) and the principal investigator (by role, else the owner)."""
    users = [c for c in entry.children.values() if c.is_group and c.nx_class == "NXuser"]
    owner = users[0] if users else None
    investigator = next(
        (u for u in users if "principal" in _text(u, "role").lower().replace("_", " ")), owner
    )
    return owner, investigator


def record(tree: Tree, info: EntryResult, file: str) -> dict[str, Any]:
    """The SciCat raw-dataset record of one entry (pyscicat's ``RawDataset`` fields)."""
    entry = tree.get(info.path)
    assert entry is not None
    owner, investigator = _people(entry)
    sample = _first(entry, "NXsample")
    instrument = _first(entry, "NXinstrument")
    source = _first(instrument, "NXsource") if instrument is not None else None
    proposal = _text(entry, "experiment_identifier")
    title = _text(entry, "title")
    path = Path(file)
    created = _time(entry.child("start_time"))
    if created is None:  # no usable start time: the file's modification time
        stamp = os.stat(path).st_mtime if path.exists() else 0.0
        created = datetime.fromtimestamp(stamp, timezone.utc).isoformat()
    techniques = (
        [{"pid": info.technique.iri, "name": info.technique.label}] if info.technique else []
    )
    keywords = [
        k
        for k in dict.fromkeys(
            [
                info.definition or "",
                info.technique.label if info.technique else "",
                _text(source, "probe"),
                _text(source, "type"),
            ]
        )
        if k
    ]
    result: dict[str, Any] = {
        "type": "raw",
        "datasetName": title or f"{path.stem}{info.path}",
        "description": _text(entry, "experiment_description") or title,
        "creationTime": created,
        "endTime": _time(entry.child("end_time")),
        "owner": _text(owner, "name") or "unknown",
        "ownerEmail": _text(owner, "email") or None,
        "orcidOfOwner": _text(owner, "ORCID") or None,
        "principalInvestigator": _text(investigator, "name") or "unknown",
        "contactEmail": _text(investigator, "email") or _text(owner, "email"),
        "ownerGroup": proposal,
        "accessGroups": [],
        "proposalId": proposal or None,
        "sampleId": _text(sample, "name") or None,
        "instrumentId": _text(instrument, "name") or None,
        "creationLocation": "/".join(
            p for p in (_text(source, "name"), _text(instrument, "name")) if p
        ),
        "sourceFolder": str(path.resolve().parent),
        "dataFormat": f"NeXus {info.definition}" if info.definition else "NeXus",
        "techniques": techniques,
        "keywords": keywords,
        "scientificMetadata": scientific_metadata(entry),
    }
    return {k: v for k, v in result.items() if v is not None}


def records(tree: Tree, report: FairReport, file: str) -> list[dict[str, Any]]:
    """One record per entry of the report."""
    return [record(tree, info, file) for info in report.entries]
