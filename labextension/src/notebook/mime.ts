// The data of an `application/vnd.nxviz+json` output (written by nxviz.show), checked.
import { IViewerSettings } from '../viewers/settings';

export const MIME_TYPE = 'application/vnd.nxviz+json';

/** What nxviz.show sends: a file under the server's root and what to show of it. */
export interface IShowData {
  /** relative to the server's root, '/'-separated */
  file: string;
  /** an absolute HDF5 path, or null for the file's default plot */
  entity: string | null;
  options: Record<string, unknown>;
}

export type ParseResult =
  { ok: true; value: IShowData } | { ok: false; error: string };

function fail(error: string): ParseResult {
  return { ok: false, error };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the output's data; the error is one sentence for the output cell. */
export function parseShowData(data: unknown): ParseResult {
  if (!isRecord(data)) {
    return fail(
      'This nxviz output holds no viewer description (expected a JSON object with a "file").'
    );
  }
  const { file, entity, options } = data;
  if (typeof file !== 'string' || file.trim() === '') {
    return fail(
      'This nxviz output names no file: "file" must be a path relative to the server\'s root.'
    );
  }
  if (
    file.startsWith('/') ||
    /^[A-Za-z]:[\\/]/.test(file) ||
    file.includes('\\')
  ) {
    return fail(
      `This nxviz output names the file ${file} as a machine path; it must be relative to the server's root with '/' separators.`
    );
  }
  if (file.split('/').includes('..')) {
    return fail(
      `This nxviz output names the file ${file} outside the server's root.`
    );
  }
  if (entity !== undefined && entity !== null) {
    if (typeof entity !== 'string' || !entity.startsWith('/')) {
      return fail(
        `This nxviz output's entity ${JSON.stringify(entity)} is not an absolute HDF5 path.`
      );
    }
  }
  if (options !== undefined && options !== null && !isRecord(options)) {
    return fail("This nxviz output's options are not a JSON object.");
  }
  return {
    ok: true,
    value: {
      file: file.split('/').filter(Boolean).join('/'),
      entity: typeof entity === 'string' ? entity : null,
      options: isRecord(options) ? options : {}
    }
  };
}

/** @h5web/lib colormap names the viewer offers, by lower-case matplotlib-style name. */
const COLORMAPS: Record<string, string> = {
  viridis: 'Viridis',
  inferno: 'Inferno',
  magma: 'Magma',
  plasma: 'Plasma',
  cividis: 'Cividis',
  turbo: 'Turbo',
  greys: 'Greys',
  gray: 'Greys',
  grey: 'Greys',
  blues: 'Blues',
  reds: 'Reds',
  rainbow: 'Rainbow',
  cubehelix: 'Cubehelix',
  rdbu: 'RdBu',
  spectral: 'Spectral'
};

/** The viewer's settings with the output's `log`, `cmap` and `frame` options applied. */
export function settingsFor(
  base: IViewerSettings,
  options: Record<string, unknown>
): IViewerSettings {
  const settings = { ...base };
  if (options.log === true) {
    settings.scale = 'log';
  } else if (options.log === false) {
    settings.scale = 'linear';
  }
  if (
    typeof options.frame === 'number' &&
    Number.isInteger(options.frame) &&
    options.frame >= 0
  ) {
    settings.frame = options.frame;
  }
  if (typeof options.cmap === 'string') {
    const reversed = options.cmap.endsWith('_r');
    const name = options.cmap.replace(/_r$/, '').toLowerCase();
    const colormap = COLORMAPS[name];
    if (colormap) {
      settings.colormap = colormap;
      settings.invertColormap = reversed;
    }
  }
  return settings;
}
