"""nxviz.show in a notebook opened in JupyterLab after its kernel ran: the outputs stored in the
.ipynb show the interactive viewer (not the PNG beside it), and a view's code goes into a new cell.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import h5py
import nbformat
import pytest
from nbclient import NotebookClient

from nxviz.notebook.display import MIMETYPE
from tests.browser.lab import LabServer, start_lab
from tests.browser.test_viewer import wait_canvas_drawn

TIMEOUT = 30_000
FOLDER = "analysis"  # the notebook sits one folder below the file it shows
CELLS = [
    'import nxviz\nnxviz.show("../scan_1d.nxs")',
    'nxviz.show("../scan_1d.nxs", "/entry/data/data")',
]
BROKEN = {MIMETYPE: {"entity": "/entry"}, "text/plain": "a broken nxviz output"}


@pytest.fixture(scope="module")
def notebook_root(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A server root with scan_1d.nxs and analysis/view.ipynb, executed headless by nbclient."""
    root = tmp_path_factory.mktemp("notebook-root")
    shutil.copy(demo_dir / "scan_1d.nxs", root / "scan_1d.nxs")
    (root / FOLDER).mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    saved = os.environ.get("NXVIZ_ROOT_DIR")
    os.environ["NXVIZ_ROOT_DIR"] = str(root)  # the kernel finds the root as a server's would
    try:
        NotebookClient(
            notebook,
            kernel_name="python3",
            timeout=120,
            resources={"metadata": {"path": str(root / FOLDER)}},
        ).execute()
    finally:
        if saved is None:
            os.environ.pop("NXVIZ_ROOT_DIR")
        else:
            os.environ["NXVIZ_ROOT_DIR"] = saved
    broken = nbformat.v4.new_code_cell("# output written by hand: no file named")
    broken.outputs = [nbformat.v4.new_output("display_data", data=BROKEN)]
    notebook.cells.append(broken)
    nbformat.write(notebook, root / FOLDER / "view.ipynb")
    return root


@pytest.fixture(scope="module")
def notebook_lab(
    notebook_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LabServer]:
    server = start_lab(notebook_root, tmp_path_factory.mktemp("notebook-home"))
    yield server
    server.stop()


def stored_data(root: Path, cell: int) -> dict[str, object]:
    notebook = nbformat.read(root / FOLDER / "view.ipynb", as_version=4)
    (output,) = notebook.cells[cell].outputs
    data: dict[str, object] = output["data"]
    return data


def open_notebook(page, lab: LabServer):
    page.goto(lab.fresh_url(f"{FOLDER}/view.ipynb"), timeout=60_000)
    outputs = page.locator(".jp-Notebook .jp-nxviz-output")
    page.locator(".jp-nxviz-output[data-nxviz-state='ready']").nth(1).wait_for(timeout=TIMEOUT)
    return outputs


def cell_sources(page, count: int) -> list[str]:
    """The notebook's cell sources, once there are ``count`` cells (or after 10 s)."""
    deadline = time.monotonic() + 10
    while True:
        sources = page.locator(".jp-Notebook .jp-Cell .jp-InputArea-editor").evaluate_all(
            "els => els.map(e => Array.from(e.querySelectorAll('.cm-line'))"
            ".map(l => l.textContent).join('\\n'))"
        )
        if len(sources) == count or time.monotonic() > deadline:
            return sources
        page.wait_for_timeout(200)


def test_stored_outputs_show_the_interactive_viewer_not_the_png(
    page, notebook_lab: LabServer, notebook_root: Path
) -> None:
    # The notebook holds a PNG for other frontends: JupyterLab with nxviz must not show it.
    assert "image/png" in stored_data(notebook_root, 0)
    assert stored_data(notebook_root, 0)[MIMETYPE] == {
        "file": "scan_1d.nxs",
        "entity": None,
        "options": {},
    }
    outputs = open_notebook(page, notebook_lab)
    assert outputs.count() == 3
    first = outputs.nth(0)
    names = first.locator(".jp-nxviz-child").evaluate_all("els => els.map(e => e.dataset.name)")
    with h5py.File(notebook_root / "scan_1d.nxs", "r") as f:
        assert names == list(f.keys())
    assert wait_canvas_drawn(page, first, minimum=3) >= 3
    box = first.bounding_box()
    assert box is not None and 700 <= box["height"] <= 740  # min(720px, 85vh): the frame fits
    assert page.locator(".jp-Notebook .jp-OutputArea-output img").count() == 0


