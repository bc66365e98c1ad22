"""What a benchmark ran on, printed beside its figures so two runs can be compared, and how
figures are summarised (the median of at least 5 runs, with their spread)."""

from __future__ import annotations

import os
import platform
import statistics
from pathlib import Path

import h5py
import numpy as np

from nxviz.hdf5 import bands, fastread

MIN_REPEAT = 5


def _cpu() -> tuple[str, bool]:
    model, avx2 = platform.processor() or platform.machine(), False
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return model, avx2
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "model name":
            model = value.strip()
        elif key.strip() == "flags":
            avx2 = "avx2" in value.split()
            break
    return model, avx2


def describe() -> str:
    """One paragraph: CPU model, cores, AVX2, load, the decoder build and the band threads."""
    model, avx2 = _cpu()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"machine: {model}; {os.cpu_count()} cores ({bands.usable_cores()} usable), "
        f"AVX2 {'yes' if avx2 else 'no'}; load average {load} (shared machines skew figures)\n"
        f"decoder: {fastread.build()}; {bands.threads()} band threads a request; "
        f"numpy {np.__version__}, h5py {h5py.__version__} (HDF5 {h5py.version.hdf5_version})"
    )


def summary(times_ms: list[float]) -> str:
    """``median 12.3 ms (8.1–15.0, n=7)``: the median, the fastest and slowest, the count."""
    median = statistics.median(times_ms)
    return f"median {median:8.1f} ms ({min(times_ms):.1f}–{max(times_ms):.1f}, n={len(times_ms)})"
