// The spectra a view shows: the one under the cursor, pinned pixels and drawn regions.
import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

import { isAbort, messageOf } from '../common/errors';
import { SpectrumSource, XrfApi } from './api';
import { IPixel } from './MapCanvas';
import { CURVE_COLOURS } from './MapStyle';
import { IXrfCube, IXrfSpectrum } from './models';

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

function samePixel(a: IPixel | null, b: IPixel | null): boolean {
  return (
    a === b || (a !== null && b !== null && a.row === b.row && a.col === b.col)
  );
}

/**
 * The cube's spectra. `hoverAt` is the map's pointer handler: a pixel's spectrum is asked in
 * the pointer event itself (not after the next render), the previous request aborted; the
 * last spectrum under the cursor stays while the next one is asked.
 */
export function useSpectra(xrf: XrfApi, cube: IXrfCube) {
  const [shown, setShown] = useState<IShownSpectrum[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [hover, setHover] = useState<IPixel | null>(null);
  const [hovered, setHovered] = useState<{
    at: IPixel;
    spectrum: IXrfSpectrum;
  } | null>(null);
  const [hoverBusy, setHoverBusy] = useState(false);
  const [hoverError, setHoverError] = useState<string | null>(null);
  const serial = useRef(0);
  const asked = useRef<IPixel | null>(null);
  const pending = useRef<AbortController | null>(null);
  useEffect(
    () => () => {
      pending.current?.abort();
      asked.current = null;
    },
    [xrf, cube.path]
  );
  const hoverAt = (at: IPixel | null): void => {
    if (samePixel(asked.current, at)) {
      return;
    }
    asked.current = at;
    setHover(at);
    pending.current?.abort();
    pending.current = null;
    if (at === null) {
      setHoverBusy(false);
      return;
    }
    const controller = new AbortController();
    pending.current = controller;
    setHoverBusy(true);
    xrf
      .spectrum(
        cube.path,
        { kind: 'pixel', row: at.row, col: at.col },
        cube.energy,
        controller.signal
      )
      .then(
        spectrum => {
          if (!controller.signal.aborted) {
            // committed in this task, not in a later one the scheduler queues behind the
            // page's other work: the spectrum reaches the next frame
            flushSync(() => {
              setHovered({ at, spectrum });
              setHoverError(null);
              setHoverBusy(false);
            });
          }
        },
        (e: unknown) => {
          if (!controller.signal.aborted && !isAbort(e)) {
            setHoverError(messageOf(e));
            setHoverBusy(false);
          }
        }
      );
  };
  const add = async (source: SpectrumSource, keep: boolean): Promise<void> => {
    try {
      const spectrum = await xrf.spectrum(cube.path, source, cube.energy);
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
    hover,
    hoverAt,
    hovered: hover ? hovered : null,
    hoverBusy,
    error: error ?? hoverError,
    add,
    remove: (id: string) => setShown(old => old.filter(s => s.id !== id)),
    clear: () => setShown([])
  };
}
