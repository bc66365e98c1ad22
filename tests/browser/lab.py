"""Start JupyterLab on a temporary root, isolated from the user's configuration."""

from __future__ import annotations

import itertools
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
_WORKSPACES = itertools.count()
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LabServer:
    root: Path
    port: int
    token: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}token={self.token}"

    def fresh_url(self, tree_path: str = "") -> str:
        """JupyterLab in a workspace of its own, so no earlier test's tabs are restored."""
        workspace = f"w{next(_WORKSPACES)}"
        tree = f"/tree/{tree_path}" if tree_path else ""
        return self.url(f"lab/workspaces/{workspace}{tree}?reset")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_lab(
    root: Path,
    home: Path,
    *,
    theme: str | None = None,
    news_setting: bool = True,
    extra: tuple[str, ...] = (),
) -> LabServer:
    """Run ``jupyter lab`` on ``root`` with config, runtime, workspaces and settings in ``home``
    (the user's settings turn the news prompt off unless ``news_setting`` is False).

    The port is found free, then closed for Jupyter to bind it: in between another process may
    take it (CI saw "The port ... is already in use"), so that failure, and only that one, is
    tried again on another port."""
    token = secrets.token_hex(16)
    settings = home / "settings"
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True, exist_ok=True)
    if news_setting:
        (
            settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
        ).write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    if theme:
        (settings / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings").write_text(
            json.dumps({"theme": theme})
        )
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
    )
    log = home / "lab.log"
    for _ in range(PORT_TRIES - 1):
        try:
            return _launch(root, free_port(), token, env, log, extra)
        except PortTaken:
            continue
    return _launch(root, free_port(), token, env, log, extra)


#: attempts at a port before start_lab gives up
PORT_TRIES = 3


class PortTaken(RuntimeError):
    """Jupyter found its port taken between free_port() and its own bind."""


def _launch(
    root: Path, port: int, token: str, env: dict[str, str], log: Path, extra: tuple[str, ...]
) -> LabServer:
    args = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--allow-root",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        *extra,
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = LabServer(root, port, token, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            text = log.read_text()
            if f"The port {port} is already in use" in text:
                raise PortTaken(f"port {port} taken before Jupyter could bind it")
            raise RuntimeError(f"jupyter lab exited early:\n{text[-3000:]}")
        try:
            with urllib.request.urlopen(server.url("api/status"), timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"jupyter lab did not answer in 60 s:\n{log.read_text()[-3000:]}")
