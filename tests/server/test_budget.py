"""A long validation has its own time budget below the request's kill bound: past it, the
validate endpoint answers 200 with what it found and a ``limit_reached`` finding saying where it
stopped (its worker is not killed and the file is not refused afterwards); the fair endpoint
answers 413 (a score of part of a file would mislead). A validation whose client has left stops
by itself between objects of its walk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import h5py
import pytest

from nxviz.server.config import NxvizService
from tests.server.helpers import get_error, get_json
from tests.server.test_workers import leave_after, until

GROUPS = 5_000  # a few seconds of validation on a quiet machine: far more than the budget
BUDGET = 0.5


@pytest.fixture
def jp_server_config() -> dict[str, object]:
    return {
        "ServerApp": {"jpserver_extensions": {"nxviz": True}},
        "NxvizService": {"validate_seconds": BUDGET, "request_timeout": 60.0},
    }


def write_many_groups(path: Path, groups: int = GROUPS) -> None:
    with h5py.File(path, "w", libver="latest") as f:
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry["definition"] = "NXmx"
        for index in range(groups):
            sample = entry.create_group(f"sample_{index:05d}")
            sample.attrs["NX_class"] = "NXsample"
            sample["name"] = f"crystal {index}"


async def test_a_validation_past_its_budget_answers_what_it_found(
    jp_fetch: Any, jp_root_dir: Path, jp_serverapp: Any
) -> None:
    write_many_groups(jp_root_dir / "many.nxs")
    pool = jp_serverapp.web_app.settings["nxviz"].pool

    body = await get_json(jp_fetch, "validate", file="many.nxs")

    (report,) = body["files"]
    assert report["entries"] == [{"path": "/entry", "definition": "NXmx"}]
    (limit,) = [f for f in report["findings"] if f["code"] == "limit_reached"]
    assert limit["path"] == "/"
    assert limit["message"].startswith(f"the validation stopped at its time budget of {BUDGET} s")
    assert limit["message"].endswith("; the rest was not checked")
    assert len(report["findings"]) > 1  # what it found before it stopped is there
    assert (pool.counters.killed, pool.counters.timeouts) == (0, 0)
    again = await get_json(jp_fetch, "validate", file="many.nxs")  # not refused as hung
    assert any(f["code"] == "limit_reached" for f in again["files"][0]["findings"])


async def test_a_fair_check_past_its_budget_is_refused_with_413(
    jp_fetch: Any, jp_root_dir: Path
) -> None:
    write_many_groups(jp_root_dir / "many.nxs")

    status, body = await get_error(jp_fetch, "fair", file="many.nxs")

    assert (status, body["code"]) == (413, "too_large")
    assert body["message"].startswith(
        f"many.nxs: its FAIR check would take more than its time budget of {BUDGET} s ("
    )
    assert str(jp_root_dir) not in body["message"]


def test_the_budget_stays_below_the_kill_bound(tmp_path: Path) -> None:
    service = NxvizService(tmp_path, validate_seconds=40.0, request_timeout=60.0)
    try:
        assert service.check_seconds() == 40.0
        service.request_timeout = 20.0
        assert service.check_seconds() == 15.0  # 3/4 of the kill bound
    finally:
        service.pool.close()


class TestClientLeaves:
    @pytest.fixture
    def jp_server_config(self) -> dict[str, object]:
        return {
            "ServerApp": {"jpserver_extensions": {"nxviz": True}},
            "NxvizService": {"validate_seconds": 45.0, "request_timeout": 60.0},
        }

    async def test_a_validation_stops_between_objects_once_its_client_left(
        self,
        jp_fetch: Any,  # starts the server's HTTP listener
        jp_serverapp: Any,
        jp_http_port: int,
        jp_base_url: str,
        jp_root_dir: Path,
    ) -> None:
        write_many_groups(jp_root_dir / "many.nxs", 4 * GROUPS)
        pool = jp_serverapp.web_app.settings["nxviz"].pool
        url = "nxviz/api/validate?file=many.nxs"

        await leave_after(jp_serverapp, jp_http_port, jp_base_url, url, lambda: pool.running == 1)

        await until(lambda: pool.counters.cancelled == 1, "the validation stopped")
        assert pool.counters.killed == 0  # it stopped by itself, at a checkpoint of its walk
        assert pool.counters.completed == 0
