// The Frames view's layer and tool switches, each with a tooltip; the diffraction ones (rings,
// beam centre, radial profile) only where the file gives a geometry or one was typed.
import React from 'react';

import { PIXEL_COLOURS } from './paint';

export interface ITogglesProps {
  diffraction: boolean;
  showMask: boolean;
  setShowMask: (v: boolean) => void;
  showSaturated: boolean;
  setShowSaturated: (v: boolean) => void;
  showRings: boolean;
  setShowRings: (v: boolean) => void;
  showBeam: boolean;
  setShowBeam: (v: boolean) => void;
  roiMode: boolean;
  setRoiMode: (v: boolean) => void;
  showProfile: boolean;
  setShowProfile: (v: boolean) => void;
  onResetZoom: () => void;
}

function Toggle(props: {
  label: string;
  value: boolean;
  set: (v: boolean) => void;
  tip: string;
  colour?: string;
}): React.ReactElement {
  return (
    <label className="jp-nxviz-frames-toggle" title={props.tip}>
      <input
        type="checkbox"
        checked={props.value}
        onChange={e => props.set(e.target.checked)}
        aria-label={props.label}
      />
      {props.colour ? (
        <span
          className="jp-nxviz-frames-swatch"
          style={{ background: props.colour }}
        />
      ) : null}
      {props.label}
    </label>
  );
}

export function Toggles(props: ITogglesProps): React.ReactElement {
  return (
    <div className="jp-nxviz-frames-toggles">
      <Toggle
        label="mask"
        value={props.showMask}
        set={props.setShowMask}
        tip="Paint the pixels the detector's pixel_mask flags and the gap pixels (2^N−1); they are left out of contrast, histogram, ROI and profile either way"
        colour={PIXEL_COLOURS.gap}
      />
      <Toggle
        label="saturated"
        value={props.showSaturated}
        set={props.setShowSaturated}
        tip="Paint the pixels above the detector's saturation value; they are left out of contrast, histogram, ROI and profile either way"
        colour={PIXEL_COLOURS.saturated}
      />
      {props.diffraction ? (
        <Toggle
          label="rings"
          value={props.showRings}
          set={props.setShowRings}
          tip="Resolution rings at round d-spacings (Å), from the geometry"
        />
      ) : null}
      {props.diffraction ? (
        <Toggle
          label="beam"
          value={props.showBeam}
          set={props.setShowBeam}
          tip="Mark the beam centre"
        />
      ) : null}
      <Toggle
        label="ROI"
        value={props.roiMode}
        set={props.setRoiMode}
        tip="Drag a rectangle to sum its valid pixels (or shift-drag at any time)"
      />
      {props.diffraction ? (
        <Toggle
          label="radial profile"
          value={props.showProfile}
          set={props.setShowProfile}
          tip="Azimuthal average of the valid pixels versus q or 2θ, computed on the server"
        />
      ) : null}
      <button
        className="jp-mod-styled"
        onClick={props.onResetZoom}
        title="Whole frame (double-click)"
      >
        reset zoom
      </button>
    </div>
  );
}
