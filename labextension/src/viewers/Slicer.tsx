// Sliders for the axes of an nD dataset that are not displayed.
import { InputGroup } from '@jupyterlab/ui-components';
import React from 'react';

export interface ISlicerProps {
  /** lengths of the sliced (leading) axes */
  dims: number[];
  labels?: (string | null)[];
  indices: number[];
  onChange: (indices: number[]) => void;
}

export function Slicer(props: ISlicerProps): React.ReactElement | null {
  const { dims, indices } = props;
  // an axis of length 1 has nothing to choose (a 1 × 360 × 500 cake is one image)
  const shown = dims.flatMap((length, axis) => (length > 1 ? [axis] : []));
  if (shown.length === 0) {
    return null;
  }
  const set = (axis: number, value: number): void => {
    const next = [...indices];
    next[axis] = Math.max(0, Math.min(dims[axis] - 1, value));
    props.onChange(next);
  };
  return (
    <div className="jp-nxviz-slicer">
      {shown.map(axis => {
        const length = dims[axis];
        const name = props.labels?.[axis] ?? `axis ${axis}`;
        return (
          <label key={axis} className="jp-nxviz-slider" data-axis={axis}>
            <span>{name}</span>
            <input
              type="range"
              min={0}
              max={length - 1}
              value={indices[axis] ?? 0}
              aria-label={`${name}: index`}
              title={`${name}: index from 0 to ${length - 1}`}
              onChange={event => set(axis, Number(event.currentTarget.value))}
            />
            <InputGroup
              type="number"
              min={0}
              max={length - 1}
              value={String(indices[axis] ?? 0)}
              aria-label={`${name}: index (number)`}
              title={`${name}: index from 0 to ${length - 1}`}
              onChange={event => set(axis, Number(event.currentTarget.value))}
            />
            <span className="jp-nxviz-hint">/ {length - 1}</span>
          </label>
        );
      })}
    </div>
  );
}
