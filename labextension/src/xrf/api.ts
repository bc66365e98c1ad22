// Typed calls of the XRF endpoints for one file, through the project's one client.
import { NxvizClient } from '../api/client';
import {
  decodeImage,
  headerValue,
  IImageFrame,
  parseNumbers
} from '../api/image';
import {
  IXrfEnergy,
  IXrfFit,
  IXrfLine,
  IXrfPayload,
  IXrfScatter,
  IXrfSpectrum
} from './models';

/** Where a spectrum comes from: one pixel, a half-open rectangle, or a polygon's pixels. */
export type SpectrumSource =
  | { kind: 'pixel'; row: number; col: number }
  | { kind: 'region'; rows: [number, number]; cols: [number, number] }
  | { kind: 'polygon'; points: [number, number][] };

/** A map's window: channels [a, b) or energies [e0, e1] in the energy axis' units. */
export type MapWindow =
  | { kind: 'channels'; range: [number, number] }
  | { kind: 'energy'; range: [number, number] };

/** The query arguments naming a spectrum's pixels. */
export function sourceQuery(source: SpectrumSource): Record<string, string> {
  switch (source.kind) {
    case 'pixel':
      return { pixel: `${source.row},${source.col}` };
    case 'region':
      return {
        region: `${source.rows[0]}:${source.rows[1]},${source.cols[0]}:${source.cols[1]}`
      };
    case 'polygon':
      return { polygon: source.points.map(p => `${p[0]},${p[1]}`).join(',') };
  }
}

function windowQuery(window?: MapWindow | null): Record<string, string> {
  if (!window) {
    return {};
  }
  const [a, b] = window.range;
  return window.kind === 'channels'
    ? { channels: `${Math.round(a)}:${Math.round(b)}` }
    : { energy: `${a}:${b}` };
}

/** A mask of the pixels a scatter box selects (1 = selected), rows × columns. */
export interface ISelection {
  shape: [number, number];
  mask: Uint8Array;
}

export class XrfApi {
  constructor(
    readonly client: NxvizClient,
    readonly file: string
  ) {}

  payload(path: string, signal?: AbortSignal): Promise<IXrfPayload> {
    return this.client.json<IXrfPayload>(
      'xrf',
      { file: this.file, path },
      signal
    );
  }

  /** A cube's counts summed over a window (all channels without one), or a 2-D map. */
  async map(
    path: string,
    window?: MapWindow | null,
    signal?: AbortSignal
  ): Promise<IImageFrame> {
    const { body, headers } = await this.client.binary(
      'xrf/map',
      { file: this.file, path, ...windowQuery(window) },
      signal
    );
    return decodeImage(body, headers);
  }

  /**
   * A spectrum's counts as float64 bytes (`format=bin`: no JSON to parse, no energy sent
   * again), on the cube's `energy` axis; NaN where the cube holds NaN.
   */
  async spectrum(
    path: string,
    source: SpectrumSource,
    energy: IXrfEnergy,
    signal?: AbortSignal
  ): Promise<IXrfSpectrum> {
    const { body, headers } = await this.client.binary(
      'xrf/spectrum',
      { file: this.file, path, format: 'bin', ...sourceQuery(source) },
      signal
    );
    const counts = new Float64Array(body);
    const pixels = Number(headerValue(headers, 'pixels') ?? NaN);
    if (counts.length !== energy.values.length || !Number.isFinite(pixels)) {
      throw new Error(
        `the spectrum holds ${counts.length} channels where the cube has ${energy.values.length}`
      );
    }
    return {
      energy: energy.values,
      units: energy.units,
      counts: Array.from(counts),
      pixels
    };
  }

  /** The spectrum as CSV (energy with units, counts), as the server writes it. */
  async spectrumCsv(path: string, source: SpectrumSource): Promise<string> {
    const response = await this.client.fetch('xrf/spectrum', {
      file: this.file,
      path,
      format: 'csv',
      ...sourceQuery(source)
    });
    return response.text();
  }

  lines(
    elements: string[],
    range?: [number, number],
    signal?: AbortSignal
  ): Promise<IXrfLine[]> {
    return this.client.json<IXrfLine[]>(
      'xrf/lines',
      {
        elements: elements.join(','),
        emin: range?.[0],
        emax: range?.[1]
      },
      signal
    );
  }

  fit(
    path: string,
    row: number,
    col: number,
    signal?: AbortSignal
  ): Promise<IXrfFit> {
    return this.client.json<IXrfFit>(
      'xrf/fit',
      { file: this.file, path, pixel: `${row},${col}` },
      signal
    );
  }

  /** A pixel's fit as CSV: energy with units, measured, model, residuals. */
  async fitCsv(path: string, row: number, col: number): Promise<string> {
    const response = await this.client.fetch('xrf/fit', {
      file: this.file,
      path,
      pixel: `${row},${col}`,
      format: 'csv'
    });
    return response.text();
  }

  scatter(
    x: string,
    y: string,
    bins = 128,
    signal?: AbortSignal
  ): Promise<IXrfScatter> {
    return this.client.json<IXrfScatter>(
      'xrf/scatter',
      { file: this.file, x, y, bins },
      signal
    );
  }

  /** The pixels whose (x, y) map values lie in a box. */
  select(
    x: string,
    y: string,
    xrange: [number, number],
    yrange: [number, number],
    signal?: AbortSignal
  ): Promise<ISelection> {
    return this.selection(
      x,
      y,
      {
        xrange: `${xrange[0]}:${xrange[1]}`,
        yrange: `${yrange[0]}:${yrange[1]}`
      },
      signal
    );
  }

  /** The pixels whose (x, y) map values lie inside a polygon of (x, y) vertices. */
  selectPolygon(
    x: string,
    y: string,
    points: [number, number][],
    signal?: AbortSignal
  ): Promise<ISelection> {
    return this.selection(
      x,
      y,
      { polygon: points.map(p => `${p[0]},${p[1]}`).join(',') },
      signal
    );
  }

  private async selection(
    x: string,
    y: string,
    drawn: Record<string, string>,
    signal?: AbortSignal
  ): Promise<ISelection> {
    const { body, headers } = await this.client.binary(
      'xrf/select',
      { file: this.file, x, y, ...drawn },
      signal
    );
    const shape = parseNumbers(headerValue(headers, 'shape'));
    const mask = new Uint8Array(body);
    if (!shape || shape.length !== 2 || shape[0] * shape[1] !== mask.length) {
      throw new Error(
        `the selection holds ${mask.length} pixels, which do not match its shape ${JSON.stringify(shape ?? null)}`
      );
    }
    return { shape: [shape[0], shape[1]], mask };
  }

  /** A multi-page float32 TIFF of the maps (one page each). */
  async tiff(paths: string[]): Promise<Blob> {
    const { body } = await this.client.binary('xrf/tiff', {
      file: this.file,
      paths: paths.join(',')
    });
    return new Blob([body], { type: 'image/tiff' });
  }
}
