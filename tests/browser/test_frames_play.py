"""Playing and stepping the demo EIGER stack: every frame painted, in order, each a new picture, and
frames asked further ahead when answers are slow to come back (counted, never timed)."""

from __future__ import annotations

from tests.browser.lab import LabServer
from tests.browser.test_frames import TIMEOUT, VIEW, open_eiger

# each frame as the page is painted with it (read at every animation frame, just before the
# paint): its index, the canvas's, and a checksum of the canvas's pixels
RECORD_PAINTED = """() => {
  const root = document.querySelector("[data-nxviz-view='frames']");
  const canvas = root.querySelector('.jp-nxviz-frames-canvas canvas');
  window.nxvizPainted = [];
  let last = root.dataset.drawnIndex;
  const look = () => {
    if (root.dataset.drawnIndex !== last) {
      last = root.dataset.drawnIndex;
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) {
        sum = (sum * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2]) % 1000000007;
      }
      window.nxvizPainted.push([Number(last), Number(canvas.dataset.drawnIndex), sum]);
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}"""

# image requests wait 400 ms in the page before they go (a distant server), and are counted
SLOW_IMAGES = """(() => {
  const send = window.fetch;
  window.nxvizImages = { asked: 0, onTheirWay: 0, most: 0 };
  window.fetch = async (...args) => {
    const url = String(args[0] instanceof Request ? args[0].url : args[0]);
    if (!url.includes('/nxviz/api/image')) {
      return send(...args);
    }
    const count = window.nxvizImages;
    count.asked += 1;
    count.onTheirWay += 1;
    count.most = Math.max(count.most, count.onTheirWay);
    try {
      await new Promise(resolve => setTimeout(resolve, 400));
      return await send(...args);
    } finally {
      count.onTheirWay -= 1;
    }
  };
})();"""


# the frame the view has drawn (a frame played past is shown for 40 ms: waited for by value)
DRAWN = "Number(document.querySelector(\"[data-nxviz-view='frames']\").dataset.drawnIndex)"


def play_at(page, fps: float) -> None:
    rate = page.locator("input[type='number'][step='0.5']")
    rate.fill(str(fps))
    page.locator(".jp-nxviz-frames-play").click()


def test_playing_at_25_fps_draws_every_frame_in_order(page, lab: LabServer) -> None:
    open_eiger(page, lab)
    page.locator(f"{VIEW}[data-mask-loaded='true']").wait_for(timeout=TIMEOUT)
    page.evaluate(RECORD_PAINTED)
    play_at(page, 25)
    page.wait_for_function("() => window.nxvizPainted.length >= 15", timeout=60_000)
    page.locator(".jp-nxviz-frames-play").click()  # pause
    drawn = page.evaluate("window.nxvizPainted")
    indices = [view for view, _, _ in drawn]
    # the view and its canvas agree on each frame painted, and none is skipped or repeated
    assert all(view == canvas for view, canvas, _ in drawn), drawn
    assert indices[:15] == list(range(1, 16)), indices
    # each frame is a picture of its own (the demo frames differ), not the previous one again
    sums = [checksum for _, _, checksum in drawn[:15]]
    assert len(set(sums)) == len(sums), sums


def test_slow_answers_make_the_view_ask_further_ahead(page, lab: LabServer) -> None:
    page.add_init_script(SLOW_IMAGES)
    view = open_eiger(page, lab)
    page.locator(f"{VIEW}[data-mask-loaded='true']").wait_for(timeout=TIMEOUT)
    # stepping once asks one frame ahead
    view.focus()  # type: ignore[attr-defined]
    page.keyboard.press("ArrowRight")
    page.locator(f"{VIEW}[data-drawn-index='1']").wait_for(timeout=TIMEOUT)
    page.wait_for_function("() => window.nxvizImages.onTheirWay === 0", timeout=TIMEOUT)
    stepping = page.evaluate("window.nxvizImages.most")
    assert stepping <= 2, stepping  # the frame itself, and the next one
    # playing at 25 fps with answers 400 ms away: ten frames' time, so about ten asked ahead
    # (the four asked before any answer is timed, then more once the answers' time is known)
    play_at(page, 25)
    page.wait_for_function(f"() => {DRAWN} >= 12", timeout=60_000)
    # and keeps doing so once many are on their way at once (each answer then shares the
    # server with the others, but still takes 400 ms to come back)
    page.evaluate("window.nxvizImages.most = window.nxvizImages.onTheirWay")
    page.wait_for_function(f"() => {DRAWN} >= 30", timeout=60_000)
    page.locator(".jp-nxviz-frames-play").click()
    most = page.evaluate("window.nxvizImages.most")
    assert most >= 7, most
