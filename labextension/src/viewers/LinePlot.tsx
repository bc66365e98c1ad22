// 1D data drawn with @h5web/lib's WebGL line: axes, errors, auxiliary signals, log scales.
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

export interface ISeries {
  label: string;
  values: NumericArray;
}

export interface ILinePlotProps {
  values: NumericArray;
  title: string;
  abscissa?: NumericArray;
  abscissaLabel?: string;
  ordinateLabel?: string;
  errors?: NumericArray;
  auxiliaries?: ISeries[];
}

type AxisScale = ScaleType.Linear | ScaleType.Log | ScaleType.SymLog;

const AXIS_SCALES: AxisScale[] = [
  ScaleType.Linear,
  ScaleType.Log,
  ScaleType.SymLog
];

export default function LinePlot(props: ILinePlotProps): React.ReactElement {
  const [yScale, setYScale] = useState<AxisScale>(ScaleType.Linear);
  const [xScale, setXScale] = useState<AxisScale>(ScaleType.Linear);
  const [glyphs, setGlyphs] = useState(false);
  const [showErrors, setShowErrors] = useState(true);
  const dataArray = useMemo(
    () => ndarray(props.values, [props.values.length]),
    [props.values]
  );
  const errorsArray = useMemo(
    () =>
      props.errors && props.errors.length === props.values.length
        ? ndarray(props.errors, [props.errors.length])
        : undefined,
    [props.errors, props.values]
  );
  const auxiliaries = useMemo(
    () =>
      (props.auxiliaries ?? [])
        .filter(a => a.values.length === props.values.length)
        .map(a => ({
          label: a.label,
          array: ndarray(a.values, [a.values.length])
        })),
    [props.auxiliaries, props.values]
  );
  const domain = useMemo(() => {
    const all = [
      props.values,
      ...auxiliaries.map(a => a.array.data as NumericArray)
    ];
    let min = Infinity;
    let max = -Infinity;
    for (const values of all) {
      const d = getDomain(values, { scaleType: yScale });
      if (d) {
        min = Math.min(min, d[0]);
        max = Math.max(max, d[1]);
      }
    }
    return min <= max ? ([min, max] as [number, number]) : undefined;
  }, [props.values, auxiliaries, yScale]);
  const abscissa =
    props.abscissa &&
    (props.abscissa.length === props.values.length ||
      props.abscissa.length === props.values.length + 1)
      ? props.abscissa
      : undefined;
  return (
    <div className="jp-nxviz-plot" data-nxviz-plot="line">
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
        <ToggleBtn
          label="Points"
          value={glyphs}
          onToggle={() => setGlyphs(!glyphs)}
        />
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
        curveType={glyphs ? CurveType.LineAndGlyphs : CurveType.LineOnly}
        title={props.title}
        abscissaParams={{
          value: abscissa,
          label: props.abscissaLabel,
          scaleType: xScale
        }}
        ordinateLabel={props.ordinateLabel}
        errorsArray={errorsArray}
        showErrors={showErrors}
        auxiliaries={auxiliaries}
      />
    </div>
  );
}
