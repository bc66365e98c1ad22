"""A notebook executed headless (nbclient, ipykernel) carries the viewer's mimetype, a PNG of
the expected size that is not blank, and the HTML reprs of a tree and a validation report."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from nxviz.notebook.display import MIMETYPE
from tests.notebook.conftest import assert_not_blank, decode_png

CELLS = [
    "import nxviz",
    'nxviz.show("eiger_master.nxs", frame=5, width=500, height=400)',
    'nxviz.show("scan_1d.nxs")',
    'nxviz.tree("eiger_master.nxs")',
    'nxviz.validate("defects.nxs")',
]


@pytest.fixture(scope="module")
def executed(demo_dir: Path) -> list[list[dict[str, Any]]]:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=120,
        resources={"metadata": {"path": str(demo_dir)}},  # the kernel's working directory
    )
    client.execute()
    nbformat.validate(notebook)
    return [list(cell.outputs) for cell in notebook.cells]


def _data(outputs: list[dict[str, Any]]) -> dict[str, Any]:
    (output,) = [o for o in outputs if o["output_type"] == "execute_result"]
    data: dict[str, Any] = output["data"]
    return data


def test_show_outputs_the_viewer_mimetype(executed: list[list[dict[str, Any]]]) -> None:
    data = _data(executed[1])
    assert data[MIMETYPE] == {
        "file": "eiger_master.nxs",
        "entity": None,
        "options": {"frame": 5},
    }
    assert _data(executed[2])[MIMETYPE]["file"] == "scan_1d.nxs"


@pytest.mark.parametrize(("cell", "size"), [(1, (400, 500)), (2, (480, 640))])
def test_show_outputs_a_png_of_the_expected_size(
    executed: list[list[dict[str, Any]]], cell: int, size: tuple[int, int]
) -> None:
    pixels = decode_png(base64.b64decode(_data(executed[cell])["image/png"]))
    assert pixels.shape[:2] == size
    assert_not_blank(pixels)


def test_show_outputs_a_text_summary(executed: list[list[dict[str, Any]]]) -> None:
    assert "frame 5 of 50" in _data(executed[1])["text/plain"]


def test_tree_outputs_collapsible_html(executed: list[list[dict[str, Any]]]) -> None:
    html = _data(executed[3])["text/html"]
    assert "<details" in html and "NXdetector" in html
    assert "eiger_data_000001.h5:/entry/data/data" in html


def test_report_outputs_html(executed: list[list[dict[str, Any]]]) -> None:
    data = _data(executed[4])
    assert "text/html" in data
    assert "defects.nxs" in data["text/html"]


def test_no_cell_raised(executed: list[list[dict[str, Any]]]) -> None:
    assert not [o for cell in executed for o in cell if o["output_type"] == "error"]
