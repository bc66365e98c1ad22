"""After ``pip install``, Jupyter finds both halves of nxviz with no manual enable step."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def jupyter(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "jupyter", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return ANSI.sub("", done.stdout + done.stderr)


@pytest.mark.slow
def test_labextension_is_enabled_and_ok() -> None:
    listing = jupyter("labextension", "list")
    assert re.search(r"^\s*nxviz v\S+ enabled OK", listing, re.MULTILINE), listing


@pytest.mark.slow
def test_server_extension_is_enabled_and_ok() -> None:
    listing = jupyter("server", "extension", "list")
    assert re.search(r"^\s*nxviz enabled", listing, re.MULTILINE), listing
    assert re.search(r"^\s*nxviz \S+ OK", listing, re.MULTILINE), listing
