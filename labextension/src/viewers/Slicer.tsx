// Sliders for the axes of an nD dataset that are not displayed.
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
  if (dims.length === 0) {
    return null;
  }
  const set = (axis: number, value: number): void => {
    const next = [...indices];
    next[axis] = Math.max(0, Math.min(dims[axis] - 1, value));
    props.onChange(next);
  };
  return (
    <div className="jp-nxviz-slicer">
      {dims.map((length, axis) => (
        <label key={axis} className="jp-nxviz-slider" data-axis={axis}>
          <span>{props.labels?.[axis] ?? `axis ${axis}`}</span>
          <input
            type="range"
            min={0}
            max={length - 1}
            value={indices[axis] ?? 0}
            disabled={length <= 1}
            onChange={event => set(axis, Number(event.currentTarget.value))}
          />
          <input
            type="number"
            min={0}
            max={length - 1}
            value={indices[axis] ?? 0}
            onChange={event => set(axis, Number(event.currentTarget.value))}
          />
          <span className="jp-nxviz-hint">/ {length - 1}</span>
        </label>
      ))}
    </div>
  );
}
