"""Start JupyterLab on the demo folder, landing on ``eiger_master.nxs``.

JupyterLab's "Would you like to get notified about official Jupyter news?" prompt would
cover the findings panel on every start: the demo's own launch reads its application settings
from a folder of its own (the installation's overrides and page config copied, plus news off
as a default the user's own settings still override).

On POSIX the ``nxviz`` process becomes JupyterLab (``os.execv``), so Ctrl-C, signals and the
exit status are JupyterLab's own; elsewhere it runs as a child and Ctrl-C waits for it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from nxviz.demo import eiger


def lab_command(
    directory: Path,
    *,
    port: int | None = None,
    open_browser: bool = True,
    extra: Sequence[str] = (),
    settings_dir: Path | None = None,
) -> list[str]:
    """The JupyterLab command line serving ``directory`` and opening the EIGER master."""
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={Path(directory).resolve()}",
        f"--LabApp.default_url=/lab/tree/{eiger.MASTER}",
    ]
    if settings_dir is not None:
        command.append(f"--LabApp.app_settings_dir={Path(settings_dir).resolve()}")
    if port is not None:
        command.append(f"--port={port}")
    if not open_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    command.extend(extra)
    return command


SETTINGS_DIR = ".nxviz-lab-settings"
NEWS_OFF = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}


def demo_settings(directory: Path, app_settings: Path | None = None) -> Path:
    """Application settings for the demo's launch: the installation's own (``app_settings``,
    JupyterLab's by default) with the news prompt off; returns the folder."""
    if app_settings is None:
        from jupyterlab.commands import get_app_dir

        app_settings = Path(get_app_dir()) / "settings"
    target = Path(directory) / SETTINGS_DIR
    target.mkdir(exist_ok=True)
    overrides: dict[str, dict[str, object]] = {}
    existing = app_settings / "overrides.json"
    if existing.is_file():
        try:
            overrides = json.loads(existing.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            overrides = {}
    for plugin, values in NEWS_OFF.items():
        overrides.setdefault(plugin, {}).update(values)
    (target / "overrides.json").write_text(json.dumps(overrides, indent=2), encoding="utf-8")
    for name in ("page_config.json",):
        if (app_settings / name).is_file():
            shutil.copy(app_settings / name, target / name)
    return target


def launch(command: list[str], directory: Path) -> int:
    """Run ``command`` in ``directory``; on POSIX this call does not return."""
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.chdir(directory)
        os.execv(command[0], command)  # noqa: S606 - our own interpreter, fixed arguments
    with subprocess.Popen(command, cwd=directory) as process:  # noqa: S603
        try:
            return process.wait()
        except KeyboardInterrupt:
            return process.wait()
