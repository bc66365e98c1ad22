"""nxviz.show of a volume in a notebook run by a kernel: its output in JupyterLab is the slice
view (three planes, each drawn to the end), not the PNG stored beside it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from nxviz.notebook.display import MIMETYPE
from tests.browser.lab import LabServer, start_lab
from tests.browser.test_notebook import TIMEOUT
from tests.browser.test_volumes import VIEW, panel, wait_complete, warm, with_defaults
from tests.volumes.factories import VOLUME, write_volume

SOURCE = 'import nxviz\nnxviz.show("volume.nxs", "/entry/reconstruction/volume")'


@pytest.fixture(scope="module")
def volume_notebook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, LabServer]]:
    root = tmp_path_factory.mktemp("notebook-volume")
    write_volume(root / "volume.nxs")
    with_defaults(root / "volume.nxs", "entry", "reconstruction")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(SOURCE)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NXVIZ_ROOT_DIR", str(root))  # the kernel finds the root as a server's would
        NotebookClient(
            notebook,
            kernel_name="python3",
            timeout=120,
            resources={"metadata": {"path": str(root)}},
        ).execute()
    nbformat.write(notebook, root / "volume.ipynb")
    server = start_lab(root, tmp_path_factory.mktemp("notebook-volume-home"))
    warm(server, "volume.nxs")
    yield root, server
    server.stop()


def test_show_of_a_volume_gives_the_slice_view_in_the_notebook(page, volume_notebook) -> None:
    root, lab = volume_notebook
    (output,) = nbformat.read(root / "volume.ipynb", as_version=4).cells[0].outputs
    assert output["data"][MIMETYPE] == {
        "file": "volume.nxs",
        "entity": "/entry/reconstruction/volume",
        "options": {},
    }
    assert "image/png" in output["data"]

    page.goto(lab.fresh_url("volume.ipynb"), timeout=60_000)
    view = page.locator(f".jp-Notebook .jp-nxviz-output {VIEW}[data-nxtomo='false']")
    view.wait_for(timeout=TIMEOUT)
    wait_complete(view)

    assert [panel(view, axis).get_attribute("data-index") for axis in range(3)] == [
        str(n // 2) for n in VOLUME
    ]
    assert page.locator(".jp-Notebook .jp-OutputArea-output img").count() == 0
