"""Opening a NeXus file from JupyterLab's file browser shows its root groups in nxviz."""

from __future__ import annotations

import h5py

from tests.browser.lab import LabServer

TIMEOUT = 30_000


def open_lab(page, lab: LabServer) -> None:
    page.goto(lab.fresh_url(), timeout=60_000)
    page.wait_for_selector(".jp-DirListing-item", timeout=60_000)


def root_names(lab: LabServer, name: str) -> list[str]:
    with h5py.File(lab.root / name, "r") as f:
        return list(f.keys())


def test_double_click_opens_nxviz_with_root_groups(page, lab: LabServer) -> None:
    open_lab(page, lab)
    page.locator(".jp-DirListing-item", has_text="eiger_master.nxs").dblclick()

    panel = page.locator(".jp-nxviz-root[data-nxviz-state='ready']")
    panel.wait_for(timeout=TIMEOUT)
    shown = panel.locator(".jp-nxviz-child").evaluate_all("els => els.map(e => e.dataset.name)")
    assert shown == root_names(lab, "eiger_master.nxs")
    assert "NXentry" in panel.inner_text()
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    assert "eiger_master.nxs" in tab.inner_text()


def test_open_with_menu_offers_nxviz_and_opens_it(page, lab: LabServer) -> None:
    open_lab(page, lab)
    page.locator(".jp-DirListing-item", has_text="scan_1d.nxs").click(button="right")
    page.locator(".lm-Menu-item", has_text="Open With").hover()
    page.locator(".lm-Menu-item", has_text="NeXus viewer (nxviz)").click()

    panel = page.locator(".jp-nxviz-root[data-nxviz-state='ready']")
    panel.wait_for(timeout=TIMEOUT)
    shown = panel.locator(".jp-nxviz-child").evaluate_all("els => els.map(e => e.dataset.name)")
    assert shown == root_names(lab, "scan_1d.nxs")


def test_file_bytes_never_fetched_through_contents_api(page, lab: LabServer) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_lab(page, lab)
    page.locator(".jp-DirListing-item", has_text="tomo_volume.nxs").dblclick()
    page.locator(".jp-nxviz-root[data-nxviz-state='ready']").wait_for(timeout=TIMEOUT)

    reads = [u for u in requests if "/api/contents/tomo_volume.nxs?" in u]
    assert reads, "the document context asks for the file's metadata"
    assert all("content=0" in u and "format=" not in u for u in reads), reads
    assert any("/nxviz/api/meta" in u and "tomo_volume.nxs" in u for u in requests)
