import { describe, expect, it } from 'vitest';

import { IFieldInfo, IPlotInfo } from '../api/models';
import { resolvedFromPlot } from './nxdata';

function field(
  path: string,
  shape: number[],
  extra: Partial<IFieldInfo> = {}
): IFieldInfo {
  return {
    name: path.split('/').pop() ?? '',
    path,
    shape,
    dtype: '<f8',
    units: null,
    long_name: null,
    ...extra
  };
}

const XAS: IPlotInfo = {
  kind: 'nxdata',
  path: '/entry/data',
  chain: ['/entry', '/entry/data'],
  chosen_by: 'default',
  note: null,
  dataset: null,
  nxdata: {
    path: '/entry/data',
    signal: field('/entry/data/mu', [458], { label: 'μ·t = ln(I0/It)' }),
    axes: [],
    dimension_axes: [
      field('/entry/data/energy', [458], {
        label: 'Energy (keV)',
        units: 'keV',
        order: 'increasing'
      })
    ],
    errors: null,
    auxiliary_signals: [
      field('/entry/data/absorbed_beam', [458], { label: 'It (counts)' }),
      field('/entry/data/monitor', [3])
    ],
    title: 'Cu K edge',
    scales: null
  }
};

describe('resolvedFromPlot', () => {
  it('gives the signal first, auxiliary signals of its shape after, and the axes per dimension', () => {
    const resolved = resolvedFromPlot(XAS);
    if (resolved.kind !== 'resolved') {
      throw new Error('expected a plot');
    }
    expect(resolved.signals).toEqual([
      { path: '/entry/data/mu', label: 'μ·t = ln(I0/It)' },
      { path: '/entry/data/absorbed_beam', label: 'It (counts)' }
    ]);
    expect(resolved.axes).toEqual([
      {
        path: '/entry/data/energy',
        label: 'Energy (keV)',
        units: 'keV',
        order: 'increasing'
      }
    ]);
    expect(resolved.title).toBe('Cu K edge');
    expect(resolved.note).toBeNull();
  });

  it('keeps the note when the NeXus rules or a search chose the plot', () => {
    const resolved = resolvedFromPlot({
      kind: 'dataset',
      path: '/scan/counts',
      chain: [],
      chosen_by: 'search',
      note: 'no NXdata to plot: the first plottable dataset /scan/counts',
      nxdata: null,
      dataset: field('/scan/counts', [5, 4], { units: 's' })
    });
    expect(resolved.kind).toBe('resolved');
    if (resolved.kind === 'resolved') {
      expect(resolved.plot.group).toBe('/scan');
      expect(resolved.axes.map(a => a.label)).toEqual(['index 0', 'index 1']);
      expect(resolved.note).toContain('first plottable dataset');
      expect(resolved.signals[0].label).toBe('counts (s)');
    }
  });

  it('says when there is nothing to plot', () => {
    expect(
      resolvedFromPlot({
        kind: 'none',
        path: null,
        chain: [],
        chosen_by: null,
        note: null,
        nxdata: null,
        dataset: null
      })
    ).toEqual({ kind: 'none', note: null });
  });
});
