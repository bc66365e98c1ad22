"""Where the Jupyter server's root directory is, seen from a kernel, and a user's path under it.

The viewer in a notebook output asks the server for ``file`` relative to the server's root
directory, so :func:`nxviz.show` must turn the path the user typed (relative to the kernel's
working directory, or absolute) into that relative path. The root is, in this order:

1. the ``root=`` argument;
2. the ``NXVIZ_ROOT_DIR`` environment variable (a server can export it to the kernels it starts);
3. in a kernel started by a Jupyter server (``JPY_SESSION_NAME`` is set): the ``root_dir`` of the
   running server that started this kernel (its runtime file names the kernel's parent process),
   else of the running server whose root holds the notebook;
4. the current working directory (a kernel of ``jupyter lab`` started where the notebooks live).

Refusals follow :func:`nxviz.server.paths.resolve_under_root`, which the server applies to the
same relative path: outside the root, hidden, missing or not a regular file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nxviz.errors import OutsideRootError, UsageError
from nxviz.server.paths import resolve_under_root

ROOT_ENV = "NXVIZ_ROOT_DIR"
SESSION_ENV = "JPY_SESSION_NAME"


@dataclass(frozen=True)
class ServerRoot:
    """A running Jupyter server's process id and root directory."""

    pid: int | None
    root: Path


@dataclass(frozen=True)
class Located:
    """A file the server can serve: its real path and its path relative to the root."""

    path: Path
    relative: str
    root: Path


def running_servers() -> Iterator[ServerRoot]:
    """The servers listed in the Jupyter runtime folder (only their pid and root are read)."""
    try:
        from jupyter_core.paths import jupyter_runtime_dir
    except ImportError:  # pragma: no cover - jupyter_core comes with jupyter_server
        return
    folder = Path(jupyter_runtime_dir())
    if not folder.is_dir():
        return
    for info in sorted(folder.glob("jpserver-*.json")):
        try:
            data = json.loads(info.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        root = data.get("root_dir") if isinstance(data, dict) else None
        if not isinstance(root, str) or not root:
            continue
        pid = data.get("pid")
        yield ServerRoot(pid if isinstance(pid, int) else None, Path(root))


def _session_root(notebook: Path) -> Path | None:
    servers = list(running_servers())
    parent = os.getppid()
    for server in servers:
        if server.pid == parent:
            return server.root
    holding = [s.root for s in servers if notebook.resolve().is_relative_to(s.root.resolve())]
    # The most specific root when several servers could have started this kernel.
    return max(holding, key=lambda root: len(root.resolve().parts), default=None)


def server_root(root: str | os.PathLike[str] | None = None) -> Path:
    """The server's root directory, found as the module docstring describes."""
    if root is not None:
        chosen = Path(root)
    elif os.environ.get(ROOT_ENV):
        chosen = Path(os.environ[ROOT_ENV])
    else:
        session = os.environ.get(SESSION_ENV)
        found = _session_root(Path.cwd() / session) if session else None
        chosen = found if found is not None else Path.cwd()
    chosen = chosen.expanduser()
    if not chosen.is_dir():
        raise UsageError(f"the root directory {chosen} is not a folder")
    return chosen.resolve()


def locate(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> Located:
    """``path`` (relative to the working directory, or absolute) as the server will name it."""
    text = os.fspath(path)
    if not text or not text.strip():
        raise UsageError("a file path is required")
    base = server_root(root)
    absolute = Path(os.path.abspath(Path(text).expanduser()))
    # Compare before following symlinks (a link inside the root may point out of it; the
    # check below refuses that), then let the server's own rules decide.
    lexical_root = Path(os.path.abspath(base))
    if absolute.is_relative_to(lexical_root):
        relative = absolute.relative_to(lexical_root)
    elif absolute.resolve().is_relative_to(base):
        relative = absolute.resolve().relative_to(base)
    else:
        raise OutsideRootError(
            f"{text}: outside the Jupyter server's root directory {base}; "
            "move the file under it or pass root=..."
        )
    name = relative.as_posix()
    if name in ("", "."):
        raise UsageError(f"{text}: the root directory itself is not a file")
    return Located(resolve_under_root(base, name), name, base)
