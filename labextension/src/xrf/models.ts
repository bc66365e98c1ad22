// Wire types of the XRF endpoints (`xrf`, `xrf/map`, `xrf/spectrum`, …), as docs/api.yaml says.

export interface IXrfAxis {
  name: string | null;
  units: string | null;
  values: number[] | null;
}

export interface IXrfEnergy {
  /** one value per channel */
  values: number[];
  /** '' or null when the file gives none */
  units: string | null;
  /**
   * 'file': the file's energy axis; 'config': a PyMca configuration's zero + gain × channel;
   * 'channel': channel numbers
   */
  source: 'file' | 'config' | 'channel';
}

export interface IXrfCube {
  /** the 3-D dataset (rows × columns × channels) */
  path: string;
  shape: [number, number, number];
  dtype: string;
  chunks: number[] | null;
  energy: IXrfEnergy;
  rows: IXrfAxis;
  cols: IXrfAxis;
}

export type XrfMapKind = 'parameters' | 'uncertainties' | 'massfractions';

export interface IXrfMap {
  /** the label, 'Fe K' */
  name: string;
  /** PyMca's dataset name, 'Fe_K' */
  dataset?: string;
  /** null for the scattering peaks */
  element: string | null;
  line: string | null;
  kind: XrfMapKind | string;
  path: string;
  units: string;
  shape: [number, number];
}

export interface IXrfFitPaths {
  measured: string | null;
  model: string | null;
  residuals: string | null;
}

/** `xrf`: what the object is and where its parts are. */
export interface IXrfPayload {
  kind: 'cube' | 'pymca';
  path: string;
  /** the PyMca group (NXprocess), null for a cube */
  process?: string | null;
  cube: IXrfCube | null;
  maps: IXrfMap[];
  fit: IXrfFitPaths | null;
  config: string | null;
}

/** `xrf/spectrum`: one pixel's spectrum, or the sum over a region or polygon. */
export interface IXrfSpectrum {
  energy: number[];
  units: string | null;
  /** null where the cube holds NaN */
  counts: (number | null)[];
  pixels: number;
  pixel?: [number, number];
  region?: unknown;
  polygon?: unknown;
}

/** `xrf/lines`: one emission line. */
export interface IXrfLine {
  element: string;
  line: string;
  label: string;
  /** keV */
  energy: number;
  intensity: number;
}

/** `xrf/fit`: a pixel's measured spectrum, the fitted model and the residuals. */
export interface IXrfFit {
  energy: number[];
  units: string | null;
  measured: (number | null)[] | null;
  model: (number | null)[];
  residuals: (number | null)[] | null;
}

export interface IXrfScatterAxis {
  min: number;
  max: number;
  name: string;
}

/** `xrf/scatter`: the density of (x, y) pixel values, bins × bins, y major. */
export interface IXrfScatter {
  bins: number;
  counts: number[];
  x: IXrfScatterAxis;
  y: IXrfScatterAxis;
}
