import { describe, expect, it } from 'vitest';

import { decodeImage, parseNumbers, parsePercentiles } from './image';

function headers(values: Record<string, string>): Headers {
  return new Headers(values);
}

describe('decodeImage', () => {
  it('reads a raw float32 body with the reduced shape, factors and statistics from headers', () => {
    const body = new Float32Array([0, 1, 2, NaN, 4, Infinity]).buffer;
    const frame = decodeImage(
      body,
      headers({
        'X-Nxviz-Shape': '5,6',
        'X-Nxviz-Image-Shape': '2,3',
        'X-Nxviz-Factors': '3,2',
        'X-Nxviz-Min': '0.0',
        'X-Nxviz-Max': '4.0',
        'X-Nxviz-Percentiles': '{"0.1": 0.0, "99.9": 4.0}'
      })
    );
    expect(frame.shape).toEqual([2, 3]);
    expect(frame.fullShape).toEqual([5, 6]);
    expect(frame.factors).toEqual([3, 2]);
    expect([frame.min, frame.max]).toEqual([0, 4]);
    expect(frame.percentiles).toEqual({ '0.1': 0, '99.9': 4 });
    expect(Number.isNaN(frame.data[3])).toBe(true);
  });

  it('derives the reduced shape from the frame shape and factors when not given', () => {
    const frame = decodeImage(
      new Float32Array(6).buffer,
      headers({ 'X-Nxviz-Shape': '5,6', 'X-Nxviz-Factors': '3,2' })
    );
    expect(frame.shape).toEqual([2, 3]);
  });

  it('refuses a body that does not match its shape', () => {
    expect(() =>
      decodeImage(
        new Float32Array(5).buffer,
        headers({ 'X-Nxviz-Image-Shape': '2,3' })
      )
    ).toThrow(/do not match/);
  });

  it("takes the server's contrast: its limits and histogram, as sent", () => {
    const meta = {
      excluded: 3,
      contrast: {
        limits: [2, 40],
        histogram: { low: 0, high: 59, counts: [5, 0, 7, 1] }
      }
    };
    const frame = decodeImage(
      new Float32Array(1).buffer,
      headers({
        'X-Nxviz-Image-Shape': '1,1',
        'X-Nxviz-Image': JSON.stringify(meta)
      })
    );
    expect(frame.limits).toEqual([2, 40]);
    expect(frame.histogram).toEqual({ low: 0, high: 59, counts: [5, 0, 7, 1] });
    expect(frame.excluded).toBe(3);
  });

  it('has no contrast without valid pixels, or when it is malformed', () => {
    const decode = (contrast: unknown) =>
      decodeImage(
        new Float32Array(1).buffer,
        headers({
          'X-Nxviz-Image-Shape': '1,1',
          'X-Nxviz-Image': JSON.stringify({ contrast })
        })
      );
    const none = decode({ limits: null, histogram: null });
    expect([none.limits, none.histogram]).toEqual([undefined, undefined]);
    const odd = decode({
      limits: [4, 4],
      histogram: { low: 0, high: 1, counts: ['3'] }
    });
    expect([odd.limits, odd.histogram]).toEqual([undefined, undefined]);
  });

  it('leaves out an empty min header (no valid pixel)', () => {
    const frame = decodeImage(
      new Float32Array(1).buffer,
      headers({ 'X-Nxviz-Image-Shape': '1,1', 'X-Nxviz-Min': '' })
    );
    expect(frame.min).toBeUndefined();
  });
});

describe('header parsing', () => {
  it('parses shapes written in several ways', () => {
    expect(parseNumbers('1065,1030')).toEqual([1065, 1030]);
    expect(parseNumbers('[1065, 1030]')).toEqual([1065, 1030]);
    expect(parseNumbers('abc')).toBeUndefined();
    expect(parseNumbers(null)).toBeUndefined();
  });

  it('parses percentiles as JSON or pairs, skipping nulls', () => {
    expect(parsePercentiles('{"1": 3, "99": null}')).toEqual({ '1': 3 });
    expect(parsePercentiles('1=3;99=7')).toEqual({ '1': 3, '99': 7 });
  });
});
