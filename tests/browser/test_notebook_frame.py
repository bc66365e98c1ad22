"""A notebook output of nxviz.show(..., frame=N) opens its interactive viewer on frame N, as its
PNG shows it (the output is written by hand: only its mime data matters to the renderer)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from nxviz.notebook.display import MIMETYPE
from tests.browser.lab import LabServer, start_lab

TIMEOUT = 30_000


@pytest.fixture(scope="module")
def frame_lab(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    root = tmp_path_factory.mktemp("frame-root")
    for name in ("eiger_master.nxs", "eiger_data_000001.h5", "eiger_data_000002.h5"):
        shutil.copy(demo_dir / name, root / name)
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('nxviz.show("eiger_master.nxs", frame=55)')
    show = {"file": "eiger_master.nxs", "entity": None, "options": {"frame": 55}}
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={MIMETYPE: show, "text/plain": "frame 55"})
    ]
    notebook.cells = [cell]
    nbformat.write(notebook, root / "frame.ipynb")
    server = start_lab(root, tmp_path_factory.mktemp("frame-home"))
    yield server
    server.stop()


def test_the_frame_option_opens_the_frames_view_on_that_frame(page, frame_lab: LabServer) -> None:
    page.goto(frame_lab.fresh_url("frame.ipynb"), timeout=60_000)
    output = page.locator(".jp-Notebook .jp-nxviz-output")
    view = output.locator("[data-nxviz-view='frames'][data-drawn-index='55']")
    view.wait_for(timeout=TIMEOUT)
    assert output.locator(".jp-nxviz-frames-number").input_value() == "55"
    # frame 55 is the sixth frame of the second data file
    assert "data_000002 [5]" in output.locator(".jp-nxviz-frames-count").inner_text()
