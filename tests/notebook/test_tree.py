"""nxviz.tree: collapsible HTML with NX classes, shapes, dtypes and link targets, escaped."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

import nxviz
from nxviz.errors import FileAccessError, NotHDF5Error
from nxviz.notebook import htmltree
from tests.notebook import factories


@pytest.fixture
def tree_html(tmp_path: Path) -> str:
    return str(nxviz.tree(factories.write_tree(tmp_path / "tree.nxs"))._repr_html_())


def test_groups_are_collapsible_with_their_class(tree_html: str) -> None:
    assert tree_html.count("<details") == tree_html.count("</details>") >= 4
    assert '<summary><b>entry</b> <span class="nxclass">NXentry</span></summary>' in tree_html
    assert '<summary><b>data</b> <span class="nxclass">NXdata</span></summary>' in tree_html


def test_fields_show_shape_dtype_and_units(tree_html: str) -> None:
    assert '<b>frames</b> <span class="meta">4 × 3 × 2 uint16</span>' in tree_html
    assert '<b>energy</b> <span class="meta">4 float64 [keV]</span>' in tree_html
    assert '<b>title</b> <span class="meta">scalar string (utf-8)</span>' in tree_html


def test_links_show_their_targets(tree_html: str) -> None:
    assert '<b>soft</b> <span class="link">→ /entry/data/frames</span>' in tree_html
    assert "→ elsewhere.h5:/some/path" in tree_html
    assert "→ /entry/data/energy (hard link)" in tree_html


def test_names_and_classes_are_escaped(tree_html: str) -> None:
    assert "<img" not in tree_html
    assert "NX<evil>" not in tree_html
    assert html.escape(factories.MALICIOUS) in tree_html
    assert html.escape("NX<evil>") in tree_html


def test_big_groups_are_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(htmltree, "MAX_CHILDREN", 10)
    shown = nxviz.tree(factories.write_tree(tmp_path / "tree.nxs", children=25))
    text = shown._repr_html_()
    assert "item0009" in text and "item0010" not in text
    assert "… 15 more not shown" in text
    assert "… 15 more" in str(shown)


def test_text_form_for_consoles(tmp_path: Path) -> None:
    text = str(nxviz.tree(factories.write_nxmx(tmp_path / "nxmx.nxs")))
    lines = text.splitlines()
    assert lines[0] == "nxmx.nxs  NXroot"
    assert "        └── detector  NXdetector" in lines
    assert any(line.endswith("pixel_mask  40 × 60 uint32") for line in lines)


def test_demo_master_tree_shows_its_external_links(demo_dir: Path) -> None:
    text = nxviz.tree(demo_dir / "eiger_master.nxs")._repr_html_()
    assert "→ eiger_data_000001.h5:/entry/data/data" in text
    assert "NXdetector" in text


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError):
        nxviz.tree(tmp_path / "absent.h5")
    (tmp_path / "text.h5").write_text("plain text")
    with pytest.raises(NotHDF5Error):
        nxviz.tree(tmp_path / "text.h5")
