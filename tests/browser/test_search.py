"""Search by name over the file (issue 6): the box above the tree asks the server and reveals."""

from __future__ import annotations

from tests.browser.lab import LabServer

TIMEOUT = 30_000
MASK = "/entry/instrument/detector/pixel_mask"


def open_master(page, lab: LabServer):
    page.goto(lab.fresh_url("eiger_master.nxs"), timeout=60_000)
    viewer = page.locator(".jp-nxviz-root[data-nxviz-state='ready']")
    viewer.wait_for(timeout=TIMEOUT)
    return viewer


def test_a_result_reveals_and_selects_its_entity(page, lab: LabServer) -> None:
    viewer = open_master(page, lab)
    box = viewer.locator(".jp-nxviz-search input")
    # the detector's group is collapsed: the mask is not in the tree yet
    assert viewer.locator(f".jp-nxviz-node[data-path='{MASK}']").count() == 0

    with page.expect_response(lambda r: "/nxviz/api/search?" in r.url) as answered:
        box.press_sequentially("pixel_mask", delay=20)
    response = answered.value
    assert response.ok and "q=pixel_mask" in response.url

    results = viewer.locator(".jp-nxviz-search-results")
    hit = results.locator(f".jp-nxviz-search-result[data-path='{MASK}']")
    hit.wait_for(timeout=TIMEOUT)
    assert "pixel_mask" in hit.inner_text()
    assert "/entry/instrument/detector" in hit.inner_text()
    paths = results.locator(".jp-nxviz-search-result").evaluate_all(
        "els => els.map(e => e.dataset.path)"
    )
    assert paths[0] == MASK and all("pixel_mask" in p for p in paths)
    assert viewer.locator(".jp-nxviz-search-summary").inner_text() == f"{len(paths)} found"

    hit.click()
    selected = viewer.locator(f".jp-nxviz-node.jp-mod-selected[data-path='{MASK}']")
    selected.wait_for(timeout=TIMEOUT)
    path_field = viewer.locator(".jp-nxviz-inspector dd[data-field='path']")
    page.wait_for_function(
        "([el, path]) => el && el.textContent === path",
        arg=[path_field.element_handle(timeout=TIMEOUT), MASK],
        timeout=TIMEOUT,
    )
    assert path_field.inner_text() == MASK

    box.press("Escape")
    assert box.input_value() == ""
    results.wait_for(state="detached", timeout=TIMEOUT)


def test_nx_class_search_enter_and_nothing_named(page, lab: LabServer) -> None:
    viewer = open_master(page, lab)
    box = viewer.locator(".jp-nxviz-search input")

    box.fill("NXdetector")
    first = viewer.locator(".jp-nxviz-search-result").first
    first.wait_for(timeout=TIMEOUT)
    assert "NXdetector" in first.locator(".jp-nxviz-nxclass").inner_text()
    target = first.get_attribute("data-path")
    assert target
    box.press("Enter")
    viewer.locator(f".jp-nxviz-node.jp-mod-selected[data-path='{target}']").wait_for(
        timeout=TIMEOUT
    )

    box.fill("no_such_name_anywhere")
    summary = viewer.locator(".jp-nxviz-search-summary", has_text="nothing named")
    summary.wait_for(timeout=TIMEOUT)
    assert summary.inner_text() == "nothing named “no_such_name_anywhere”"
    assert viewer.locator(".jp-nxviz-search-result").count() == 0

    # reading the file again asks the server again for the query in the box
    with page.expect_response(lambda r: "/nxviz/api/search?" in r.url) as answered:
        viewer.locator(".jp-nxviz-button", has_text="Refresh").click()
    assert "q=no_such_name_anywhere" in answered.value.url
    summary.wait_for(timeout=TIMEOUT)
