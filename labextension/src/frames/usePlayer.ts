// Frame navigation: index, step, play/pause at a rate. While playing, the next frame is shown
// only once the current one has been drawn, so a slow server lowers the rate instead of
// queueing requests.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface IPlayer {
  index: number;
  playing: boolean;
  fps: number;
  setIndex: (index: number) => void;
  step: (delta: number) => void;
  setPlaying: (playing: boolean) => void;
  setFps: (fps: number) => void;
  /** the view reports the index it has drawn */
  drawn: (index: number) => void;
  /** steps a second while stepping in a run (a held arrow key), else 0 */
  stepRate: number;
  /** the way frames go: +1 forward (and while playing), -1 after a step back */
  direction: 1 | -1;
}

/** Steps this close together (milliseconds) make a run. */
export const RUN_MS = 1000;

/** Steps a second of the step times `times` (milliseconds, oldest first) that end at `now`. */
export function runRate(times: number[], now: number): number {
  const recent = times.filter(t => now - t <= RUN_MS);
  if (recent.length < 2) {
    return 0;
  }
  const span = recent[recent.length - 1] - recent[0];
  return span > 0 ? ((recent.length - 1) * 1000) / span : 0;
}

/**
 * The step a chosen frame makes from the shown one: +1 or -1 when it is the next or previous
 * (by `stride`; typed into the frame number, or the slider moved by its arrow keys), else 0.
 */
export function stepOf(from: number, to: number, stride: number): -1 | 0 | 1 {
  const by = Math.max(1, stride);
  return to - from === by ? 1 : from - to === by ? -1 : 0;
}

export function clampIndex(index: number, count: number): number {
  if (!Number.isFinite(index) || count <= 0) {
    return 0;
  }
  return Math.min(count - 1, Math.max(0, Math.round(index)));
}

export function usePlayer(count: number, stride: number, initial = 0): IPlayer {
  const [raw, setRawIndex] = useState(initial);
  // the initial frame is kept while the stack's length is unknown, then held within it
  const index = count > 0 ? clampIndex(raw, count) : raw;
  const [playing, setPlaying] = useState(false);
  const [fps, setFps] = useState(10);
  const drawnIndex = useRef(-1);
  const due = useRef(false);
  const indexRef = useRef(index);
  indexRef.current = index;

  // when the recent steps were taken, and which way: how far ahead (or behind) to ask
  const stepTimes = useRef<number[]>([]);
  const [direction, setDirection] = useState<1 | -1>(1);
  const stepTaken = useCallback((delta: number) => {
    const now = performance.now();
    stepTimes.current = [
      ...stepTimes.current.filter(t => now - t <= RUN_MS),
      now
    ];
    setDirection(delta < 0 ? -1 : 1);
  }, []);
  const step = useCallback(
    (delta: number) => {
      stepTaken(delta);
      setRawIndex(i => clampIndex(clampIndex(i, count) + delta, count));
    },
    [count, stepTaken]
  );
  // a frame chosen next to the shown one is a step too (frames are asked ahead the way it went)
  const setIndex = useCallback(
    (i: number) => {
      const to = clampIndex(i, count);
      const delta = stepOf(indexRef.current, to, stride);
      if (delta !== 0) {
        stepTaken(delta);
      }
      setRawIndex(to);
    },
    [count, stride, stepTaken]
  );
  const stepRate = playing
    ? 0
    : runRate(stepTimes.current, stepTimes.current.at(-1) ?? 0);
  // the frame after the one drawn (not after the index asked: a second advance before the
  // view has rendered the first would skip a frame)
  const advance = useCallback(() => {
    setRawIndex(i => {
      const from = drawnIndex.current >= 0 ? drawnIndex.current : i;
      return from + stride >= count ? 0 : from + stride;
    });
  }, [count, stride]);

  // the next frame is shown from an animation frame, never in the task that drew the current
  // one: the page is painted with each frame before the next replaces it (a frame already in
  // is drawn within the render that shows it, so advancing at once from its drawing would
  // replace it before it ever reached the screen)
  const asks = useRef(0);
  const advanceAfterPaint = useCallback(() => {
    const ask = ++asks.current;
    window.requestAnimationFrame(() => {
      // not when a frame was chosen meanwhile (typed, or stepped to) and is not drawn yet
      if (ask === asks.current && drawnIndex.current === indexRef.current) {
        advance();
      }
    });
  }, [advance]);
  const drawn = useCallback(
    (i: number) => {
      drawnIndex.current = i;
      if (due.current) {
        due.current = false;
        advanceAfterPaint();
      }
    },
    [advanceAfterPaint]
  );

  useEffect(() => {
    if (!playing) {
      return undefined;
    }
    setDirection(1);
    const timer = window.setInterval(
      () => {
        if (drawnIndex.current === indexRef.current) {
          advanceAfterPaint();
        } else {
          due.current = true; // advance as soon as the current frame is drawn
        }
      },
      1000 / Math.max(0.1, fps)
    );
    return () => {
      window.clearInterval(timer);
      due.current = false;
      asks.current += 1; // an advance waiting for its animation frame is dropped
    };
  }, [playing, fps, advanceAfterPaint]);

  return {
    index,
    playing,
    fps,
    setIndex,
    step,
    setPlaying,
    setFps,
    drawn,
    stepRate,
    direction
  };
}
