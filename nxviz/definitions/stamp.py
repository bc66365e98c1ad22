"""What decides a definition set's compiled form, cheaply: the disk cache's key part of one
folder of NXDL files.

A folder shipped inside an installed distribution (nexusformat's ``definitions/``, the
``_nxdl`` of an nxviz wheel) is keyed by that distribution's ``RECORD``: its name and version
and the hash of every file it installed, so an upgrade, a downgrade or a reinstall of other
files compiles afresh, with one small read instead of a ``stat`` of ~300 files. Any other
folder (a user's, the source tree's ``nxdl/``, an editable install) is keyed by every NXDL
file's name, size and modification time, so an edited or added file compiles afresh.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

#: How far up from a folder its distribution's top-level package may be.
_DEPTH = 3


def folder_stamp(root: Path) -> str:
    """The key part of one folder of NXDL files (see the module's text)."""
    return installed_stamp(root) or full_stamp(root)


def full_stamp(root: Path) -> str:
    """Every NXDL file of ``root`` (and its ``nxdl.xsd``): name, size, modification time."""
    parts = []
    for path in sorted(root.rglob("*.nxdl.xml")) + [root / "nxdl.xsd"]:
        try:
            info = path.stat()
        except OSError:
            continue
        parts.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)


def installed_stamp(root: Path) -> str:
    """``root``'s distribution (name, version, hash of its RECORD) when ``root`` lies inside
    a top-level package installed from a wheel (not editable) whose RECORD lists files of
    ``root``; else ""."""
    for package in (root, *root.parents[:_DEPTH]):
        record = _record(package)
        if record is None:
            continue
        try:
            text = record.read_bytes()
        except OSError:
            return ""
        inside = root.relative_to(package.parent).as_posix() + "/"
        if inside.encode() not in text:
            return ""
        digest = hashlib.sha256(text).hexdigest()
        return f"{record.parent.name}:{digest}"
    return ""


def _record(package: Path) -> Path | None:
    """The RECORD of the distribution installed with the top-level package ``package``, or
    None (no such distribution beside it, several, or an editable install)."""
    site = package.parent
    try:
        found = list(site.glob(f"{package.name}-*.dist-info"))
    except OSError:
        return None
    if len(found) != 1:
        return None
    info = found[0]
    if _editable(info):
        return None
    record = info / "RECORD"
    return record if record.is_file() else None


def _editable(info: Path) -> bool:
    try:
        url = json.loads((info / "direct_url.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True  # unreadable: assume the files may change under it
    return bool(isinstance(url, dict) and url.get("dir_info", {}).get("editable"))
