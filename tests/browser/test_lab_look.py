"""The viewer's controls are JupyterLab's: the header's toolbar buttons and the heatmap's
"Keep ratio" (visible, not in an overflow menu) take their colours from the theme's --jp-*
variables, in the light theme and after switching to the dark one; so do @h5web's own toolbars
(colour map, scale, grid: through its CSS custom properties) and the side panels' buttons
(JupyterLab's Button, reached and pressed with the keyboard); every control has a label or a
title."""

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


# Every colour the theme's variables give (text, layout, brand, state colours), as computed.
PALETTE = """
() => {
  const names = [];
  for (const kind of ['ui-font-color', 'content-font-color', 'layout-color', 'brand-color',
                      'border-color', 'error-color', 'warn-color', 'info-color']) {
    for (let i = 0; i <= 4; i += 1) { names.push(`--jp-${kind}${i}`); }
  }
  names.push('--jp-toolbar-background', '--jp-content-link-color', '--jp-ui-inverse-font-color1');
  const probe = document.createElement('span');
  document.body.append(probe);
  const out = new Set(['rgba(0, 0, 0, 0)']);
  for (const name of names) {
    probe.style.color = `var(${name})`;
    probe.style.backgroundColor = `var(${name})`;
    const css = getComputedStyle(probe);
    out.add(css.color);
    out.add(css.backgroundColor);
  }
  probe.remove();
  return Array.from(out);
}
"""

# Text and background colours of everything in @h5web's toolbar and the side panel's buttons,
# with a name for each element that says where it is.
PAINTED = """
() => {
  const root = document.querySelector('.jp-nxviz-root');
  const toolbar = root.querySelector("[class*='_toolbar_']");
  const menus = Array.from(document.querySelectorAll(
    "[class*='_menu_'], [class*='_menu_'] *, [class*='_popup_'], [class*='_popup_'] *"
  ));
  const inside = [toolbar, ...toolbar.querySelectorAll('*'), ...menus];
  const buttons = Array.from(root.querySelectorAll('.jp-nxviz-side .jp-Button'));
  return [...inside, ...buttons]
    .filter(el => el.getClientRects().length && !(el instanceof SVGElement))
    .map(el => {
      const css = getComputedStyle(el);
      return {
        where: `${el.tagName} ${String(el.className).slice(0, 40)}`,
        color: css.color,
        background: css.backgroundColor,
      };
    });
}
"""

# Controls (buttons, selects, inputs, elements acting as buttons) with neither a visible text,
# a <label>, an aria-label nor a title.
UNLABELLED = """
() => Array.from(document.querySelectorAll(
  '.jp-nxviz-root button, .jp-nxviz-root select, .jp-nxviz-root input, .jp-nxviz-root [role=button]'
)).filter(el => el.getClientRects().length).filter(el => !(
  (el.getAttribute('aria-label') || '').trim() ||
  (el.getAttribute('title') || '').trim() ||
  el.getAttribute('aria-labelledby') ||
  (el.labels && Array.from(el.labels).some(l => l.textContent.trim())) ||
  (el.tagName !== 'INPUT' && el.tagName !== 'SELECT' && el.textContent.trim())
)).map(el => el.outerHTML.slice(0, 160))
"""


def check_painted_by_theme(page) -> None:
    palette = set(page.evaluate(PALETTE))
    painted = page.evaluate(PAINTED)
    assert len(painted) > 10
    wrong = [p for p in painted if p["color"] not in palette or p["background"] not in palette]
    assert not wrong, wrong


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
    check_painted_by_theme(page)


def test_h5web_toolbars_and_side_panel_buttons_are_the_themes_and_every_control_is_named(
    lpage, lab: LabServer
) -> None:
    page = lpage
    viewer = open_file(page, lab, "xrf_map.nxs")
    wait_drawn(page, viewer)
    side = viewer.locator(".jp-nxviz-side")
    fair = side.get_by_role("button", name="Check FAIR readiness")
    assert "jp-Button" in (fair.get_attribute("class") or "")
    assert fair.get_attribute("title")
    check_painted_by_theme(page)
    assert not page.evaluate(UNLABELLED)

    # the side panel's button is reached and pressed with the keyboard
    fair.focus()
    assert page.evaluate("() => document.activeElement.textContent") == "Check FAIR readiness"
    page.keyboard.press("Enter")
    side.locator(".jp-nxviz-fair[data-nxviz-state='ready']").wait_for(timeout=TIMEOUT)
    again = side.locator(".jp-nxviz-fair .jp-Button", has_text="Check again")
    assert again.count() == 1

    page.locator(".lm-MenuBar-itemLabel", has_text="Settings").click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Theme", exact=True).hover()
    page.locator(".lm-Menu-itemLabel").get_by_text("JupyterLab Dark", exact=True).click()
    page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'", timeout=TIMEOUT)
    page.wait_for_timeout(500)  # the theme's style sheet applied
    check_painted_by_theme(page)
    # @h5web's colour-map menu, opened: its options (the chosen one too) on the theme's colours
    viewer.locator("[class*='_toolbar_'] button", has_text="Viridis").first.click()
    page.locator("[class*='_menu_'] [aria-selected]").first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(300)  # @h5web's 50 ms colour transitions over
    check_painted_by_theme(page)
    page.keyboard.press("Escape")

    # the Frames view (its contrast, geometry and frame controls) names every control too
    viewer = open_file(page, lab, "eiger_master.nxs")
    page.locator("[data-nxviz-view='frames'][data-drawn-index='0']").wait_for(timeout=TIMEOUT)
    assert not page.evaluate(UNLABELLED)
