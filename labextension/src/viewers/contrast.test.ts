import { describe, expect, it } from 'vitest';

import {
  dataDomain,
  drawableDomain,
  parseRange,
  percentileDomain,
  serverDomain
} from './contrast';

describe('percentile auto-contrast', () => {
  it('leaves out the gap value so one 2^32-1 pixel does not flatten a frame', () => {
    const frame = new Float64Array(10_000);
    for (let i = 0; i < frame.length; i += 1) {
      frame[i] = i % 100;
    }
    frame[5] = 4294967295;
    const domain = percentileDomain(frame, { low: 0, high: 100 }, 4294967295);
    expect(domain).toEqual([0, 99]);
    const withGap = percentileDomain(frame, { low: 0, high: 100 });
    expect(withGap?.[1]).toBe(4294967295);
  });

  it('takes the requested percentiles and ignores NaN and infinities', () => {
    const values = Float64Array.from({ length: 1001 }, (_, i) => i);
    const withBad = Float64Array.from([...values, NaN, Infinity, -Infinity]);
    expect(percentileDomain(withBad, { low: 1, high: 99 })).toEqual([10, 990]);
    expect(
      percentileDomain(new Float64Array([NaN]), { low: 1, high: 99 })
    ).toBeUndefined();
  });

  it('uses the server percentiles when both bounds are there', () => {
    expect(
      serverDomain({ '0.1': 2, '99.9': 50 }, { low: 0.1, high: 99.9 })
    ).toEqual([2, 50]);
    expect(
      serverDomain({ '0.1': 2 }, { low: 0.1, high: 99.9 })
    ).toBeUndefined();
  });
});

describe('drawableDomain', () => {
  it('keeps log domains positive and widens flat domains', () => {
    const data = new Float64Array([0, 0, 3, 40]);
    expect(drawableDomain([0, 40], 'log', data)).toEqual([3, 40]);
    expect(drawableDomain([5, 5], 'linear', data)).toEqual([5, 5.05]);
    expect(drawableDomain([-4, 9], 'sqrt', data)).toEqual([0, 9]);
  });

  it('parses range settings and falls back to min-max', () => {
    expect(parseRange('0.1-99.9')).toEqual({ low: 0.1, high: 99.9 });
    expect(parseRange('99-1')).toEqual({ low: 0, high: 100 });
    expect(parseRange('junk')).toEqual({ low: 0, high: 100 });
  });
});

describe('limits from the data that is there', () => {
  it('keeps percentiles that differ', () => {
    expect(dataDomain([1, 9], 0, 10)).toEqual({
      domain: [1, 9],
      constant: null
    });
  });

  it('takes min and max when the percentiles coincide (a sparse frame)', () => {
    expect(dataDomain([0, 0], 0, 7.8e-4)).toEqual({
      domain: [0, 7.8e-4],
      constant: null
    });
  });

  it('says a frame is constant and never draws it on −1…1', () => {
    const found = dataDomain([0, 0], 0, 0);
    expect(found).toEqual({ domain: [0, 0], constant: 0 });
    expect(drawableDomain(found.domain, 'linear', new Float64Array(4))).toEqual(
      [0, 1]
    );
  });
});
