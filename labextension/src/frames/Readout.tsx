// Hover readout (x, y, raw value, mask bits in words, d, q, 2θ), ROI statistics and the
// geometry: the file's, or typed by hand (a plain stack has none in the file).
import React, { useState } from 'react';

import {
  dSpacing,
  IGeometry,
  isComplete,
  momentum,
  twoTheta
} from './geometry';
import { maskWords } from './maskBits';
import { IRoiStats } from './roi';
import { NumberInput } from '../common/NumberInput';

export interface IHover {
  x: number;
  y: number;
  /** raw value at full resolution; undefined while it is being read */
  value?: number;
  mask?: number;
}

function fmt(v: number | undefined, digits = 4): string {
  if (v === undefined || Number.isNaN(v)) {
    return '–';
  }
  if (!Number.isFinite(v)) {
    return v > 0 ? '∞' : '-∞';
  }
  return Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3)
    ? v.toExponential(3)
    : String(Number(v.toPrecision(digits + 2)));
}

export function hoverText(
  hover: IHover,
  geometry: Partial<IGeometry>
): string[] {
  const parts = [
    `x ${hover.x}`,
    `y ${hover.y}`,
    `value ${fmt(hover.value, 8)}`
  ];
  if (hover.mask !== undefined) {
    const words = maskWords(hover.mask);
    parts.push(`mask ${words.length ? words.join(', ') : 'none'}`);
  }
  if (isComplete(geometry)) {
    const d = dSpacing(geometry, hover.x, hover.y);
    parts.push(`d ${Number.isFinite(d) ? d.toFixed(3) : '∞'} Å`);
    parts.push(`q ${momentum(geometry, hover.x, hover.y).toFixed(4)} Å⁻¹`);
    parts.push(
      `2θ ${((twoTheta(geometry, hover.x, hover.y) * 180) / Math.PI).toFixed(3)}°`
    );
  }
  return parts;
}

export function Readout(props: {
  hover?: IHover;
  geometry: Partial<IGeometry>;
  roi?: IRoiStats;
}): React.ReactElement {
  return (
    <div className="jp-nxviz-frames-readout" aria-live="polite">
      <div className="jp-nxviz-frames-hover">
        {props.hover
          ? hoverText(props.hover, props.geometry).join(' · ')
          : 'hover a pixel'}
      </div>
      {props.roi ? (
        <div className="jp-nxviz-frames-roi-stats">
          ROI: sum{' '}
          {Number.isInteger(props.roi.sum)
            ? String(props.roi.sum)
            : fmt(props.roi.sum, 8)}{' '}
          · mean {fmt(props.roi.mean)} · max {fmt(props.roi.max, 8)} ·{' '}
          {props.roi.count} px ({props.roi.excluded} excluded)
        </div>
      ) : null}
    </div>
  );
}

const FIELDS: {
  key: keyof IGeometry;
  label: string;
  factor: number;
  unit: string;
}[] = [
  { key: 'beamX', label: 'beam x', factor: 1, unit: 'px' },
  { key: 'beamY', label: 'beam y', factor: 1, unit: 'px' },
  { key: 'distance', label: 'distance', factor: 1000, unit: 'mm' },
  { key: 'wavelength', label: 'λ', factor: 1, unit: 'Å' },
  { key: 'pixelX', label: 'pixel x', factor: 1e6, unit: 'µm' },
  { key: 'pixelY', label: 'pixel y', factor: 1e6, unit: 'µm' }
];

/** The line that says where the geometry comes from, and what is missing. */
export function geometrySummary(
  g: Partial<IGeometry>,
  fromFile: boolean,
  typed: boolean
): string {
  if (isComplete(g)) {
    return typed ? 'geometry (typed)' : 'geometry (from the file)';
  }
  if (fromFile || typed) {
    return 'geometry (incomplete: enter the missing numbers)';
  }
  return 'geometry: none in the file, type it for rings and a radial profile';
}

export function GeometryForm(props: {
  geometry: Partial<IGeometry>;
  /** the file gives a diffraction geometry (complete or not) */
  fromFile: boolean;
  /** the numbers shown were typed (kept in JupyterLab's state, not in the file) */
  typed: boolean;
  /** undefined: forget the typed numbers */
  onChange: (geometry: Partial<IGeometry> | undefined) => void;
}): React.ReactElement {
  const g = props.geometry;
  const energy = g.wavelength ? 12.39841984 / g.wavelength : undefined;
  // open where the file's geometry lacks a number; a plain stack offers it closed
  const [open, setOpen] = useState(props.fromFile && !isComplete(g));
  return (
    <details
      className="jp-nxviz-frames-geometry"
      open={open}
      onToggle={e => setOpen((e.target as HTMLDetailsElement).open)}
      data-source={props.typed ? 'typed' : props.fromFile ? 'file' : 'none'}
    >
      <summary
        title={
          props.fromFile
            ? 'The geometry the file gives; a number typed here replaces it for this file in JupyterLab (the file is not changed)'
            : 'Beam centre, distance, wavelength (or energy) and pixel size, kept for this file in JupyterLab (nothing is written beside the data)'
        }
      >
        {geometrySummary(g, props.fromFile, props.typed)}
      </summary>
      {FIELDS.map(f => (
        <label key={f.key}>
          {f.label}
          <NumberInput
            aria-label={f.label}
            value={
              g[f.key] !== undefined
                ? Number(((g[f.key] as number) * f.factor).toPrecision(7))
                : ''
            }
            onChange={e => {
              const v = Number(e.target.value);
              props.onChange({
                ...g,
                [f.key]: e.target.value === '' ? undefined : v / f.factor
              });
            }}
          />
          {f.unit}
        </label>
      ))}
      <label>
        energy
        <NumberInput
          aria-label="energy"
          value={energy !== undefined ? Number(energy.toPrecision(6)) : ''}
          onChange={e => {
            const kev = Number(e.target.value);
            props.onChange({
              ...g,
              wavelength: kev > 0 ? 12.39841984 / kev : undefined
            });
          }}
        />
        keV
      </label>
      {props.typed ? (
        <button
          className="jp-mod-styled"
          onClick={() => props.onChange(undefined)}
          title={
            props.fromFile
              ? "Forget the typed numbers: back to the file's geometry"
              : 'Forget the typed numbers'
          }
        >
          forget typed values
        </button>
      ) : null}
    </details>
  );
}
