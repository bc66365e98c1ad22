"""Benchmark: ``nxviz validate`` against nexusformat's ``nxvalidate``, measured in one run.

Three files are written to a temporary folder: a minimal NXmx file, the NXmx file of issue 14
(about 20,000 objects: 2,000 NXtransformations groups of nine fields, each with units,
depends_on, vector and offset), and an NXmx file whose detector data is a 2 GiB dataset
(chunked and never written, so its logical size is 2 GiB while the file stays small). Each tool
runs as its own process, the same way a user runs it; wall time is the median of ``--repeat``
runs with their range, CPU time (user + system, which a loaded machine inflates less) the
median of the same runs, peak memory the largest of the process's own VmHWM and its worker
processes' peak RSS. With ``--cnxvalidate PATH`` (the
``nxvalidate`` program built from nexusformat/cnxvalidate, not part of this project) the same
files are given to it too, with a folder of links to nexusformat's NXDL files as its ``-l``.
Then the cold start of ``nxviz validate minimal.nxs`` and the summary line (files/s) of a
folder of NXmx master files.

    python benchmarks/validate.py [--repeat 5] [--groups 2000] [--folder-files 1000] [--keep DIR]
                                  [--cnxvalidate PATH]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import h5py
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.machine import describe  # noqa: E402

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


#: Runs a tool's entry point in a fresh interpreter and writes, at exit, the peak resident
#: memory (KiB) of the process (VmHWM, which a forked child does not inherit from this
#: process) or of the largest of its own children (nxviz checks each file in a worker process).
_WRAPPER = """
import atexit, importlib, resource, sys
out, module, function = sys.argv[1:4]
def peak():
    own = 0
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            own = int(line.split()[1])
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    open(out, "w").write(str(max(own, children)))
atexit.register(peak)
sys.argv = [module] + sys.argv[4:]
sys.exit(getattr(importlib.import_module(module), function)())
"""

NXVALIDATE = ("nexusformat.scripts.nxvalidate", "main")
NXVIZ = ("nxviz.cli", "main")


class Runs:
    """Wall and CPU seconds of each run of one command, and the largest peak RSS (MiB)."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.peak = float("nan")

    def run(self, command: Sequence[str], timeout: float) -> bool:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return False
        self.wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        self.cpu.append(used)
        # ru_maxrss of children is the largest of any child so far: only a lower bound here
        return True


def measure(tool: tuple[str, str], arguments: Sequence[str], repeat: int, timeout: float) -> Runs:
    """``repeat`` runs of a Python tool's entry point, with its own peak RSS."""
    runs = Runs()
    peak = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "peak"
        for _ in range(repeat):
            command = [sys.executable, "-c", _WRAPPER, str(report), *tool, *arguments]
            if not runs.run(command, timeout):
                return Runs()
            peak = max(peak, int(report.read_text()) / 1024)
    runs.peak = peak
    return runs


def measure_program(command: Sequence[str], repeat: int, timeout: float) -> Runs:
    """``repeat`` runs of a compiled program (its peak RSS is not measured)."""
    runs = Runs()
    for _ in range(repeat):
        if not runs.run(command, timeout):
            return Runs()
    return runs


def nxdl_folder(scratch: Path) -> Path:
    """One folder with links to every base class and application definition nexusformat
    ships, as cnxvalidate's ``-l`` wants them (it looks for base classes there too)."""
    import nexusformat

    source = Path(nexusformat.__file__).parent / "definitions"
    folder = scratch / "cnxvalidate-nxdl"
    folder.mkdir(exist_ok=True)
    for sub in ("base_classes", "applications"):
        for nxdl in (source / sub).glob("*.nxdl.xml"):
            link = folder / nxdl.name
            if not link.exists():
                os.symlink(nxdl, link)
    return folder


def spread(times: list[float]) -> str:
    """The median and the range of runs, e.g. ``1.23 (1.20-1.31)``."""
    if not times:
        return "timed out"
    return f"{statistics.median(times):.2f} ({min(times):.2f}-{max(times):.2f})"


