// Tick labels a scientist can read: @h5web/lib writes ticks with 3 significant digits, so an
// axis spanning 17.921–17.926 shows "17.9" five times. Such an axis is drawn relative to an
// offset (values − 17.92, labelled "… − 17.92"), as plotting programs do with a large offset.

/** Significant digits @h5web/lib gives a tick label. */
const TICK_DIGITS = 3;
/** Ticks an axis shows at most (about). */
const TICKS = 10;

/** The offset to draw [min, max] against so that its ticks stay distinct; 0 when none is needed. */
export function axisOffset(min: number, max: number): number {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) {
    return 0;
  }
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  const resolution =
    10 ** (Math.floor(Math.log10(magnitude)) - (TICK_DIGITS - 1));
  if ((max - min) / TICKS >= resolution) {
    return 0;
  }
  const step = 10 ** Math.ceil(Math.log10(max - min));
  return Number((Math.floor(min / step) * step).toPrecision(12));
}

/** Min and max of the finite values. */
export function finiteRange(values: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    if (Number.isFinite(v)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  return [min, max];
}

/** The values minus the offset (the same array when the offset is 0). */
export function shifted<T extends ArrayLike<number>>(
  values: T,
  offset: number
): T | Float64Array {
  if (offset === 0) {
    return values;
  }
  return Float64Array.from(values, v => v - offset);
}

/** The axis label of values drawn relative to an offset: "energy (keV) − 8.97". */
export function offsetLabel(
  label: string | undefined,
  offset: number
): string | undefined {
  if (offset === 0) {
    return label;
  }
  const shown = `${offset < 0 ? '+' : '−'} ${Math.abs(offset)}`;
  return label ? `${label} ${shown}` : `value ${shown}`;
}
