import { describe, expect, it } from 'vitest';

import { detectorInfo, INexusAnswer } from './nexus';

const detector = {
  path: '/entry/instrument/detector',
  beam_center: { x: 0.039045, y: 0.0373725, x_px: 520.6, y_px: 498.3 },
  distance: 0.1,
  wavelength: 0.7e-10,
  pixel_size: { x: 75e-6, y: 75e-6 },
  pixel_mask: '/entry/instrument/detector/pixel_mask',
  saturation_value: 1048575,
  data: null
};

describe('detectorInfo', () => {
  it('takes the detector of the entry holding the path, wavelength in Å', () => {
    const answer: INexusAnswer = {
      entries: [
        { path: '/other', detectors: [] },
        { path: '/entry', detectors: [detector] }
      ]
    };
    const info = detectorInfo(answer, '/entry/data/data_000001');
    expect(info.geometry.beamX).toBe(520.6);
    expect(info.geometry.beamY).toBe(498.3);
    expect(info.geometry.wavelength).toBeCloseTo(0.7, 12);
    expect(info.geometry.pixelY).toBe(75e-6);
    expect(info.maskPath).toBe('/entry/instrument/detector/pixel_mask');
    expect(info.saturation).toBe(1048575);
  });

  it('converts a beam centre in metres to pixels when pixels are not given', () => {
    const metres = {
      ...detector,
      beam_center: { x: 0.03, y: 0.015, x_px: null, y_px: null }
    };
    const info = detectorInfo(
      { entries: [{ path: '/entry', detectors: [metres] }] },
      '/entry/data'
    );
    expect(info.geometry.beamX).toBeCloseTo(400, 9);
    expect(info.geometry.beamY).toBeCloseTo(200, 9);
  });

  it('leaves the geometry empty without a detector', () => {
    expect(detectorInfo({ entries: [] }, '/x').geometry).toEqual({});
  });
});
