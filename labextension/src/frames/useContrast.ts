// The Frames view's contrast: automatic limits (the server's, for the asked percentiles, with
// the shown frame, so it is painted once, already contrasted) or limits set by hand, the scale
// kind, the colour map, and the server's histogram of the shown frame under the colour bar.
import { useMemo, useRef, useState } from 'react';

import { IHistogram } from '../api/image';
import { ColourMapName, IScale } from './colour';
import { IShownFrame } from './FrameCanvas';

/** While playing, the histogram follows the shown frame at most this often (milliseconds). */
export const PLAYING_HISTOGRAM_MS = 500;

export interface IContrast {
  scale: IScale;
  auto: boolean;
  colourMap: ColourMapName;
  histogram?: IHistogram;
  setScale: (scale: IScale) => void;
  setAuto: (on: boolean) => void;
  setColourMap: (name: ColourMapName) => void;
}

export function useContrast(
  shown: IShownFrame | undefined,
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
  // a frame without valid pixels (no limits) keeps the previous limits
  const lastLimits = useRef<[number, number] | undefined>(undefined);
  if (shown?.frame.limits) {
    lastLimits.current = shown.frame.limits;
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

  // the histogram follows the shown frame; while playing at most every PLAYING_HISTOGRAM_MS
  // (redrawing it with each frame would take time from the frames), the shown frame's own as
  // soon as playing stops
  const taken = useRef<{ frame?: IShownFrame; at: number }>({ at: 0 });
  const now = performance.now();
  if (
    shown !== taken.current.frame &&
    (!playing || now - taken.current.at >= PLAYING_HISTOGRAM_MS)
  ) {
    taken.current = { frame: shown, at: now };
  }

  return {
    scale,
    auto,
    colourMap,
    histogram: taken.current.frame?.frame.histogram,
    setScale: setManual,
    setAuto,
    setColourMap
  };
}
