import { describe, expect, it } from 'vitest';

import { sliceSuffix } from './controller';

describe('download names', () => {
  it('carry the frame or the slice they hold', () => {
    expect(sliceSuffix('12,:,:')).toBe('-frame12');
    expect(sliceSuffix('3,4,:')).toBe('-slice3_4');
    expect(sliceSuffix(':')).toBe('');
    expect(sliceSuffix(undefined)).toBe('');
  });
});
