"""``fair_ready.nxs`` and ``fair_typical.nxs``: the same Cu K-edge NXxas spectrum twice, once
with everything a data catalogue needs (``nxviz fair`` scores it 100 %), once as many beamlines
write files today (a local start time, no users, a placeholder proposal, no identifier)."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

from nxviz.demo import xas
from nxviz.demo._nexus import START_TIME, entry, field, group, nxdata, root_attributes

READY, TYPICAL = "fair_ready.nxs", "fair_typical.nxs"
#: Fixed, so rewrites are identical; a real writer makes a new UUID for each entry.
ENTRY_UUID = "7d3c1f2a-5b6e-4c8d-9e0f-1a2b3c4d5e6f"
ORCID = "0000-0002-1825-0097"  # ORCID's own example iD (a valid check digit)


def _spectrum(file: h5py.File, name: str) -> h5py.Group:
    """The NXxas entry both files share (the XAS demo's spectrum, without noise)."""
    e = xas.energy()
    i0 = np.full(e.size, 1.04e6)
    it = i0 * np.exp(-xas.absorption(e))
    root_attributes(file, name)
    top = entry(file, "NXxas", "Cu foil, Cu K edge, transmission", "data")
    instrument = group(top, "instrument", "NXinstrument")
    mono = group(instrument, "monochromator", "NXmonochromator")
    field(mono, "energy", e, units="keV")
    incoming = group(instrument, "incoming_beam", "NXdetector")
    field(incoming, "data", i0, units="counts")
    absorbed = group(instrument, "absorbed_beam", "NXdetector")
    field(absorbed, "data", it, units="counts")
    sample = group(top, "sample", "NXsample")
    field(sample, "name", "Cu foil, 7 µm")
    monitor = group(top, "monitor", "NXmonitor")
    field(monitor, "mode", "monitor")
    field(monitor, "preset", 2.0e6)
    field(monitor, "data", i0 * 2, units="counts")
    source = group(instrument, "source", "NXsource")
    field(source, "name", "nxviz demo synchrotron")
    field(source, "type", "Synchrotron X-ray Source")
    field(source, "probe", "x-ray")
    plot = nxdata(top, "data", "mu", ["energy"])
    plot["energy"] = mono["energy"]
    plot["absorbed_beam"] = absorbed["data"]
    field(plot, "mu", np.log(i0 / it), long_name="μ·t = ln(I0/It)")
    field(plot, "mode", "Transmission")
    return top


def _ready(path: Path) -> None:
    with h5py.File(path, "w") as file:
        top = _spectrum(file, READY)
        top["definition"].attrs["version"] = "v2026.01"
        field(top, "experiment_identifier", "DEMO-2026-0042")
        field(top, "entry_identifier_uuid", ENTRY_UUID)
        field(top, "program_name", "nxviz demo", version="1.0")
        user = group(top, "user", "NXuser")
        field(user, "name", "Ada Lovelace")
        field(user, "role", "principal_investigator")
        field(user, "affiliation", "nxviz demo synchrotron")
        field(user, "email", "ada@example.org")
        field(user, "ORCID", ORCID)
        field(top["sample"], "chemical_formula", "Cu")
        field(top["instrument"], "name", "XAS beamline")


def _typical(path: Path) -> None:
    with h5py.File(path, "w") as file:
        top = _spectrum(file, TYPICAL)
        del top["start_time"], top["end_time"]  # no end time at all
        field(top, "start_time", START_TIME[:19])  # local time, no zone
        field(top, "experiment_identifier", "test")
        field(top["instrument"], "name", "XAS beamline")


def write(directory: Path) -> list[Path]:
    ready, typical = directory / READY, directory / TYPICAL
    _ready(ready)
    _typical(typical)
    return [ready, typical]
