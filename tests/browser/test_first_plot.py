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
