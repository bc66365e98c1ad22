// Frame navigation: slider, number box, step buttons, play/pause with a rate, sum/max over N.
import React from 'react';

import { Combine } from './useFrames';
import { IPlayer } from './usePlayer';

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
  return (
    <div className="jp-nxviz-frames-controls">
      <button title="Previous frame (←)" onClick={() => player.step(-1)}>
        ◀
      </button>
      <button
        className="jp-nxviz-frames-play"
        title="Play or pause (space)"
        aria-pressed={player.playing}
        onClick={() => player.setPlaying(!player.playing)}
      >
        {player.playing ? '❚❚' : '▶'}
      </button>
      <button title="Next frame (→)" onClick={() => player.step(1)}>
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
      <input
        className="jp-nxviz-frames-number"
        type="number"
        min={0}
        max={Math.max(0, count - 1)}
        value={player.index}
        aria-label="frame number"
        onChange={e => player.setIndex(Number(e.target.value))}
      />
      <span className="jp-nxviz-frames-count">
        / {count - 1} <small>{props.source}</small>
      </span>
      <label title="Frames per second while playing">
        fps
        <input
          type="number"
          min={0.5}
          max={60}
          step={0.5}
          value={player.fps}
          onChange={e =>
            player.setFps(Math.max(0.5, Number(e.target.value) || 1))
          }
        />
      </label>
      <label title="Combine consecutive frames on the server">
        <select
          className="jp-nxviz-frames-combine"
          value={props.combine}
          onChange={e =>
            props.onCombine(e.target.value as Combine, props.combineCount)
          }
        >
          <option value="none">single</option>
          <option value="sum">sum of</option>
          <option value="max">max of</option>
        </select>
        <input
          type="number"
          min={2}
          max={1000}
          value={props.combineCount}
          disabled={props.combine === 'none'}
          aria-label="frames combined"
          onChange={e =>
            props.onCombine(
              props.combine,
              Math.max(2, Math.round(Number(e.target.value)) || 2)
            )
          }
        />
      </label>
    </div>
  );
}
