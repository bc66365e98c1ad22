"""The first plot of a file: its first frame is asked as soon as the file's NeXus reading names
the default plot, before the view that draws it exists, and only once."""

from __future__ import annotations

from tests.browser.lab import LabServer
from tests.browser.test_frames import image_requests, open_eiger

# the page's clock when the Frames view first appears in the document
VIEW_APPEARS = """
new MutationObserver((_, observer) => {
  if (document.querySelector("[data-nxviz-view='frames']")) {
    window.__nxvizViewAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""

# nxviz's requests in the order they were sent: endpoint, path, selection, start and end
REQUESTS = """
() => performance.getEntriesByType('resource')
  .filter(r => r.name.includes('/nxviz/api/'))
  .map(r => {
    const url = new URL(r.name);
    return [url.pathname.split('/').pop(), url.searchParams.get('path'),
            url.searchParams.get('selection'), r.startTime, r.responseEnd];
  })
"""


def test_the_first_frame_is_asked_with_the_nexus_answer_before_the_view_exists(
    page, lab: LabServer
) -> None:
    page.add_init_script(VIEW_APPEARS)
    asked = image_requests(page)
    open_eiger(page, lab)
    view_at = page.evaluate("() => window.__nxvizViewAt")
    requests = page.evaluate(REQUESTS)
    nexus = next(r for r in requests if r[0] == "nexus")
    first = next(r for r in requests if r[0] == "image")
    assert (first[1], first[2]) == ("/entry/data/data_000001", "0"), first
    # asked once the nexus answer was in, before the Frames view was rendered
    assert nexus[4] <= first[3] < view_at, (nexus, first, view_at)
    # and not asked again by the view, which drew that answer
    frame_0 = [q for q in asked if q.get("selection") == ["0"] and "frames" not in q]
    assert len(frame_0) == 1, frame_0


# each drawing of the Frames view's canvas (its `nxviz:frame-drawn` mark), with the canvas size
# and whether the pixel mask was in then: recorded as the mark is made
DRAWS = """
const mark = performance.mark.bind(performance);
window.__nxvizDraws = [];
performance.mark = (name, options) => {
  if (name === 'nxviz:frame-drawn') {
    const view = document.querySelector("[data-nxviz-view='frames']");
    const canvas = view && view.querySelector('canvas');
    window.__nxvizDraws.push([
      canvas ? `${canvas.width}x${canvas.height}` : '',
      view ? view.getAttribute('data-mask-loaded') : null
    ]);
  }
  return mark(name, options);
};
"""


def test_the_first_frame_is_drawn_once_when_its_answer_comes(page, lab: LabServer) -> None:
    # the opening frame's answer is held until the view, made smaller, has asked again for a
    # smaller image (answered by the same request): the one answer is then drawn once, not
    # once for each ask, before anything else (the pixel mask) changes what is drawn
    page.add_init_script(DRAWS)
    held: list[object] = []

    def hold_first(route: object) -> None:
        if held:
            route.continue_()  # type: ignore[attr-defined]
        else:
            held.append(route)

    page.route("**/nxviz/api/image?**", hold_first)
    page.goto(lab.url("lab/workspaces/drawn-once?reset"), timeout=60_000)
    page.wait_for_selector(".jp-DirListing-item", timeout=60_000)
    page.locator(".jp-DirListing-item", has_text="eiger_master.nxs").dblclick()
    view = page.locator("[data-nxviz-view='frames'][data-frame-count]")
    view.wait_for(timeout=30_000)
    page.wait_for_function("() => !!document.querySelector('.jp-nxviz-frames-canvas')")
    assert len(held) == 1  # the opening frame's request, unanswered
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    page.set_viewport_size({"width": width - 500, "height": height - 300})
    # the smaller view's own ask (for the same frame, smaller) is on its way to the held answer
    page.wait_for_function(
        "() => performance.getEntriesByName('nxviz:frame-asked').length > 0"
        " && document.querySelector('.jp-nxviz-frames-canvas canvas').width < 600"
    )
    held[0].continue_()  # type: ignore[attr-defined]
    view.and_(page.locator("[data-drawn-index='0']")).wait_for(timeout=30_000)
    view.and_(page.locator("[data-mask-loaded='true']")).wait_for(timeout=30_000)
    draws = page.evaluate("() => window.__nxvizDraws")
    before_mask = [size for size, mask in draws if mask != "true"]
    assert before_mask, draws
    assert len(before_mask) == len(set(before_mask)), draws
