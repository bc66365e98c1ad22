"""Each file of a batch is checked in a process that is killed past its time bound: a file that
hangs (as HDF5 does on some damaged files) or crashes its process costs that file only."""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from nxviz.validation.batch import map_dask, map_local
from nxviz.validation.killable import DIED_CODE, TIMEOUT_CODE


def checkers() -> list[multiprocessing.process.BaseProcess]:
    """The batch's file-checking processes still alive (the server's own workers are not)."""
    return [p for p in multiprocessing.active_children() if p.name == "nxviz-check"]


@dataclass(frozen=True)
class Result:
    file: str
    pid: int = 0
    error: str = ""
    error_code: str = ""


def check(file: str, options: str) -> Result:
    """Hangs on files named ``hang*`` (as HDF5 on a damaged file: no checkpoint, never ends),
    crashes its process on ``crash*``; otherwise answers with the process that checked it."""
    name = Path(file).name
    if name.startswith("hang"):
        while True:
            time.sleep(60)
    if name.startswith("crash"):
        faulthandler.disable()  # pytest's, inherited: no dump of this deliberate crash
        os.kill(os.getpid(), signal.SIGSEGV)
    if name.startswith("bug"):
        raise ValueError(f"a bug on {name}")
    return Result(f"{file}{options}", os.getpid())


FILES = ["a.nxs", "hang-1.nxs", "b.nxs", "crash.nxs", "c.nxs", "hang-2.nxs", "d.nxs"]


@pytest.mark.parametrize("jobs", [1, 2, 4])
def test_hanging_and_crashing_files_cost_themselves_only(jobs: int) -> None:
    seen: list[tuple[int, int]] = []
    results = map_local(
        check, FILES, "!", jobs, lambda d, t: seen.append((d, t)), timeout=1.5, lost=Result
    )

    assert [r.file for r in results] == [
        "a.nxs!", "hang-1.nxs", "b.nxs!", "crash.nxs", "c.nxs!", "hang-2.nxs", "d.nxs!"
    ]  # fmt: skip
    assert [r.error_code for r in results] == [
        "", TIMEOUT_CODE, "", DIED_CODE, "", TIMEOUT_CODE, ""
    ]  # fmt: skip
    assert results[1].error == (
        "hang-1.nxs: not checked: its check ran past 1.5 s and was stopped (--timeout)"
    )
    assert results[3].error == (
        f"crash.nxs: not checked: the process checking it ended (signal {int(signal.SIGSEGV)}), "
        "e.g. a crash in HDF5"
    )
    assert seen == [(n, len(FILES)) for n in range(1, len(FILES) + 1)]
    checked = {r.pid for r in results if r.pid}
    assert os.getpid() not in checked  # never in this process, even for one job
    assert len(checked) <= jobs + 3  # a process is replaced only after a kill or a crash
    assert checkers() == []  # none left behind


def test_a_single_file_is_checked_in_a_process_of_its_own() -> None:
    (result,) = map_local(check, ["a.nxs"], "", 1, timeout=None, lost=Result)
    assert result.file == "a.nxs" and result.pid not in (0, os.getpid())
    (hung,) = map_local(check, ["hang.nxs"], "", 1, timeout=0.5, lost=Result)
    assert hung.error_code == TIMEOUT_CODE
    assert checkers() == []


def test_a_bug_in_the_check_is_loud_not_a_lost_file() -> None:
    with pytest.raises(RuntimeError, match="ValueError: a bug on bug.nxs"):
        map_local(check, ["a.nxs", "bug.nxs"], "", 1, timeout=5, lost=Result)
    assert checkers() == []


def test_dask_workers_bound_each_file_the_same_way() -> None:
    import distributed  # in the test extra: its absence is a failure, not a skip

    with distributed.LocalCluster(
        host="127.0.0.1",
        protocol="tcp",
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        dashboard_address=None,
    ) as cluster:
        files = ["a.nxs", "hang.nxs", "crash.nxs", "b.nxs"]
        results = map_dask(check, files, "?", cluster.scheduler_address, timeout=1.5, lost=Result)
    assert [(r.file, r.error_code) for r in results] == [
        ("a.nxs?", ""), ("hang.nxs", TIMEOUT_CODE), ("crash.nxs", DIED_CODE), ("b.nxs?", "")
    ]  # fmt: skip
    assert all(r.pid != os.getpid() for r in results)
