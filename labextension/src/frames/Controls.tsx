// Frame navigation: slider, number box, step buttons, play/pause with a rate, sum/max over N.
import { HTMLSelect } from '@jupyterlab/ui-components';
import React from 'react';

import { Combine } from './useFrames';
import { IPlayer } from './usePlayer';
import { NumberInput } from '../common/NumberInput';

export interface IControlsProps {
  player: IPlayer;
  count: number;
  combine: Combine;
  combineCount: number;
  onCombine: (combine: Combine, count: number) => void;
  /** where the frame comes from, e.g. 'data_000002 [3]' */
  source: string;
}

export function Controls(props: IControlsProps): React.ReactElement {
  const { player, count } = props;
  if (count === 1) {
    return (
      <div className="jp-nxviz-frames-controls">
        <span className="jp-nxviz-frames-count">
          a single image <small>{props.source}</small>
        </span>
      </div>
    );
  }
  return (
    <div className="jp-nxviz-frames-controls">
      <button
        className="jp-mod-styled"
        title="Previous frame (←)"
        aria-label="previous frame"
        onClick={() => player.step(-1)}
      >
        ◀
      </button>
      <button
        className="jp-nxviz-frames-play jp-mod-styled"
        title="Play or pause (space)"
        aria-label={player.playing ? 'pause' : 'play'}
        aria-pressed={player.playing}
        onClick={() => player.setPlaying(!player.playing)}
      >
        {player.playing ? '❚❚' : '▶'}
      </button>
      <button
        className="jp-mod-styled"
        title="Next frame (→)"
        aria-label="next frame"
        onClick={() => player.step(1)}
      >
        ▶▶
      </button>
      <input
        className="jp-nxviz-frames-slider"
        type="range"
        min={0}
        max={Math.max(0, count - 1)}
        value={player.index}
        aria-label="frame"
        onChange={e => player.setIndex(Number(e.target.value))}
      />
      <label title="Frame number (Home, End, PageUp, PageDown)">
        frame
        <NumberInput
          className="jp-nxviz-frames-number"
          min={0}
          max={Math.max(0, count - 1)}
          value={player.index}
          aria-label="frame number"
          onChange={e => player.setIndex(Number(e.target.value))}
        />
      </label>
      <span
        className="jp-nxviz-frames-count"
        title="Last frame number, and the data file and index within it"
      >
        of {count - 1} <small>{props.source}</small>
      </span>
      <label title="Frames per second while playing">
        speed
        <NumberInput
          aria-label="frames per second"
          min={0.5}
          max={60}
          step={0.5}
          value={player.fps}
          onChange={e =>
            player.setFps(Math.max(0.5, Number(e.target.value) || 1))
          }
        />
        fps
      </label>
      <label title="Show each frame alone, or the sum or maximum of it and the next frames (combined on the server)">
        show
        <HTMLSelect
          className="jp-nxviz-frames-combine"
          aria-label="combine frames"
          value={props.combine}
          onChange={e =>
            props.onCombine(e.target.value as Combine, props.combineCount)
          }
        >
          <option value="none">each frame</option>
          <option value="sum">the sum of</option>
          <option value="max">the maximum of</option>
        </HTMLSelect>
        <NumberInput
          min={2}
          max={1000}
          value={props.combineCount}
          hidden={props.combine === 'none'}
          aria-label="frames combined"
          onChange={e =>
            props.onCombine(
              props.combine,
              Math.max(2, Math.round(Number(e.target.value)) || 2)
            )
          }
        />
        {props.combine === 'none' ? null : 'frames'}
      </label>
    </div>
  );
}
