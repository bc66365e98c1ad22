"""``xas_spectrum.nxs``: an NXxas transmission scan across the Cu K edge.

The energy axis is in keV; ``incoming_beam`` (I0), ``absorbed_beam`` (It) and the monitor
are counts, and ``/entry/data`` plots ``mu = ln(I0 / It)`` against energy with long names.
"""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
from numpy.typing import NDArray

from nxviz.demo._nexus import entry, field, group, nxdata, root_attributes

NAME = "xas_spectrum.nxs"
EDGE = 8.979  # keV, Cu K
SEED = 8979


def energy() -> NDArray[np.float64]:
    """Coarse pre-edge, fine XANES, then EXAFS points: 8.8–9.6 keV."""
    return np.concatenate(
        [
            np.linspace(8.80, 8.96, 32, endpoint=False),
            np.linspace(8.96, 9.03, 140, endpoint=False),
            np.linspace(9.03, 9.60, 286),
        ]
    )


def absorption(e: NDArray[np.float64]) -> NDArray[np.float64]:
    """A Cu-foil-like μ(E)·t: edge step, white line and damped EXAFS wiggles."""
    step = 0.5 + np.arctan((e - EDGE) / 0.0015) / np.pi
    white = 0.35 * np.exp(-0.5 * ((e - EDGE - 0.012) / 0.004) ** 2)
    k = np.sqrt(np.clip(e - EDGE, 0.0, None) * 262.47)  # Å⁻¹: k² = 0.2625 eV⁻¹Å⁻² · (E − E0) in eV
    exafs = 0.12 * np.sin(2 * 2.55 * k + 0.6) * np.exp(-2 * 0.006 * k**2) / np.maximum(k, 1.0)
    pre = 0.3 - 0.05 * (e - 8.8)
    return pre + 1.6 * step * (1.0 + exafs * step) + white


def write(directory: Path) -> list[Path]:
    path = directory / NAME
    rng = np.random.default_rng(SEED)
    e = energy()
    monitor = rng.poisson(2.0e6, e.size).astype(np.float64)
    i0 = rng.poisson(0.52 * monitor).astype(np.float64)
    it = rng.poisson(i0 * np.exp(-absorption(e))).astype(np.float64)
    mu = np.log(i0 / it)
    with h5py.File(path, "w") as file:
        root_attributes(file, NAME)
        top = entry(file, "NXxas", "Cu foil, Cu K edge, transmission", "data")
        instrument = group(top, "instrument", "NXinstrument")
        source = group(instrument, "source", "NXsource")
        field(source, "name", "nxviz demo synchrotron")
        field(source, "type", "Synchrotron X-ray Source")
        field(source, "probe", "x-ray")
        mono = group(instrument, "monochromator", "NXmonochromator")
        field(mono, "energy", e, units="keV", long_name="Energy (keV)")
        incoming = group(instrument, "incoming_beam", "NXdetector")
        field(incoming, "data", i0, units="counts", long_name="I0 (counts)")
        absorbed = group(instrument, "absorbed_beam", "NXdetector")
        field(absorbed, "data", it, units="counts", long_name="It (counts)")
        sample = group(top, "sample", "NXsample")
        field(sample, "name", "Cu foil, 7 µm")
        monitor_group = group(top, "monitor", "NXmonitor")
        field(monitor_group, "mode", "monitor")
        field(monitor_group, "preset", 2.0e6)
        field(monitor_group, "data", monitor, units="counts", long_name="Monitor (counts)")
        plot = nxdata(top, "data", "mu", ["energy"], auxiliary=["absorbed_beam"])
        plot.attrs["title"] = "Cu K edge"
        plot["energy"] = mono["energy"]
        plot["absorbed_beam"] = absorbed["data"]
        field(plot, "mu", mu, long_name="μ·t = ln(I0/It)")
        field(plot, "mode", "Transmission")
    return [path]
