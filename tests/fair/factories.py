"""A FAIR-ready NXmx file (the validator's NXmx factory plus every profile member) and the
fixture writing it, with one mutation, into ``tmp_path``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import h5py

from tests.validation.factories import field, group, nxmx

Mutation = Callable[[h5py.File], None]
MakeFile = Callable[..., Path]

ORCID = "0000-0002-1825-0097"  # a valid ORCID iD (check digit 7)
UUID = "4f0d3c52-8a43-4b8e-9a7b-5c1e2d3f4a6b"


def ready(f: h5py.File) -> None:
    """NXmx with everything the profile asks for: scores 100 %."""
    nxmx(f)
    entry = f["entry"]
    field(entry, "title", "Lysozyme, 100 K, 0.1 deg per frame")
    field(entry, "end_time", "2024-05-01T10:05:00+02:00")
    field(entry, "experiment_identifier", "MX-20240123")
    field(entry, "entry_identifier_uuid", UUID)
    entry["definition"].attrs["version"] = "v2026.01"
    field(entry, "program_name", "GDA", version="9.33")
    user = group(entry, "user", "NXuser")
    field(user, "name", "Ada Lovelace")
    field(user, "affiliation", "Example Light Source")
    field(user, "ORCID", ORCID)
    field(user, "role", "principal_investigator")
    field(user, "email", "ada@example.org")
    field(entry["sample"], "chemical_formula", "C613H959N193O185S10")
    source = group(entry["instrument"], "source", "NXsource")
    field(source, "name", "Example Light Source")
    field(source, "type", "Synchrotron X-ray Source")
    field(source, "probe", "x-ray")


def make_factory(tmp_path: Path) -> MakeFile:
    counter = iter(range(1_000_000))

    def make(mutate: Mutation | None = None, name: str | None = None) -> Path:
        path = tmp_path / (name or f"fair_{next(counter)}.nxs")
        with h5py.File(path, "w") as f:
            ready(f)
            if mutate is not None:
                mutate(f)
        return path

    return make
