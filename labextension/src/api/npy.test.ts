import { describe, expect, it } from 'vitest';

import { npyBody } from '../../test/npy';
import { decodeNpy, NpyFormatError, parseNpyHeader } from './npy';

describe('parseNpyHeader', () => {
  it('reads descr, order and shape, including 1-tuples and scalars', () => {
    expect(
      parseNpyHeader(
        "{'descr': '<u4', 'fortran_order': False, 'shape': (3,), }"
      )
    ).toEqual({ descr: '<u4', fortran_order: false, shape: [3] });
    expect(
      parseNpyHeader("{'descr': '>f8', 'fortran_order': True, 'shape': (), }")
    ).toEqual({ descr: '>f8', fortran_order: true, shape: [] });
  });
});

describe('decodeNpy', () => {
  it('views little-endian uint32 frames with their shape', () => {
    const values = new Uint32Array([1, 2, 3, 4294967295, 5, 6]);
    const decoded = decodeNpy(npyBody('<u4', [2, 3], values.buffer));
    expect(decoded.shape).toEqual([2, 3]);
    expect(decoded.data).toBeInstanceOf(Uint32Array);
    expect(Array.from(decoded.data)).toEqual(Array.from(values));
    expect(decoded.lossy).toBe(false);
  });

  it('swaps big-endian float64', () => {
    const payload = new ArrayBuffer(16);
    const view = new DataView(payload);
    view.setFloat64(0, 1.5, false);
    view.setFloat64(8, -2.25e-10, false);
    const decoded = decodeNpy(npyBody('>f8', [2], payload));
    expect(decoded.data).toBeInstanceOf(Float64Array);
    expect(Array.from(decoded.data)).toEqual([1.5, -2.25e-10]);
  });

  it('turns int64 into float64 and says it may be lossy', () => {
    const payload = new BigInt64Array([-3n, 2n ** 40n]).buffer;
    const decoded = decodeNpy(npyBody('<i8', [2], payload, { version: 2 }));
    expect(Array.from(decoded.data)).toEqual([-3, 2 ** 40]);
    expect(decoded.lossy).toBe(true);
  });

  it('decodes float16 and bool', () => {
    const half = new Uint16Array([0x3c00, 0xc000, 0x7c00]).buffer; // 1, -2, inf
    expect(Array.from(decodeNpy(npyBody('<f2', [3], half)).data)).toEqual([
      1,
      -2,
      Infinity
    ]);
    const bools = new Uint8Array([1, 0, 1]).buffer;
    expect(Array.from(decodeNpy(npyBody('|b1', [3], bools)).data)).toEqual([
      1, 0, 1
    ]);
  });

  it('refuses what it cannot hold: bad magic, Fortran order, strings, short bodies', () => {
    expect(() =>
      decodeNpy(new TextEncoder().encode('{"a": 1}').buffer)
    ).toThrow(NpyFormatError);
    const four = new Uint32Array([1, 2, 3, 4]).buffer;
    expect(() =>
      decodeNpy(npyBody('<u4', [2, 2], four, { fortran: true }))
    ).toThrow(/Fortran/);
    expect(() => decodeNpy(npyBody('|S4', [1], four))).toThrow(
      /cannot be shown/
    );
    expect(() => decodeNpy(npyBody('<u4', [3, 2], four))).toThrow(/expected/);
  });
});

describe('decodeNpy of complex values', () => {
  it('reads complex128 and complex64 as (real, imaginary) pairs', () => {
    const pairs = new Float64Array([1, -2, 3.5, 0.25]);
    const wide = decodeNpy(npyBody('<c16', [2], pairs.buffer));
    expect(wide.complex).toBe(true);
    expect(wide.shape).toEqual([2]);
    expect(wide.dtype).toBe('<c16');
    expect(Array.from(wide.data)).toEqual([1, -2, 3.5, 0.25]);
    const narrow = decodeNpy(
      npyBody('<c8', [1, 2], new Float32Array([1, -2, 3.5, 0.25]).buffer)
    );
    expect(narrow.data).toBeInstanceOf(Float32Array);
    expect(Array.from(narrow.data)).toEqual([1, -2, 3.5, 0.25]);
  });
});
