import { describe, expect, it } from 'vitest';

import { IGeometry, ringRadius } from './geometry';
import { profilePeaks, radialProfile } from './radial';

const G: IGeometry = {
  beamX: 60,
  beamY: 50,
  distance: 0.1,
  wavelength: 1,
  pixelX: 1e-4,
  pixelY: 1e-4
};

function ringFrame(d: number): Float32Array {
  const r = ringRadius(G, d)!;
  const data = new Float32Array(100 * 120).fill(1);
  for (let y = 0; y < 100; y += 1) {
    for (let x = 0; x < 120; x += 1) {
      if (Math.abs(Math.hypot(x - 60, y - 50) * 1e-4 - r) < 0.5e-4) {
        data[y * 120 + x] = 100;
      }
    }
  }
  return data;
}

const place = {
  shape: [100, 120] as [number, number],
  origin: [0, 0] as [number, number],
  factors: [1, 1] as [number, number]
};

describe('radialProfile', () => {
  it('shows a ring at d = 20 Å as a peak at q = 2π/20', () => {
    const p = radialProfile(ringFrame(20), place, G, 'q', 200);
    const peaks = profilePeaks(p.mean);
    expect(peaks.length).toBeGreaterThan(0);
    const best = peaks.reduce((a, b) => (p.mean[b] > p.mean[a] ? b : a));
    expect(Math.abs(p.centres[best] - (2 * Math.PI) / 20)).toBeLessThan(0.005);
  });

  it('puts the peak at 2θ = 2 asin(1/40) = 2.8651° on a 2θ axis', () => {
    const p = radialProfile(ringFrame(20), place, G, 'twoTheta', 200);
    let best = 0;
    p.mean.forEach((v, k) => {
      if (v > p.mean[best]) {
        best = k;
      }
    });
    expect(Math.abs(p.centres[best] - 2.8651)).toBeLessThan(0.03);
  });

  it('leaves NaN and infinite pixels out', () => {
    const data = new Float32Array(100 * 120).fill(1);
    for (let i = 0; i < data.length; i += 3) {
      data[i] = i % 2 ? NaN : Infinity;
    }
    const p = radialProfile(data, place, G, 'q', 50);
    const counted = p.counts.reduce((a, b) => a + b, 0);
    expect(counted).toBe(data.length - Math.ceil(data.length / 3));
    expect(
      Array.from(p.mean)
        .filter(Number.isFinite)
        .every(v => v === 1)
    ).toBe(true);
  });
});
