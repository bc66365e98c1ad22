import { describe, expect, it } from 'vitest';

import {
  cornerRadius,
  dSpacing,
  energyToWavelength,
  IGeometry,
  isComplete,
  momentum,
  radius,
  ringRadius,
  rings,
  twoTheta
} from './geometry';

// Beam at pixel (100, 200), 0.1 m away, 1 Å, 100 µm pixels.
const G: IGeometry = {
  beamX: 100,
  beamY: 200,
  distance: 0.1,
  wavelength: 1,
  pixelX: 1e-4,
  pixelY: 1e-4
};

const deg = (rad: number) => (rad * 180) / Math.PI;

describe('geometry', () => {
  it('puts a pixel 0.1 m off-axis at 2θ = 45° with d and q worked by hand', () => {
    // 1000 pixels of 100 µm: r = 0.1 m = distance
    expect(deg(twoTheta(G, 1100, 200))).toBeCloseTo(45, 10);
    // d = λ / (2 sin 22.5°) = 1 / (2 × 0.3826834) = 1.3065630 Å
    expect(dSpacing(G, 1100, 200)).toBeCloseTo(1.306563, 6);
    // q = 4π sin 22.5° / λ = 12.5663706 × 0.3826834 = 4.8089418 Å⁻¹
    expect(momentum(G, 1100, 200)).toBeCloseTo(4.8089418, 6);
  });

  it('combines both axes: a 3-4-5 triangle of pixels', () => {
    expect(radius(G, 400, 600)).toBeCloseTo(0.05, 12);
    // tan 2θ = 0.5: 2θ = 26.565051°
    expect(deg(twoTheta(G, 400, 600))).toBeCloseTo(26.565051, 5);
  });

  it('has infinite d and zero q at the beam centre', () => {
    expect(dSpacing(G, 100, 200)).toBe(Infinity);
    expect(momentum(G, 100, 200)).toBe(0);
  });

  it('gives d × q = 2π anywhere', () => {
    expect(dSpacing(G, 350, 10) * momentum(G, 350, 10)).toBeCloseTo(
      2 * Math.PI,
      10
    );
  });

  it('uses each axis its own pixel size', () => {
    const wide = { ...G, beamX: 0, beamY: 0, pixelX: 2e-4 };
    expect(radius(wide, 10, 0)).toBeCloseTo(2e-3, 12);
    expect(radius(wide, 0, 10)).toBeCloseTo(1e-3, 12);
  });

  it('places the ring of d = 2 Å where tan 2θ = 0.5532834', () => {
    // sin θ = 0.25, tan θ = 0.2581989, tan 2θ = 0.5163978 / 0.9333333
    expect(ringRadius(G, 2)).toBeCloseTo(0.05532834, 7);
    expect(ringRadius(G, 0.5)).toBeUndefined(); // λ / 2d = 1
    expect(ringRadius(G, 0.7)).toBeUndefined(); // 2θ > 90°
  });

  it('inverts the d-spacing of a pixel into its radius', () => {
    expect(ringRadius(G, dSpacing(G, 731, 455))).toBeCloseTo(
      radius(G, 731, 455),
      12
    );
  });

  it('offers the round d-spacings within reach only', () => {
    const found = rings(G, 0.06, [10, 5, 2, 1.5]);
    expect(found.map(r => r.d)).toEqual([10, 5, 2]);
    // 10 Å: sin θ = 0.05, tan 2θ = 0.1001252 / 0.9974937 = 0.1003768
    expect(found[0].radius).toBeCloseTo(0.01003768, 7);
  });

  it('measures the farthest corner', () => {
    // frame 401 × 1101 with the beam at (100, 200): corner (1100, 400) is 1000, 200 px away
    expect(cornerRadius(G, 401, 1101)).toBeCloseTo(Math.hypot(0.1, 0.02), 12);
  });

  it('converts 12.398 keV to 1 Å', () => {
    expect(energyToWavelength(12398.41984332)).toBeCloseTo(1, 12);
  });

  it('knows when a number is missing', () => {
    expect(isComplete(G)).toBe(true);
    expect(isComplete({ ...G, distance: undefined })).toBe(false);
    expect(isComplete({ ...G, wavelength: 0 })).toBe(false);
  });
});
