// Where a detector pixel looks: 2θ, q and d of a flat detector normal to the beam.
// Pixel indices are pixel centres (x: column, fast axis; y: row, slow axis), as NXmx gives the
// beam centre; lengths in metres, wavelength and d in Å, q in Å⁻¹ (q = 4π sin θ / λ = 2π / d).
// The same formulas as nxviz/frames/geometry.py.

export interface IGeometry {
  /** beam centre in pixels along x (columns) and y (rows) */
  beamX: number;
  beamY: number;
  /** sample to detector distance, m */
  distance: number;
  /** incident wavelength, Å */
  wavelength: number;
  /** pixel size along x and y, m */
  pixelX: number;
  pixelY: number;
}

export interface IRing {
  /** d-spacing, Å */
  d: number;
  /** radius on the detector, m */
  radius: number;
}

/** d-spacings (Å) offered as resolution rings, largest first. */
export const ROUND_D_SPACINGS = [
  50, 20, 10, 8, 6, 5, 4, 3.5, 3, 2.5, 2, 1.8, 1.6, 1.5, 1.4, 1.3, 1.2, 1.1, 1,
  0.9, 0.8, 0.7, 0.6, 0.5
];

const HC_EV_ANGSTROM = 12398.41984332;

export function energyToWavelength(energyEv: number): number {
  return HC_EV_ANGSTROM / energyEv;
}

/** Distance in metres on the detector from the beam centre to pixel (x, y). */
export function radius(g: IGeometry, x: number, y: number): number {
  return Math.hypot((x - g.beamX) * g.pixelX, (y - g.beamY) * g.pixelY);
}

/** Scattering angle 2θ in radians. */
export function twoTheta(g: IGeometry, x: number, y: number): number {
  return Math.atan2(radius(g, x, y), g.distance);
}

/** Momentum transfer in Å⁻¹. */
export function momentum(g: IGeometry, x: number, y: number): number {
  return (4 * Math.PI * Math.sin(twoTheta(g, x, y) / 2)) / g.wavelength;
}

/** d-spacing in Å; Infinity at the beam centre. */
export function dSpacing(g: IGeometry, x: number, y: number): number {
  const s = Math.sin(twoTheta(g, x, y) / 2);
  return s === 0 ? Infinity : g.wavelength / (2 * s);
}

/** Radius in metres of the ring of d-spacing `d`; undefined when it cannot reach the detector. */
export function ringRadius(g: IGeometry, d: number): number | undefined {
  const s = g.wavelength / (2 * d);
  if (!(s > 0 && s < 1)) {
    return undefined;
  }
  const angle = 2 * Math.asin(s);
  return angle >= Math.PI / 2 ? undefined : g.distance * Math.tan(angle);
}

/** The round d-spacings whose ring lies within `maxRadius` metres of the beam. */
export function rings(
  g: IGeometry,
  maxRadius: number,
  spacings: number[] = ROUND_D_SPACINGS
): IRing[] {
  const out: IRing[] = [];
  for (const d of spacings) {
    const r = ringRadius(g, d);
    if (r !== undefined && r > 0 && r <= maxRadius) {
      out.push({ d, radius: r });
    }
  }
  return out;
}

/** Largest distance in metres from the beam centre to a corner of a rows × cols frame. */
export function cornerRadius(g: IGeometry, rows: number, cols: number): number {
  let best = 0;
  for (const [x, y] of [
    [0, 0],
    [cols - 1, 0],
    [0, rows - 1],
    [cols - 1, rows - 1]
  ]) {
    best = Math.max(best, radius(g, x, y));
  }
  return best;
}

/** Whether every number the formulas need is there and physical. */
export function isComplete(g: Partial<IGeometry>): g is IGeometry {
  return (
    Number.isFinite(g.beamX) &&
    Number.isFinite(g.beamY) &&
    (g.distance ?? 0) > 0 &&
    (g.wavelength ?? 0) > 0 &&
    (g.pixelX ?? 0) > 0 &&
    (g.pixelY ?? 0) > 0
  );
}
