"""The viewer's controls are JupyterLab's: the header's toolbar buttons and the heatmap's
"Keep ratio" (visible, not in an overflow menu) take their colours from the theme's --jp-*
variables, in the light theme and after switching to the dark one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import browser_page
from tests.browser.lab import LabServer
from tests.browser.test_gallery import open_file, wait_drawn

TIMEOUT = 30_000

# The colours of a control's label and of probes painted with the theme's variables.
COLOURS = """
(selector) => {
  const control = document.querySelector(selector);
  const probe = document.createElement('span');
  probe.style.color = 'var(--jp-ui-font-color1)';
  probe.style.background = 'var(--jp-layout-color1)';
  document.body.append(probe);
  const theme = getComputedStyle(probe);
  const out = {
    label: getComputedStyle(control).color,
    font: theme.color,
    layout: theme.backgroundColor,
    light: document.body.dataset.jpThemeLight,
  };
  probe.remove();
  return out;
}
"""


@pytest.fixture
def lpage(browser: object, lab: LabServer, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from browser_page(browser, request, 1100, 800)


def test_controls_follow_the_theme_and_keep_ratio_is_visible(lpage, lab: LabServer) -> None:
    page = lpage
    viewer = open_file(page, lab, "xrf_map.nxs")
    wait_drawn(page, viewer)
    keep = viewer.locator(".jp-nxviz-keep-ratio")
    assert keep.is_visible(), "Keep ratio is hidden"
    note = viewer.locator(".jp-nxviz-plot-note")
    assert note.get_attribute("data-nxviz-aspect") == "equal"
    keep.click()
    page.wait_for_function(
        "() => document.querySelector('.jp-nxviz-plot-note').dataset.nxvizAspect === 'auto'",
        timeout=TIMEOUT,
    )
    header = ".jp-nxviz-actions .jp-nxviz-button"
    assert viewer.locator(header).count() >= 4  # Refresh, Validate, PNG, NPY…
    assert viewer.locator(".jp-nxviz-actions .jp-ToolbarButtonComponent").count() >= 4

    light = page.evaluate(COLOURS, header)
    assert light["light"] == "true"
    assert light["label"] == light["font"]

    page.locator(".lm-MenuBar-itemLabel", has_text="Settings").click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Theme", exact=True).hover()
    page.locator(".lm-Menu-itemLabel").get_by_text("JupyterLab Dark", exact=True).click()
    page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'", timeout=TIMEOUT)
    page.wait_for_timeout(500)  # the theme's style sheet applied
    dark = page.evaluate(COLOURS, header)
    assert dark["label"] == dark["font"]
    assert dark["label"] != light["label"] and dark["layout"] != light["layout"]
    keep_colour = page.evaluate(COLOURS, ".jp-nxviz-keep-ratio")
    assert keep_colour["label"] == dark["font"]
