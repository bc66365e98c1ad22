"""The demo data set: realistic NeXus files written into a folder, and JupyterLab on it.

:func:`write_demo` writes every file (one module per kind of file) plus a ``README.txt`` and
the marker file that lets a later run recognise the folder as its own and rewrite it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from nxviz.demo import (
    defects,
    eiger,
    fair,
    pymca,
    readme,
    reconstruction,
    scan,
    tomo,
    xas,
    xrf,
)
from nxviz.errors import FileAccessError, UsageError

__all__ = ["MARKER", "WRITERS", "write_demo"]

MARKER = ".nxviz-demo"
WRITERS: tuple[Callable[[Path], list[Path]], ...] = (
    eiger.write,
    tomo.write,
    reconstruction.write,
    xas.write,
    xrf.write,
    pymca.write,
    scan.write,
    defects.write,
    fair.write,
)


def _check_folder(directory: Path, force: bool) -> None:
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} exists and is not a folder")
    if force or not directory.exists() or (directory / MARKER).is_file():
        return
    if any(directory.iterdir()):
        raise UsageError(
            f"{directory} is not empty and is not an nxviz demo folder "
            "(give another folder, or --force to write into it anyway)"
        )


def write_demo(directory: Path, *, force: bool = False) -> list[Path]:
    """Write the demo data set into ``directory`` and return the paths written.

    Refuses (:class:`~nxviz.errors.UsageError`) a non-empty folder that lacks the demo's
    marker file, unless ``force``; a folder the demo wrote before is rewritten.
    """
    directory = Path(directory)
    _check_folder(directory, force)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create {directory}: {error.strerror}") from error
    written: list[Path] = []
    try:
        (directory / MARKER).write_text("Written by `nxviz demo`; it may rewrite this folder.\n")
        for writer in WRITERS:
            written.extend(writer(directory))
        notes = directory / "README.txt"
        notes.write_text(readme.TEXT, encoding="utf-8")
    except OSError as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise FileAccessError(f"cannot write the demo into {directory}: {reason}") from error
    written.append(notes)
    return written