def test_an_entity_is_selected_and_bad_data_says_why(page, notebook_lab: LabServer) -> None:
    outputs = open_notebook(page, notebook_lab)
    second = outputs.nth(1)
    second.locator(".jp-nxviz-node.jp-mod-selected[data-path='/entry/data/data']").wait_for(
        timeout=TIMEOUT
    )
    second.scroll_into_view_if_needed()  # plots draw when they are on screen
    assert wait_canvas_drawn(page, second, minimum=3) >= 3
    broken = outputs.nth(2)
    assert broken.get_attribute("data-nxviz-state") == "error"
    message = broken.inner_text().strip()
    assert message == (
        'This nxviz output names no file: "file" must be a path relative to the server\'s root.'
    )


def test_insert_code_puts_the_view_in_a_new_cell(page, notebook_lab: LabServer) -> None:
    outputs = open_notebook(page, notebook_lab)
    first = outputs.nth(0)
    first.locator(".jp-nxviz-header").click()
    page.keyboard.press("Control+Shift+C")
    page.locator(".lm-CommandPalette-input").fill("Insert code for this view")
    page.locator(
        ".lm-CommandPalette-item", has_text="Insert code for this view in a notebook cell"
    ).click()
    sources = cell_sources(page, 4)
    assert len(sources) == 4, sources
    # Below the cell of the output, the path relative to the notebook's folder.
    assert 'nxviz.plot("../scan_1d.nxs")' in sources[1], sources
    assert sources[2] == CELLS[1]

    # The second output's own button: the shown slice of the selected dataset, read with h5py.
    second = outputs.nth(1)
    second.locator(".jp-nxviz-node.jp-mod-selected[data-path='/entry/data/data']").wait_for(
        timeout=TIMEOUT
    )
    second.scroll_into_view_if_needed()
    wait_canvas_drawn(page, second, minimum=3)
    second.locator(".jp-nxviz-output-bar button", has_text="Insert code").click()
    sources = cell_sources(page, 5)
    assert len(sources) == 5, sources
    assert 'with h5py.File("../scan_1d.nxs", "r") as f:' in sources[3], sources
    assert 'data = f["/entry/data/data"][:]' in sources[3], sources


def test_context_menu_copies_the_code_of_the_view(page, notebook_lab: LabServer) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    outputs = open_notebook(page, notebook_lab)
    second = outputs.nth(1)
    second.scroll_into_view_if_needed()
    second.locator(".jp-nxviz-node.jp-mod-selected[data-path='/entry/data/data']").wait_for(
        timeout=TIMEOUT
    )
    wait_canvas_drawn(page, second, minimum=3)
    second.locator(".jp-nxviz-tree-foot").click(button="right")
    menu = page.locator(".lm-Menu")
    assert menu.locator(".lm-Menu-item", has_text="Insert code for this view").count() == 1
    menu.locator(".lm-Menu-item", has_text="Copy code for this view").click()
    deadline = time.monotonic() + 10
    copied = ""
    while "h5py" not in copied and time.monotonic() < deadline:
        page.wait_for_timeout(200)
        copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines()[-2:] == [
        'with h5py.File("../scan_1d.nxs", "r") as f:',
        '    data = f["/entry/data/data"][:]',
    ], copied
    assert len(cell_sources(page, 3)) == 3  # copying inserts nothing


def test_insert_code_from_a_file_tab_goes_into_the_open_notebook(
    page, notebook_lab: LabServer
) -> None:
    open_notebook(page, notebook_lab)
    page.locator(".jp-BreadCrumbs-home").click()
    page.locator(".jp-DirListing-item", has_text="scan_1d.nxs").dblclick()
    tab = page.locator(".jp-nxviz-document .jp-nxviz-root[data-nxviz-state='ready']")
    tab.wait_for(timeout=TIMEOUT)
    tab.locator(".jp-nxviz-node[data-path='/entry']").click()
    tab.locator(".jp-nxviz-node.jp-mod-selected[data-path='/entry']").wait_for(timeout=TIMEOUT)
    page.keyboard.press("Control+Shift+C")
    page.locator(".lm-CommandPalette-input").fill("Insert code for this view")
    page.locator(
        ".lm-CommandPalette-item", has_text="Insert code for this view in a notebook cell"
    ).click()
    # The notebook comes forward with the code below its active (first) cell.
    sources = cell_sources(page, 4)
    assert 'nxviz.plot("../scan_1d.nxs", "/entry")' in sources[1], sources
    assert "relative to the notebook's folder" in sources[1]
