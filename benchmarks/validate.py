"""Benchmark: ``nxviz validate`` against nexusformat's ``nxvalidate``, measured in one run.

Three files are written to a temporary folder: a minimal NXmx file, an NXmx file of about
20,000 objects (every one governed by NXmx: detector modules and their fields), and an NXmx
file whose detector data is a 2 GiB dataset (chunked and never written, so its logical size
is 2 GiB while the file stays small). Each tool runs as its own process, the same way a user
runs it; wall time is the best of ``--repeat`` runs, peak memory the process's own VmHWM.

    python benchmarks/validate.py [--repeat 3] [--modules 4000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import h5py
import numpy as np

GIB = 1 << 30


def _group(parent: h5py.Group, name: str, nx_class: str) -> h5py.Group:
    group = parent.create_group(name)
    group.attrs["NX_class"] = nx_class
    return group


def _field(parent: h5py.Group, name: str, value: object, units: str | None = None) -> None:
    parent[name] = value
    if units:
        parent[name].attrs["units"] = units


def _module(detector: h5py.Group, name: str) -> None:
    module = _group(detector, name, "NXdetector_module")
    _field(module, "data_origin", np.array([0, 0], dtype=np.int32))
    _field(module, "data_size", np.array([256, 256], dtype=np.int32))
    for axis, vector in (("fast", [1.0, 0.0, 0.0]), ("slow", [0.0, 1.0, 0.0])):
        name = f"{axis}_pixel_direction"
        _field(module, name, 0.075, "mm")
        module[name].attrs["transformation_type"] = "translation"
        module[name].attrs["vector"] = np.array(vector)
        module[name].attrs["offset"] = np.zeros(3)
        module[name].attrs["depends_on"] = "/entry/instrument/detector/transformations/det_z"


def write_nxmx(path: Path, modules: int = 1, data_bytes: int = 0) -> int:
    """An NXmx file; ``modules`` detector modules (5 objects each); detector data of
    ``data_bytes`` logical bytes (uint16, chunked per frame, left unwritten). Returns the
    number of HDF5 objects."""
    with h5py.File(path, "w") as f:
        f.attrs["default"] = "entry"
        entry = _group(f, "entry", "NXentry")
        entry.attrs["default"] = "data"
        _field(entry, "definition", "NXmx")
        _field(entry, "start_time", "2024-05-01T10:00:00+02:00")
        _field(entry, "end_time_estimated", "2024-05-01T10:05:00+02:00")
        instrument = _group(entry, "instrument", "NXinstrument")
        _field(instrument, "name", "MX beamline")
        beam = _group(instrument, "beam", "NXbeam")
        _field(beam, "incident_wavelength", 0.98, "angstrom")
        detector = _group(instrument, "detector", "NXdetector")
        frames = max(1, data_bytes // (4096 * 4096 * 2))
        shape = (frames, 4096, 4096) if data_bytes else (1, 16, 16)
        detector.create_dataset(
            "data", shape=shape, dtype=np.uint16, chunks=(1, *shape[1:]), compression="gzip"
        )
        detector["data"].attrs["units"] = "counts"
        _field(detector, "sensor_material", "Si")
        _field(detector, "sensor_thickness", 0.45, "mm")
        _field(detector, "depends_on", "/entry/instrument/detector/transformations/det_z")
        transformations = _group(detector, "transformations", "NXtransformations")
        _field(transformations, "det_z", 120.0, "mm")
        for key, value in (("transformation_type", "translation"), ("depends_on", ".")):
            transformations["det_z"].attrs[key] = value
        transformations["det_z"].attrs["vector"] = np.array([0.0, 0.0, 1.0])
        for index in range(modules):
            _module(detector, f"module_{index:05d}")
        sample = _group(entry, "sample", "NXsample")
        _field(sample, "name", "lysozyme")
        _field(sample, "depends_on", ".")
        source = _group(entry, "source", "NXsource")
        _field(source, "name", "Synchrotron")
        data = _group(entry, "data", "NXdata")
        data.attrs["signal"] = "data"
        data["data"] = detector["data"]
        count = 0

        def visit(_name: str) -> None:
            nonlocal count
            count += 1

        f.visit(visit)
    return count + 1


def write_transformations(path: Path, groups: int = 2000) -> int:
    """The NXmx file of issue 14: ``groups`` NXtransformations groups of nine fields each
    (every field with units, depends_on, vector and offset) under the detector; returns the
    number of HDF5 objects (20,047 for 2,000 groups)."""
    write_nxmx(path)
    with h5py.File(path, "r+") as f:
        detector = f["/entry/instrument/detector"]
        for index in range(groups):
            chain = _group(detector, f"axes_{index:05d}", "NXtransformations")
            for step in range(9):
                name = f"t{step}"
                _field(chain, name, float(step), "mm")
                attrs = chain[name].attrs
                attrs["transformation_type"] = "translation"
                attrs["vector"] = np.array([0.0, 0.0, 1.0])
                attrs["offset"] = np.zeros(3)
                attrs["offset_units"] = "mm"
                attrs["depends_on"] = f"t{step + 1}" if step < 8 else "../transformations/det_z"
        count = 0

        def visit(_name: str) -> None:
            nonlocal count
            count += 1

        f.visit(visit)
    return count + 1


#: Runs a tool's entry point in a fresh interpreter and writes, at exit, the process's own peak
#: resident memory (VmHWM, which a forked child does not inherit from this process) to a file.
_WRAPPER = """
import atexit, importlib, sys
out, module, function = sys.argv[1:4]
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            open(out, "w").write(line.split()[1])
atexit.register(peak)
sys.argv = [module] + sys.argv[4:]
sys.exit(getattr(importlib.import_module(module), function)())
"""

NXVALIDATE = ("nexusformat.scripts.nxvalidate", "main")
NXVIZ = ("nxviz.cli", "main")


def measure(
    tool: tuple[str, str], arguments: Sequence[str], repeat: int, timeout: float
) -> tuple[float, float]:
    """Best wall time (s) of ``repeat`` runs and the largest peak RSS (MiB) among them."""
    best, peak = float("inf"), 0.0
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "peak"
        for _ in range(repeat):
            command = [sys.executable, "-c", _WRAPPER, str(report), *tool, *arguments]
            start = time.perf_counter()
            try:
                subprocess.run(command, capture_output=True, timeout=timeout, check=False)
            except subprocess.TimeoutExpired:
                return float("nan"), float("nan")
            best = min(best, time.perf_counter() - start)
            peak = max(peak, int(report.read_text()) / 1024)
    return best, peak


def in_process(path: Path, repeat: int) -> float:
    """nxviz's own cost, definitions already compiled (what a server request pays)."""
    from nxviz.validation.engine import validate

    validate(path)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        validate(path)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--modules", type=int, default=4000, help="modules of the large file")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per run")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="nxviz-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    cases = [
        ("minimal NXmx", folder / "minimal.nxs", {}),
        ("many-object NXmx", folder / "objects.nxs", {"modules": args.modules}),
        ("2 GiB-dataset NXmx", folder / "big.nxs", {"data_bytes": 2 * GIB}),
    ]
    header = (
        f"{'file':<20} {'objects':>8} {'size':>9} | {'nxvalidate s':>12} {'MiB':>6} | "
        f"{'nxviz s':>8} {'MiB':>6} {'in-proc s':>9} | {'speed-up':>8}"
    )
    print(header)
    print("-" * len(header))
    try:
        for label, path, options in cases:
            objects = write_nxmx(path, **options)  # type: ignore[arg-type]
            size = path.stat().st_size / 1024
            base_t, base_m = measure(NXVALIDATE, [str(path)], args.repeat, args.timeout)
            ours = ["validate", str(path), "--format", "json"]
            our_t, our_m = measure(NXVIZ, ours, args.repeat, args.timeout)
            warm = in_process(path, args.repeat)
            print(
                f"{label:<20} {objects:>8} {size:>7.0f}Ki | {base_t:>12.2f} {base_m:>6.0f} | "
                f"{our_t:>8.2f} {our_m:>6.0f} {warm:>9.3f} | {base_t / our_t:>7.1f}x"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print("speed-up = nxvalidate wall time / nxviz wall time, both as separate processes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
