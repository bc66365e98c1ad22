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

  const setIndex = useCallback(
    (i: number) => setRawIndex(clampIndex(i, count)),
    [count]
  );
  const step = useCallback(
    (delta: number) =>
      setRawIndex(i => clampIndex(clampIndex(i, count) + delta, count)),
    [count]
  );
  const advance = useCallback(() => {
    setRawIndex(i => (i + stride >= count ? 0 : i + stride));
  }, [count, stride]);

  const drawn = useCallback(
    (i: number) => {
      drawnIndex.current = i;
      if (due.current) {
        due.current = false;
        advance();
      }
    },
    [advance]
  );

  useEffect(() => {
    if (!playing) {
      return undefined;
    }
    const timer = window.setInterval(
      () => {
        if (drawnIndex.current === indexRef.current) {
          advance();
        } else {
          due.current = true; // advance as soon as the current frame is drawn
        }
      },
      1000 / Math.max(0.1, fps)
    );
    return () => {
      window.clearInterval(timer);
      due.current = false;
    };
  }, [playing, fps, advance]);

  return { index, playing, fps, setIndex, step, setPlaying, setFps, drawn };
}
