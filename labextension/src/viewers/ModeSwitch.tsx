// Buttons switching between the views an entity offers.
import React from 'react';

export type ViewMode =
  'xrf' | 'volume' | 'frames' | 'heatmap' | 'line' | 'matrix' | 'rgb';

export interface IModeSwitchProps {
  modes: ViewMode[];
  current: ViewMode;
  onChange: (mode: ViewMode) => void;
}

export function ModeSwitch(props: IModeSwitchProps): React.ReactElement | null {
  if (props.modes.length < 2) {
    return null;
  }
  return (
    <div className="jp-nxviz-modes" role="tablist">
      {props.modes.map(mode => (
        <button
          key={mode}
          role="tab"
          aria-selected={props.current === mode}
          data-mode={mode}
          className={`jp-nxviz-mode${props.current === mode ? ' jp-mod-active' : ''}`}
          onClick={() => props.onChange(mode)}
        >
          {mode}
        </button>
      ))}
    </div>
  );
}
