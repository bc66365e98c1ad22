// Axis ticks for the small SVG plots (radial profile, histogram, XRF spectra): round steps, and
// labels with just the digits their spacing needs, so no two labels read the same.

/** Ticks at multiples of a round step (1, 2 or 5 × 10^k) within [low, high], about `n`. */
export function niceTicks(low: number, high: number, n = 5): number[] {
  if (!(Number.isFinite(low) && Number.isFinite(high)) || high <= low) {
    return Number.isFinite(low) ? [low] : [];
  }
  const rough = (high - low) / Math.max(1, n);
  const power = Math.pow(10, Math.floor(Math.log10(rough)));
  const step =
    [1, 2, 5, 10].map(m => m * power).find(s => s >= rough) ?? 10 * power;
  const out: number[] = [];
  for (let k = Math.ceil(low / step); k * step <= high + step * 1e-9; k += 1) {
    out.push(k * step);
  }
  return out;
}

/** Labels of evenly spaced ticks: as many decimals as the step needs; exponents when large. */
export function tickLabels(ticks: number[]): string[] {
  if (ticks.length === 0) {
    return [];
  }
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 0;
  const top = Math.max(...ticks.map(Math.abs));
  if (top >= 1e5 || (top > 0 && top < 1e-3)) {
    const digits =
      step > 0
        ? Math.max(
            0,
            Math.floor(Math.log10(top)) - Math.floor(Math.log10(step))
          )
        : 2;
    return ticks.map(t =>
      t === 0 ? '0' : t.toExponential(Math.min(6, digits))
    );
  }
  const decimals =
    step > 0 ? Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) : 2;
  return ticks.map(t => t.toFixed(Math.min(10, decimals)));
}
