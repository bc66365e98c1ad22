"""In a kernel that a Jupyter server starts for a notebook in a sub-folder, nxviz.show names
files relative to that server's root (found through the server's runtime file), and the
server's own nxviz API accepts the name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nxviz.notebook.display import MIMETYPE
from tests.notebook import factories


async def _run_in_kernel(serverapp: Any, kernel_id: str, code: str) -> list[dict[str, Any]]:
    client = serverapp.kernel_manager.get_kernel(kernel_id).client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        messages: list[dict[str, Any]] = []
        reply = await client.execute_interactive(code, output_hook=messages.append, timeout=60)
    finally:
        client.stop_channels()
    assert reply["content"]["status"] == "ok", reply["content"]
    return messages


async def _show_in_session(jp_fetch: Any, serverapp: Any, root: Path) -> dict[str, Any]:
    """nxviz.show("scan.nxs") in the kernel of a notebook session at sub/analysis.ipynb."""
    (root / "sub").mkdir()
    factories.write_scan(root / "sub" / "scan.nxs")
    body = {
        "path": "sub/analysis.ipynb",
        "name": "analysis.ipynb",
        "type": "notebook",
        "kernel": {"name": "python3"},
    }
    response = await jp_fetch("api", "sessions", method="POST", body=json.dumps(body))
    kernel_id = json.loads(response.body)["kernel"]["id"]
    try:
        messages = await _run_in_kernel(
            serverapp, kernel_id, 'import nxviz\nnxviz.show("scan.nxs")'
        )
    finally:
        await serverapp.kernel_manager.shutdown_kernel(kernel_id, now=True)
    (result,) = [m for m in messages if m["msg_type"] == "execute_result"]
    payload: dict[str, Any] = result["content"]["data"][MIMETYPE]
    return payload


@pytest.mark.slow
async def test_show_names_the_file_relative_to_the_server_root(
    jp_fetch: Any, jp_serverapp: Any, jp_root_dir: Path
) -> None:
    assert Path(jp_serverapp.info_file).is_file()  # the runtime file a running server writes
    payload = await _show_in_session(jp_fetch, jp_serverapp, jp_root_dir)
    assert payload["file"] == "sub/scan.nxs"
    meta = await jp_fetch("nxviz", "api", "meta", params={"file": payload["file"]})
    assert meta.code == 200


@pytest.mark.slow
async def test_without_the_runtime_file_the_kernel_cwd_is_the_root(
    jp_fetch: Any, jp_serverapp: Any, jp_root_dir: Path
) -> None:
    Path(jp_serverapp.info_file).unlink()
    payload = await _show_in_session(jp_fetch, jp_serverapp, jp_root_dir)
    assert payload["file"] == "scan.nxs"  # wrong for the server: why the runtime file matters