def ratio(ours: list[float], base: list[float]) -> str:
    if not ours or not base:
        return "-"
    return f"{statistics.median(ours) / statistics.median(base):.2f}x"


def folder_rate(folder: Path, files: int, jobs: int, timeout: float) -> str:
    """``nxviz validate`` over a folder of ``files`` typical NXmx master files: the summary
    line it prints (which ends with files/s)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_nxmx(folder / "master_0000.nxs", modules=1)
    for index in range(1, files):
        shutil.copy(folder / "master_0000.nxs", folder / f"master_{index:04d}.nxs")
    command = [sys.executable, "-m", "nxviz", "validate", str(folder), "--jobs", str(jobs)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else done.stderr.strip()


def line(tool: str, runs: Runs) -> str:
    peak = "" if runs.peak != runs.peak else f"  peak {runs.peak:.0f} MiB"  # NaN: not measured
    return f"  {tool:<12} wall {spread(runs.wall):>20} s  cpu {spread(runs.cpu):>20} s{peak}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--groups", type=int, default=2000, help="NXtransformations groups")
    parser.add_argument("--folder-files", type=int, default=1000, help="files of the folder run")
    parser.add_argument("--jobs", type=int, default=2, help="processes of the folder run")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per run")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--cnxvalidate", type=Path, help="cnxvalidate's nxvalidate program")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="nxviz-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[tuple[str, Path, Callable[[Path], int]]] = [
        ("minimal NXmx", folder / "minimal.nxs", write_nxmx),
        (
            "20k-object NXmx",
            folder / "objects.nxs",
            lambda path: write_transformations(path, args.groups),
        ),
        ("2 GiB-dataset NXmx", folder / "big.nxs", lambda path: write_nxmx(path, 1, 2 * GIB)),
    ]
    print(describe())
    print(
        f"median seconds of {args.repeat} runs (range): wall, and CPU (user + system) which a "
        "loaded machine inflates less; the machine may be shared"
    )
    try:
        nxdl = nxdl_folder(folder) if args.cnxvalidate else None
        for label, path, write in cases:
            objects = write(path)
            print(f"{label} ({objects:,} objects)")
            base = measure(NXVALIDATE, [str(path)], args.repeat, args.timeout)
            print(line("nxvalidate", base))
            ours = measure(
                NXVIZ, ["validate", str(path), "--format", "json"], args.repeat, args.timeout
            )
            print(line("nxviz", ours))
            ratios = (
                f"  nxviz/nxvalidate: wall {ratio(ours.wall, base.wall)}, "
                f"cpu {ratio(ours.cpu, base.cpu)}"
            )
            if args.cnxvalidate and nxdl is not None:
                command = [str(args.cnxvalidate), "-l", str(nxdl), str(path)]
                c_runs = measure_program(command, args.repeat, args.timeout)
                print(line("cnxvalidate", c_runs))
                ratios += (
                    f"; nxviz/cnxvalidate: wall {ratio(ours.wall, c_runs.wall)}, "
                    f"cpu {ratio(ours.cpu, c_runs.cpu)}"
                )
            print(ratios)
        cold = cold_start(folder / "minimal.nxs", max(args.repeat, 5), args.timeout)
        print(
            f"cold start, nxviz validate minimal.nxs ({len(cold.wall)} runs): "
            f"wall {spread(cold.wall)} s, cpu {spread(cold.cpu)} s (target: wall <= 0.25 s)"
        )
        print(
            f"folder of {args.folder_files} NXmx master files, --jobs {args.jobs}: "
            + folder_rate(folder / "masters", args.folder_files, args.jobs, args.timeout)
        )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print("ratios are of medians, every tool as its own process (<= 1 is faster)")
    return 0


def cold_start(path: Path, repeat: int, timeout: float) -> Runs:
    """``nxviz validate path`` as a user runs it: the installed ``nxviz`` command."""
    script = Path(sys.executable).parent / "nxviz"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "nxviz"]
    return measure_program([*command, "validate", str(path)], repeat, timeout)


if __name__ == "__main__":
    sys.exit(main())
