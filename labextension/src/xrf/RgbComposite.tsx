// An RGB composite of three chosen maps (e.g. Fe, Cu, Zn as red, green, blue), each channel
// with its own black and white points.
import { HTMLSelect } from '@jupyterlab/ui-components';
import React, { useEffect, useRef, useState } from 'react';

import { IImageFrame } from '../api/image';
import { mapLimits } from './MapCanvas';
import { IXrfMap } from './models';
import { atPercent, composeRgb } from './rgb';

const CHANNELS = ['red', 'green', 'blue'] as const;

interface IChannel {
  path: string;
  /** black and white points in % of the map's min–max */
  low: number;
  high: number;
}

function fullRange(frame: IImageFrame): [number, number] {
  const min = frame.min ?? mapLimits(frame)[0];
  const max = frame.max ?? mapLimits(frame)[1];
  return max > min ? [min, max] : [min, min + 1];
}

/** The percent of [min, max] where the map's default limits sit. */
function defaultPercents(frame: IImageFrame): [number, number] {
  const [min, max] = fullRange(frame);
  const [low, high] = mapLimits(frame);
  const pct = (v: number) => Math.round(((v - min) / (max - min)) * 100);
  return [Math.max(0, pct(low)), Math.min(100, Math.max(1, pct(high)))];
}

export function RgbComposite(props: {
  maps: IXrfMap[];
  frames: Map<string, IImageFrame>;
  onPaths: (paths: string[]) => void;
}): React.ReactElement {
  const { maps, frames } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [channels, setChannels] = useState<IChannel[]>(() =>
    CHANNELS.map((_, k) => ({
      path: maps[Math.min(k, maps.length - 1)]?.path ?? '',
      low: 0,
      high: 100
    }))
  );
  const [touched, setTouched] = useState([false, false, false]);
  useEffect(
    () => props.onPaths(channels.map(c => c.path)),
    [channels.map(c => c.path).join(',')]
  );
  const shown = channels.map(c => frames.get(c.path) ?? null);
  // untouched channels take the map's own default contrast once it has arrived
  const effective = channels.map((c, k) => {
    const frame = shown[k];
    if (!frame || touched[k]) {
      return c;
    }
    const [low, high] = defaultPercents(frame);
    return { ...c, low, high };
  });
  const shape = shown.find(f => f !== null)?.shape ?? [1, 1];
  const limits = effective.map((c, k) => {
    const frame = shown[k];
    const range = frame ? fullRange(frame) : ([0, 1] as [number, number]);
    return [atPercent(range, c.low), atPercent(range, c.high)] as [
      number,
      number
    ];
  });
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) {
      return;
    }
    const rgba = composeRgb(
      shown.map(f => f?.data ?? null),
      limits,
      shape[0] * shape[1]
    );
    context.putImageData(new ImageData(rgba, shape[1], shape[0]), 0, 0);
  });
  const update = (k: number, change: Partial<IChannel>) => {
    setChannels(old =>
      old.map((c, i) => (i === k ? { ...effective[i], ...change } : c))
    );
    if (change.low !== undefined || change.high !== undefined) {
      setTouched(old => old.map((t, i) => t || i === k));
    }
  };
  return (
    <div
      className="jp-nxviz-xrf-rgb"
      data-nxviz-rgb={channels.map(c => c.path).join(',')}
      data-nxviz-limits={JSON.stringify(limits)}
    >
      <div className="jp-nxviz-xrf-rgb-channels">
        {effective.map((c, k) => (
          <fieldset
            key={CHANNELS[k]}
            className="jp-nxviz-xrf-rgb-channel"
            data-channel={CHANNELS[k]}
          >
            <legend>{CHANNELS[k]}</legend>
            <HTMLSelect
              aria-label={`${CHANNELS[k]} map`}
              value={c.path}
              onChange={e => {
                update(k, { path: e.currentTarget.value, low: 0, high: 100 });
                setTouched(old => old.map((t, i) => (i === k ? false : t)));
              }}
              options={maps.map(m => ({ value: m.path, label: m.name }))}
            />
            <label title="Black point: values at or below it are dark in this channel">
              <span className="jp-nxviz-control-label">low {c.low}%</span>
              <input
                type="range"
                aria-label={`${CHANNELS[k]} low`}
                min={0}
                max={99}
                value={c.low}
                onChange={e =>
                  update(k, {
                    low: Math.min(Number(e.currentTarget.value), c.high - 1)
                  })
                }
              />
            </label>
            <label title="White point: values at or above it are full in this channel">
              <span className="jp-nxviz-control-label">high {c.high}%</span>
              <input
                type="range"
                aria-label={`${CHANNELS[k]} high`}
                min={1}
                max={100}
                value={c.high}
                onChange={e =>
                  update(k, {
                    high: Math.max(Number(e.currentTarget.value), c.low + 1)
                  })
                }
              />
            </label>
          </fieldset>
        ))}
      </div>
      <div
        className="jp-nxviz-xrf-map"
        style={{ aspectRatio: `${shape[1]} / ${shape[0]}` }}
      >
        <canvas
          ref={canvas}
          width={shape[1]}
          height={shape[0]}
          aria-label="RGB composite"
        />
      </div>
    </div>
  );
}
