// Pure helpers of the slice view: which axes a panel shows, where the cursor is, and labels.
import { INxTomoInfo, IVolumeAxis, IVolumeInfo } from '../api/models';

export type Position = [number, number, number];

/** The dataset axes along a slice's rows and columns (the other two, in order). */
export function pictureAxes(axis: number): [number, number] {
  const others = [0, 1, 2].filter(a => a !== axis);
  return [others[0], others[1]];
}

export const AXIS_NAMES = ['z', 'y', 'x'];

/** A panel's title: the plane's axes, columns first ('XY' for a slice along z). */
export function planeName(axis: number, axes: IVolumeAxis[]): string {
  const [r, c] = pictureAxes(axis);
  const name = (a: number) => axes[a].name ?? AXIS_NAMES[a];
  const short = name(c).length === 1 && name(r).length === 1;
  return short
    ? `${name(c)}${name(r)}`.toUpperCase()
    : `${name(c)} × ${name(r)}`;
}

/**
 * The dataset index shown at picture row `row` along `axis` (a picture axis): with the
 * projections only (a sinogram), rows count projections, not frames.
 */
export function datasetIndex(
  pictureAxis: number,
  row: number,
  projections: number[] | null
): number {
  return pictureAxis === 0 && projections ? projections[row] : row;
}

/** Where along a picture axis a dataset index is drawn (undefined: not among its rows). */
export function pictureIndex(
  pictureAxis: number,
  index: number,
  projections: number[] | null
): number | undefined {
  if (pictureAxis !== 0 || !projections) {
    return index;
  }
  const found = projections.indexOf(index);
  return found >= 0 ? found : undefined;
}

/** A number for a readout: 4 significant digits, no exponent for ordinary magnitudes. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  if (Number.isInteger(value) && Math.abs(value) < 1e7) {
    return String(value);
  }
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)
    ? value.toExponential(3)
    : Number(value.toPrecision(4)).toString();
}

/** 'x = 1.25 mm' for a voxel index along a physical axis, or 'x = 17' without coordinates. */
export function coordinateLabel(
  axis: number,
  index: number,
  axes: IVolumeAxis[]
): string {
  const info = axes[axis];
  const name = info.name ?? AXIS_NAMES[axis];
  const value = info.values?.[index];
  if (value === undefined) {
    return `${name} = ${index}`;
  }
  return `${name} = ${formatNumber(value)}${info.units ? ` ${info.units}` : ''}`;
}

/** Indices of the frames of one kind of an NXtomo scan. */
export function framesOf(
  tomo: INxTomoInfo,
  kind: 'projections' | 'flats' | 'darks'
): number[] {
  return tomo.frames[kind];
}

/** The middle of the volume: where the three planes first cut. */
export function centre(info: IVolumeInfo): Position {
  return info.shape.map(n => Math.floor(n / 2)) as Position;
}

/** Tick positions (rows) and labels of the rotation angle along a sinogram's rows. */
export function angleTicks(
  projections: number[],
  angles: number[] | null,
  units: string | null,
  count = 5
): { row: number; label: string }[] {
  if (!angles || projections.length === 0) {
    return [];
  }
  const ticks: { row: number; label: string }[] = [];
  const last = projections.length - 1;
  for (let k = 0; k < count; k += 1) {
    const row = Math.round((k / Math.max(1, count - 1)) * last);
    if (ticks.length && ticks[ticks.length - 1].row === row) {
      continue;
    }
    const angle = angles[projections[row]];
    ticks.push({
      row,
      label: `${formatNumber(angle)}${units === 'deg' || units === 'degree' || units === 'degrees' ? '°' : units ? ` ${units}` : ''}`
    });
  }
  return ticks;
}

/** The value of a reduced picture at full-resolution (row, column). */
export function valueAt(
  data: ArrayLike<number>,
  shape: [number, number],
  factors: [number, number],
  row: number,
  col: number
): number | undefined {
  const r = Math.floor(row / factors[0]);
  const c = Math.floor(col / factors[1]);
  if (r < 0 || c < 0 || r >= shape[0] || c >= shape[1]) {
    return undefined;
  }
  return data[r * shape[1] + c];
}
