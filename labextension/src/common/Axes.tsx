// The axes of a small SVG plot (the radial profile, an XRF spectrum): an x and a y axis line at
// the plot area's edges, their ticks with labels, and an axis label under and beside the area.
// Class names are `<prefix>-tick`, `<prefix>-axis`, `<prefix>-label`, so each view styles its own.
import React from 'react';

export interface IPlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface IAxesProps {
  /** e.g. 'jp-nxviz-xrf' → jp-nxviz-xrf-tick, jp-nxviz-xrf-axis, jp-nxviz-xrf-label */
  classPrefix: string;
  area: IPlotArea;
  /** the whole SVG's height (the x label sits at its bottom) */
  height: number;
  xTicks: number[];
  xText: string[];
  yTicks: number[];
  yText: string[];
  /** data to SVG coordinates */
  sx: (x: number) => number;
  sy: (y: number) => number;
  xLabel: string;
  yLabel: string;
}

export function Axes(props: IAxesProps): React.ReactElement {
  const { classPrefix: prefix, area, sx, sy } = props;
  const bottom = area.top + area.height;
  return (
    <g>
      {props.xTicks.map((t, i) => (
        <g key={`x${i}`} className={`${prefix}-tick`} data-axis="x">
          <line x1={sx(t)} x2={sx(t)} y1={bottom} y2={bottom + 4} />
          <text x={sx(t)} y={bottom + 15} textAnchor="middle">
            {props.xText[i]}
          </text>
        </g>
      ))}
      {props.yTicks.map((t, i) => (
        <g key={`y${i}`} className={`${prefix}-tick`} data-axis="y">
          <line x1={area.left - 4} x2={area.left} y1={sy(t)} y2={sy(t)} />
          <text x={area.left - 6} y={sy(t) + 3} textAnchor="end">
            {props.yText[i]}
          </text>
        </g>
      ))}
      <line
        className={`${prefix}-axis`}
        x1={area.left}
        x2={area.left + area.width}
        y1={bottom}
        y2={bottom}
      />
      <line
        className={`${prefix}-axis`}
        x1={area.left}
        x2={area.left}
        y1={area.top}
        y2={bottom}
      />
      <text
        className={`${prefix}-label`}
        data-axis="x"
        x={area.left + area.width / 2}
        y={props.height - 4}
        textAnchor="middle"
      >
        {props.xLabel}
      </text>
      <text
        className={`${prefix}-label`}
        data-axis="y"
        transform={`translate(12 ${area.top + area.height / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        {props.yLabel}
      </text>
    </g>
  );
}
