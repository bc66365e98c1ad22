// 1D data drawn with @h5web/lib's WebGL line: axes, errors, log scales; one signal at a time
// (auxiliary signals are chosen in the NXdata view's menu, each on its own scale).
import {
  CurveType,
  getDomain,
  LineVis,
  ScaleSelector,
  ScaleType,
  Separator,
  ToggleBtn,
  Toolbar
} from '@h5web/lib';
import ndarray from 'ndarray';
import React, { useMemo, useState } from 'react';

import { NumericArray } from '../api/npy';
import { axisOffset, finiteRange, offsetLabel, shifted } from './ticks';

export interface ILinePlotProps {
  values: NumericArray;
  title: string;
  abscissa?: NumericArray;
  abscissaLabel?: string;
  ordinateLabel?: string;
  errors?: NumericArray;
  /** the abscissa is not sorted: drawn as points, never as a zig-zag line */
  unsorted?: boolean;
  /** the scales the data is read on (canSAS I(Q): log-log) */
  scales?: { x: 'linear' | 'log'; y: 'linear' | 'log' };
}

type AxisScale = ScaleType.Linear | ScaleType.Log | ScaleType.SymLog;

const AXIS_SCALES: AxisScale[] = [
  ScaleType.Linear,
  ScaleType.Log,
  ScaleType.SymLog
];

/** The order that sorts `x` increasing; null when it already is. */
function increasingOrder(x: NumericArray): Uint32Array | null {
  let sorted = true;
  for (let i = 1; i < x.length && sorted; i += 1) {
    sorted = !(x[i] < x[i - 1]);
  }
  if (sorted) {
    return null;
  }
  return Uint32Array.from(x, (_, i) => i).sort((a, b) => x[a] - x[b]);
}

function permuted(values: NumericArray, order: Uint32Array): Float64Array {
  return Float64Array.from(order, i => values[i]);
}

/** What the plot was given, for tests and the curious: count, first, last, min, max, the
 * abscissa's ends and where the curve peaks on it. */
function summary(values: NumericArray, abscissa?: NumericArray): string {
  let min = Infinity;
  let max = -Infinity;
  let atMax = -1;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    if (Number.isFinite(v)) {
      min = Math.min(min, v);
      if (v > max) {
        max = v;
        atMax = i;
      }
    }
  }
  return JSON.stringify({
    n: values.length,
    first: values[0],
    last: values[values.length - 1],
    min,
    max,
    x0: abscissa ? abscissa[0] : null,
    x1: abscissa ? abscissa[abscissa.length - 1] : null,
    // where the curve peaks, on the abscissa drawn (a diffraction pattern's strongest ring)
    xAtMax: abscissa && atMax >= 0 ? abscissa[atMax] : null
  });
}

export default function LinePlot(props: ILinePlotProps): React.ReactElement {
  const [yScale, setYScale] = useState<AxisScale>(
    props.scales?.y === 'log' ? ScaleType.Log : ScaleType.Linear
  );
  const [xScale, setXScale] = useState<AxisScale>(
    props.scales?.x === 'log' ? ScaleType.Log : ScaleType.Linear
  );
  const [glyphs, setGlyphs] = useState(props.unsorted === true);
  const [showErrors, setShowErrors] = useState(true);
  const abscissa =
    props.abscissa &&
    (props.abscissa.length === props.values.length ||
      props.abscissa.length === props.values.length + 1)
      ? props.abscissa
      : undefined;
  // drawn with x increasing left to right: a decreasing axis (2θ written from high to low)
  // is reversed, an unsorted one (Q in a canSAS file) sorted, never a zig-zag
  const order = useMemo(
    () =>
      abscissa && abscissa.length === props.values.length
        ? increasingOrder(abscissa)
        : null,
    [abscissa, props.values]
  );
  const values = useMemo(
    () => (order ? permuted(props.values, order) : props.values),
    [props.values, order]
  );
  const errors = useMemo(
    () =>
      order && props.errors ? permuted(props.errors, order) : props.errors,
    [props.errors, order]
  );
  const yOffset = useMemo(
    () =>
      yScale === ScaleType.Linear ? axisOffset(...finiteRange(values)) : 0,
    [values, yScale]
  );
  const dataArray = useMemo(
    () => ndarray(shifted(values, yOffset), [values.length]),
    [values, yOffset]
  );
  const errorsArray = useMemo(
    () =>
      errors && errors.length === values.length
        ? ndarray(errors, [errors.length])
        : undefined,
    [errors, values]
  );
  const domain = useMemo(
    () =>
      getDomain(dataArray.data as NumericArray, { scaleType: yScale }) ??
      ([0, 1] as [number, number]),
    [dataArray, yScale]
  );
  const xOffset =
    abscissa && xScale === ScaleType.Linear
      ? axisOffset(...finiteRange(abscissa))
      : 0;
  const shownAbscissa = abscissa
    ? shifted(order ? permuted(abscissa, order) : abscissa, xOffset)
    : undefined;
  return (
    <div
      className="jp-nxviz-plot"
      data-nxviz-plot="line"
      data-nxviz-summary={summary(props.values, abscissa)}
      data-nxviz-curve={
        props.unsorted ? 'points' : glyphs ? 'line+points' : 'line'
      }
      data-nxviz-scales={`${xScale},${yScale}`}
      data-nxviz-errors={errorsArray && showErrors ? 'shown' : 'none'}
    >
      <Toolbar>
        <ScaleSelector
          label="X"
          value={xScale}
          onScaleChange={setXScale}
          options={AXIS_SCALES}
        />
        <Separator />
        <ScaleSelector
          label="Y"
          value={yScale}
          onScaleChange={setYScale}
          options={AXIS_SCALES}
        />
        <Separator />
        {props.unsorted ? null : (
          <ToggleBtn
            label="Points"
            value={glyphs}
            onToggle={() => setGlyphs(!glyphs)}
          />
        )}
        {errorsArray ? (
          <ToggleBtn
            label="Errors"
            value={showErrors}
            onToggle={() => setShowErrors(!showErrors)}
          />
        ) : null}
      </Toolbar>
      <LineVis
        className="jp-nxviz-vis"
        dataArray={dataArray}
        domain={domain}
        scaleType={yScale}
        curveType={
          props.unsorted
            ? CurveType.GlyphsOnly
            : glyphs
              ? CurveType.LineAndGlyphs
              : CurveType.LineOnly
        }
        title={props.title}
        abscissaParams={{
          value: shownAbscissa,
          label: offsetLabel(props.abscissaLabel, xOffset),
          scaleType: xScale
        }}
        ordinateLabel={offsetLabel(props.ordinateLabel, yOffset)}
        errorsArray={errorsArray}
        showErrors={showErrors}
      />
    </div>
  );
}
