import { describe, expect, it } from 'vitest';

import { IVolumeAxis } from '../api/models';
import {
  angleTicks,
  coordinateLabel,
  datasetIndex,
  pictureAxes,
  pictureIndex,
  valueAt
} from './geometry';

const AXES: IVolumeAxis[] = [
  { name: 'z', units: 'mm', values: [0, 0.5, 1] },
  { name: null, units: null, values: null },
  { name: 'x', units: 'mm', values: [10, 10.25, 10.5] }
];

describe('volumes geometry', () => {
  it('shows the other two axes of a slice, in order', () => {
    expect(pictureAxes(0)).toEqual([1, 2]);
    expect(pictureAxes(1)).toEqual([0, 2]);
    expect(pictureAxes(2)).toEqual([0, 1]);
  });

  it('labels a voxel by its physical coordinate, or its index without one', () => {
    expect(coordinateLabel(2, 1, AXES)).toBe('x = 10.25 mm');
    expect(coordinateLabel(1, 2, AXES)).toBe('y = 2');
  });

  it('maps sinogram rows to projection frames and back', () => {
    const projections = [20, 21, 22, 23];
    expect(datasetIndex(0, 2, projections)).toBe(22);
    expect(pictureIndex(0, 22, projections)).toBe(2);
    expect(pictureIndex(0, 3, projections)).toBeUndefined();
    expect(pictureIndex(2, 7, projections)).toBe(7);
  });

  it('puts the rotation angles of the first and last projections on the sinogram axis', () => {
    const angles = [0, 0, 0, 45, 90, 135, 180];
    const ticks = angleTicks([2, 3, 4, 5, 6], angles, 'deg', 3);
    expect(ticks).toEqual([
      { row: 0, label: '0°' },
      { row: 2, label: '90°' },
      { row: 4, label: '180°' }
    ]);
  });

  it('reads a reduced picture at a full-resolution voxel', () => {
    const data = Float32Array.from([1, 2, 3, 4]);
    expect(valueAt(data, [2, 2], [2, 3], 3, 5)).toBe(4);
    expect(valueAt(data, [2, 2], [1, 1], 2, 0)).toBeUndefined();
  });
});
