// All element-line maps of one kind as small multiples, with names, units and limits; one
// shared colour scale or each its own; a click picks a pixel (its fit is shown below).
import React from 'react';

import { IImageFrame } from '../api/image';
import { IMark, IPixel, MapCanvas, mapLimits } from './MapCanvas';
import { IMapStyle } from './MapStyle';
import { IXrfMap } from './models';
import { sharedLimits } from './useMaps';

export interface IMosaicProps {
  maps: IXrfMap[];
  frames: Map<string, IImageFrame>;
  errors: Map<string, string>;
  style: IMapStyle;
  shared: boolean;
  marks: IMark[];
  highlight: Uint8Array | null;
  onPick: (at: IPixel) => void;
}

function limitText(limits: [number, number], units: string): string {
  return `${limits[0].toPrecision(3)} – ${limits[1].toPrecision(3)}${units ? ` ${units}` : ''}`;
}

export function Mosaic(props: IMosaicProps): React.ReactElement {
  const loaded = props.maps
    .map(m => props.frames.get(m.path))
    .filter((f): f is IImageFrame => f !== undefined);
  const shared = props.shared ? sharedLimits(loaded) : undefined;
  return (
    <div className="jp-nxviz-xrf-mosaic" data-nxviz-tiles={props.maps.length}>
      {shared ? (
        <div
          className="jp-nxviz-xrf-shared"
          data-nxviz-limits={shared.join(',')}
        >
          one colour scale for all maps:{' '}
          {limitText(shared, props.maps[0]?.units ?? '')}
        </div>
      ) : null}
      <div className="jp-nxviz-xrf-tiles">
        {props.maps.map(m => {
          const frame = props.frames.get(m.path);
          const error = props.errors.get(m.path);
          const limits = shared ?? (frame ? mapLimits(frame) : undefined);
          return (
            <figure
              key={m.path}
              className="jp-nxviz-xrf-tile"
              data-nxviz-map={m.name}
              data-nxviz-path={m.path}
            >
              <figcaption title={m.path}>
                <span className="jp-nxviz-xrf-tile-name">{m.name}</span>
                {!props.shared && limits ? (
                  <span className="jp-nxviz-xrf-tile-limits">
                    {limitText(limits, m.units)}
                  </span>
                ) : m.units ? (
                  <span className="jp-nxviz-xrf-tile-limits">{m.units}</span>
                ) : null}
              </figcaption>
              {frame ? (
                <MapCanvas
                  frame={frame}
                  scale={props.style.scale}
                  colourMap={props.style.colourMap}
                  limits={limits}
                  marks={props.marks}
                  highlight={props.highlight}
                  onPick={at => props.onPick(at)}
                  label={`map of ${m.name}`}
                />
              ) : (
                <div className={error ? 'jp-nxviz-problem' : 'jp-nxviz-hint'}>
                  {error ?? 'reading…'}
                </div>
              )}
            </figure>
          );
        })}
      </div>
    </div>
  );
}
