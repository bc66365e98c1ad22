// The NXmx detector geometry of the `nexus` answer (nxviz/server/models.py DetectorGeometry),
// turned into the Frames view's units: pixels for the beam centre, Å for the wavelength.
import { IDetectorGeometry } from '../api/models';
import { hasDiffractionGeometry } from './choice';
import { IGeometry } from './geometry';

export type INexusDetector = IDetectorGeometry;

/** The part of the `nexus` answer (INexusInfo) the Frames view reads. */
export interface INexusEntry {
  path: string;
  detectors: INexusDetector[];
}

export interface INexusAnswer {
  entries: INexusEntry[];
}

export interface IDetectorInfo {
  geometry: Partial<IGeometry>;
  /** the file gives a diffraction geometry (complete or not): rings, beam and profile apply */
  diffraction?: boolean;
  maskPath?: string;
  saturation?: number;
  detectorPath?: string;
}

function num(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

/** The detector of the entry holding `path` (its only or first detector), in view units. */
export function detectorInfo(
  answer: INexusAnswer,
  path: string
): IDetectorInfo {
  const entries = answer.entries ?? [];
  const entry =
    entries.find(e => path === e.path || path.startsWith(`${e.path}/`)) ??
    (entries.length === 1 ? entries[0] : undefined);
  const detector =
    entry?.detectors.find(
      d => d.data === path || path.startsWith(`${d.path}/`)
    ) ?? entry?.detectors[0];
  if (!detector) {
    return { geometry: {} };
  }
  const pixelX = num(detector.pixel_size?.x);
  const pixelY = num(detector.pixel_size?.y) ?? pixelX;
  const centre = detector.beam_center ?? {};
  const fromMetres = (m: number | undefined, px: number | undefined) =>
    m !== undefined && px ? m / px : undefined;
  const wavelength = num(detector.wavelength);
  return {
    geometry: {
      beamX: num(centre.x_px) ?? fromMetres(num(centre.x), pixelX),
      beamY: num(centre.y_px) ?? fromMetres(num(centre.y), pixelY),
      distance: num(detector.distance),
      wavelength: wavelength !== undefined ? wavelength * 1e10 : undefined,
      pixelX,
      pixelY
    },
    diffraction: hasDiffractionGeometry(detector),
    maskPath: detector.pixel_mask ?? undefined,
    saturation: num(detector.saturation_value),
    detectorPath: detector.path
  };
}
