"""``nxviz demo``: the parser, the JupyterLab command line, errors, and a live server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from nxviz.cli import build_parser, main
from nxviz.demo.launch import demo_settings, lab_command

REPO = Path(__file__).resolve().parents[2]


def test_parser_defaults_and_options() -> None:
    args = build_parser().parse_args(["demo"])
    assert (args.directory, args.port, args.no_browser, args.force) == (
        Path("nxviz-demo"),
        None,
        False,
        False,
    )
    args = build_parser().parse_args(
        ["demo", "d", "--port", "9", "--no-browser", "--force", "--lab-arg=--Foo.bar=1"]
    )
    assert (args.directory, args.port, args.no_browser, args.force) == (Path("d"), 9, True, True)
    assert args.lab_args == ["--Foo.bar=1"]


def test_lab_command_serves_the_folder_and_opens_the_master(tmp_path: Path) -> None:
    command = lab_command(tmp_path, port=8899, open_browser=False, extra=["--Foo.bar=1"])
    assert command[:3] == [sys.executable, "-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={tmp_path.resolve()}" in command
    assert "--LabApp.default_url=/lab/tree/eiger_master.nxs" in command
    assert "--port=8899" in command and "--no-browser" in command
    assert ("--allow-root" in command) == (os.geteuid() == 0)
    assert command[-1] == "--Foo.bar=1"
    default = lab_command(tmp_path)
    assert "--no-browser" not in default
    assert not any(arg.startswith("--port") for arg in default)


def test_the_demo_launch_turns_the_news_prompt_off_keeping_the_app_settings(
    tmp_path: Path,
) -> None:
    app = tmp_path / "app-settings"
    app.mkdir()
    (app / "overrides.json").write_text(json.dumps({"@site/theme:plugin": {"theme": "dark"}}))
    (app / "page_config.json").write_text(json.dumps({"disabledExtensions": {"x": True}}))
    demo = tmp_path / "demo"
    demo.mkdir()

    settings = demo_settings(demo, app)
    command = lab_command(demo, settings_dir=settings)

    overrides = json.loads((settings / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false"}
    assert overrides["@site/theme:plugin"] == {"theme": "dark"}
    assert json.loads((settings / "page_config.json").read_text()) == {
        "disabledExtensions": {"x": True}
    }
    assert f"--LabApp.app_settings_dir={settings.resolve()}" in command
    assert settings.parent == demo


def test_foreign_folder_is_a_usage_error_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["demo", str(tmp_path), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nxviz: error: ") and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, token: str | None) -> tuple[int, bytes]:
    request = urllib.request.Request(url)  # noqa: S310 - a local http URL we built
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return int(response.status), response.read()
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, b""


@pytest.mark.slow
def test_demo_command_rewrites_its_folder_and_serves_it(demo_dir: Path, tmp_path: Path) -> None:
    port, token = free_port(), "nxviz-demo-test-token"
    log = tmp_path / "lab.log"
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "nxviz",
                "demo",
                str(demo_dir),
                "--no-browser",
                "--port",
                str(port),
                f"--lab-arg=--IdentityProvider.token={token}",
            ],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            status = 0
            while status != 200:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
                try:
                    status, _ = get(f"{base}/api/status", token)
                except OSError:
                    status = 0
            status, body = get(f"{base}/api/contents/eiger_master.nxs?content=0", token)
            assert status == 200
            model = json.loads(body)
            assert (model["name"], model["type"]) == ("eiger_master.nxs", "file")
            assert get(f"{base}/api/contents/eiger_master.nxs?content=0", None)[0] == 403
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    output = log.read_text()
    assert "wrote 14 files" in output and "eiger_master.nxs" in output
    assert "/lab/tree/eiger_master.nxs" in output
