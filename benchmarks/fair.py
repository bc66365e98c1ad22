"""Benchmark: ``nxviz fair`` on a folder of files against the validator's batch, in one run.

``--files`` small NXmx files (default 1,000; half FAIR-ready, half typical of a beamline) are
written to a temporary folder; both batches run over the folder in this process (definitions
compiled once beforehand, as a long batch pays them once), ``--repeat`` times each, interleaved.
The FAIR check walks each file once and checks the profile on the same tree, so its files/s
should be the validator's: the ratio printed says how close. Besides wall-clock files/s, the
CPU time per file (this process and its pool's processes) is printed: on a shared machine it
moves less with the other work than the wall clock does.

    python benchmarks/fair.py [--files 1000] [--repeat 5] [--jobs 1] [--dask]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import h5py
from validate import write_nxmx  # benchmarks/validate.py: the validator benchmark's NXmx


def fair_ready(path: Path, index: int) -> None:
    """The validator benchmark's minimal NXmx; every second file gets the FAIR metadata."""
    write_nxmx(path)
    if index % 2:
        return
    with h5py.File(path, "a") as f:
        entry = f["entry"]
        entry["title"] = f"run {index}"
        entry["end_time"] = "2024-05-01T10:05:00+02:00"
        entry["experiment_identifier"] = "MX-20240123"
        entry["entry_identifier_uuid"] = f"4f0d3c52-8a43-4b8e-9a7b-{index:012x}"
        entry["definition"].attrs["version"] = "v2026.01"
        user = entry.create_group("user")
        user.attrs["NX_class"] = "NXuser"
        user["name"], user["affiliation"] = "Ada Lovelace", "Example Light Source"
        user["ORCID"] = "0000-0002-1825-0097"


def _cpu() -> float:
    """CPU seconds of this process and of its finished child processes (a pool's)."""
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds) of one run."""
    start, cpu = time.perf_counter(), _cpu()
    run()
    return time.perf_counter() - start, _cpu() - cpu


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--dask", action="store_true", help="also compare a dask LocalCluster")
    args = parser.parse_args(argv)

    from nxviz.fair import batch as fair_batch
    from nxviz.validation import batch as validation_batch

    folder = Path(tempfile.mkdtemp(prefix="nxviz-fair-bench-"))
    try:
        for index in range(args.files):
            fair_ready(folder / f"file_{index:05d}.nxs", index)
        files = validation_batch.find_files([folder])
        validation_batch.run_local(files[:1], validation_batch.Options())  # compile once
        fair_batch.run_local(files[:1], fair_batch.Options())
        runs: dict[str, list[tuple[float, float]]] = {"validate": [], "fair": []}
        for _ in range(args.repeat):  # interleaved, so drifting load hits both alike
            runs["validate"].append(
                timed(
                    lambda: validation_batch.run_local(files, validation_batch.Options(), args.jobs)
                )
            )
            runs["fair"].append(
                timed(lambda: fair_batch.run_local(files, fair_batch.Options(), args.jobs))
            )
        print(f"{len(files)} files, jobs={args.jobs}, {args.repeat} runs each (median, spread)")
        rates, cpus = {}, {}
        for name, pairs in runs.items():
            walls = [wall for wall, _ in pairs]
            per_file = [1000 * cpu / len(files) for _, cpu in pairs]
            median = statistics.median(walls)
            rates[name] = len(files) / median
            cpus[name] = statistics.median(per_file)
            print(
                f"  {name:<9} {rates[name]:8.1f} files/s  median {median:6.2f} s  "
                f"min {min(walls):6.2f} s  max {max(walls):6.2f} s  |  CPU {cpus[name]:.2f} "
                f"ms/file ({min(per_file):.2f}-{max(per_file):.2f})"
            )
        print(f"fair / validate files/s: {rates['fair'] / rates['validate']:.2f}")
        print(f"validate / fair CPU per file: {cpus['validate'] / cpus['fair']:.2f}")
        outcomes = fair_batch.run_local(files, fair_batch.Options(), args.jobs)
        scores = [o.report.score for o in outcomes if o.report is not None]
        ready = sum(1 for o in outcomes if o.report is not None and o.report.ready)
        print(f"{ready} files FAIR-ready, mean score {statistics.mean(scores):.1f} %")
        if args.dask:
            import distributed

            with distributed.LocalCluster(
                n_workers=args.jobs, threads_per_worker=1, dashboard_address=None
            ) as cluster:
                start = time.perf_counter()
                remote = fair_batch.run_dask(files, fair_batch.Options(), cluster.scheduler_address)
                elapsed = time.perf_counter() - start
            print(
                f"dask LocalCluster: {len(files) / elapsed:.1f} files/s, "
                f"identical to the local run: {remote == outcomes}"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
