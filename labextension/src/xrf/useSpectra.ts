// The spectra a view shows: the one under the cursor, pinned pixels and drawn regions.
import { useRef, useState } from 'react';

import { useLatest } from '../app/useLatest';
import { messageOf } from '../tree/model';
import { SpectrumSource, XrfApi } from './api';
import { IPixel } from './MapCanvas';
import { CURVE_COLOURS } from './MapStyle';
import { IXrfSpectrum } from './models';

export interface IShownSpectrum {
  id: string;
  label: string;
  source: SpectrumSource;
  spectrum: IXrfSpectrum;
  colour: string;
}

/** A short name of where a spectrum comes from: 'pixel 3,4', 'region 0:5 × 2:9'. */
export function sourceLabel(source: SpectrumSource): string {
  switch (source.kind) {
    case 'pixel':
      return `pixel ${source.row},${source.col}`;
    case 'region':
      return `sum of rows ${source.rows[0]}:${source.rows[1]} × columns ${source.cols[0]}:${source.cols[1]}`;
    case 'polygon':
      return `sum inside a polygon of ${source.points.length} points`;
  }
}

export function useSpectra(xrf: XrfApi, path: string, hover: IPixel | null) {
  const [shown, setShown] = useState<IShownSpectrum[]>([]);
  const [error, setError] = useState<string | null>(null);
  const serial = useRef(0);
  const hoverState = useLatest(
    hover ? `${path}:${hover.row},${hover.col}` : null,
    signal =>
      xrf.spectrum(
        path,
        { kind: 'pixel', row: hover?.row ?? 0, col: hover?.col ?? 0 },
        signal
      )
  );
  // the last spectrum under the cursor stays while the next one is asked
  const lastHover = useRef<{ at: IPixel; spectrum: IXrfSpectrum } | null>(null);
  if (hoverState.status === 'ready' && hover) {
    lastHover.current = { at: hover, spectrum: hoverState.value };
  }
  const add = async (source: SpectrumSource, keep: boolean): Promise<void> => {
    try {
      const spectrum = await xrf.spectrum(path, source);
      serial.current += 1;
      const id = `s${serial.current}`;
      setError(null);
      setShown(old => {
        const kept = keep ? old : [];
        const used = new Set(kept.map(s => s.colour));
        const colour =
          CURVE_COLOURS.find(c => !used.has(c)) ??
          CURVE_COLOURS[serial.current % CURVE_COLOURS.length];
        return [
          ...kept,
          { id, label: sourceLabel(source), source, spectrum, colour }
        ];
      });
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return {
    shown,
    hovered: hover ? lastHover.current : null,
    hoverBusy: hoverState.status === 'loading',
    error: error ?? (hoverState.status === 'error' ? hoverState.message : null),
    add,
    remove: (id: string) => setShown(old => old.filter(s => s.id !== id)),
    clear: () => setShown([])
  };
}
