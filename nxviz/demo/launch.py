"""Start JupyterLab on the demo folder, landing on ``eiger_master.nxs``.

On POSIX the ``nxviz`` process becomes JupyterLab (``os.execv``), so Ctrl-C, signals and the
exit status are JupyterLab's own; elsewhere it runs as a child and Ctrl-C waits for it.
"""

from __future__ import annotations

import os
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
) -> list[str]:
    """The JupyterLab command line serving ``directory`` and opening the EIGER master."""
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={Path(directory).resolve()}",
        f"--LabApp.default_url=/lab/tree/{eiger.MASTER}",
    ]
    if port is not None:
        command.append(f"--port={port}")
    if not open_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    command.extend(extra)
    return command


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
