"""``nxviz.fair(path)`` in a notebook executed headless: its output is the HTML summary."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient


def test_fair_in_a_notebook_outputs_the_html_summary(demo_dir: Path) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell('import nxviz\nnxviz.fair("fair_typical.nxs")'),
        nbformat.v4.new_code_cell('nxviz.fair("fair_ready.nxs").score'),
    ]
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=120,
        resources={"metadata": {"path": str(demo_dir)}},
    )
    client.execute()
    typical, ready = (
        [o for o in c.outputs if o["output_type"] == "execute_result"] for c in notebook.cells
    )
    html = typical[0]["data"]["text/html"]
    assert "fair_typical.nxs" in html and "not FAIR-ready" in html
    assert "<code>/entry/user</code>" in html  # where to add the missing user
    assert ready[0]["data"]["text/plain"] == "100.0"
