// The Frames view's contrast: automatic limits from the shown frame's percentiles (derived with
// the frame, so it is painted once, already contrasted) or limits set by hand, the scale kind,
// the colour map, and the histogram under the colour bar (in a deferred render).
import { useDeferredValue, useMemo, useRef, useState } from 'react';

/** While playing, the histogram follows the shown frame at most this often (milliseconds). */
export const PLAYING_HISTOGRAM_MS = 500;

import { ColourMapName, IScale } from './colour';
import { autoLimits, histogram, IHistogram } from './contrast';
import { IShownFrame } from './FrameCanvas';

export interface IContrast {
  scale: IScale;
  auto: boolean;
  colourMap: ColourMapName;
  histogram?: IHistogram;
  setScale: (scale: IScale) => void;
  setAuto: (on: boolean) => void;
  setColourMap: (name: ColourMapName) => void;
}

/** Auto-contrast limits of a frame: the server's percentiles, or computed from its values. */
function frameLimits(
  shown: IShownFrame,
  percentiles: [number, number]
): [number, number] | undefined {
  const p = shown.frame.percentiles;
  const low = p[String(percentiles[0])];
  const high = p[String(percentiles[1])];
  return low !== undefined && high !== undefined && high > low
    ? [low, high]
    : autoLimits(shown.frame.data, percentiles);
}

export function useContrast(
  shown: IShownFrame | undefined,
  percentiles: [number, number],
  playing = false
): IContrast {
  // limits set by hand (or frozen when auto-contrast is switched off), scale kind and gamma
  const [manual, setManual] = useState<IScale>({
    kind: 'linear',
    low: 0,
    high: 1,
    gamma: 2
  });
  const [auto, setAutoState] = useState(true);
  const [colourMap, setColourMap] = useState<ColourMapName>('greys-inverted');
  // a frame without valid pixels keeps the previous limits
  const lastLimits = useRef<[number, number] | undefined>(undefined);
  const limitsOfShown = useMemo(
    () => (shown ? frameLimits(shown, percentiles) : undefined),
    [shown, percentiles]
  );
  if (limitsOfShown) {
    lastLimits.current = limitsOfShown;
  }
  const limits = auto ? lastLimits.current : undefined;
  const scale: IScale = useMemo(
    () => (limits ? { ...manual, low: limits[0], high: limits[1] } : manual),
    [manual, limits?.[0], limits?.[1]]
  );
  const setAuto = (on: boolean) => {
    if (!on) {
      setManual(scale); // manual limits start from the automatic ones
    }
    setAutoState(on);
  };

  // the histogram spans the valid minimum to half a window above the high limit; it follows
  // the frame in a deferred render, so the frame itself is painted first, and while playing
  // at most every PLAYING_HISTOGRAM_MS (a pass over every value of each frame would take
  // time from the frames; the shown frame's own is made as soon as playing stops)
  const histInput = useMemo(
    () => ({ shown, low: scale.low, high: scale.high }),
    [shown, scale.low, scale.high]
  );
  const histTaken = useRef({ input: histInput, at: 0 });
  const now = performance.now();
  if (!playing || now - histTaken.current.at >= PLAYING_HISTOGRAM_MS) {
    if (histTaken.current.input !== histInput) {
      histTaken.current = { input: histInput, at: now };
    }
  }
  const deferred = useDeferredValue(histTaken.current.input);
  const hist = useMemo(() => {
    const { shown: frame, low: limitLow, high: limitHigh } = deferred;
    if (!frame) {
      return undefined;
    }
    const low = frame.frame.min ?? limitLow;
    const top = limitHigh + (limitHigh - limitLow) * 0.5;
    const high = Math.min(frame.frame.max ?? top, top);
    return histogram(frame.frame.data, low, high > low ? high : low + 1, 64);
  }, [deferred]);

  return {
    scale,
    auto,
    colourMap,
    histogram: hist,
    setScale: setManual,
    setAuto,
    setColourMap
  };
}
