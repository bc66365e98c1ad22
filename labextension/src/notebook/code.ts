// Python code for what a viewer shows: nxviz.plot of a view, or the h5py read of a shown slice.

/** What the viewer shows, as the code generator needs it. */
export interface ICodeRequest {
  /** the file, relative to the server's root, '/'-separated */
  file: string;
  /**
   * The folder of the notebook that will run the code, relative to the server's root ('' is the
   * root itself); null when no notebook is known (the path then stays relative to the root).
   */
  notebookDir: string | null;
  /** the selected entity; null or '/' for the file's default plot */
  entity: string | null;
  /** whether the selected entity is a dataset (else a group) */
  isDataset: boolean;
  /** the selected dataset's number of dimensions, when known */
  ndim?: number;
  /** the slice the view read, when it read one */
  slice: { path: string; selection: string } | null;
  /** nxviz.plot options to repeat (those nxviz.show was given for this view) */
  options?: Record<string, unknown>;
}

/** nxviz.plot's keyword options and the JSON types each accepts. */
const PLOT_OPTIONS: Record<string, (value: unknown) => boolean> = {
  frame: value => Number.isInteger(value),
  log: value => typeof value === 'boolean' || value === null,
  cmap: value => typeof value === 'string' || value === null,
  rings: value => typeof value === 'boolean',
  mask: value => typeof value === 'boolean',
  errors: value => typeof value === 'boolean'
};

function pyValue(value: unknown): string {
  if (value === null) {
    return 'None';
  }
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  return typeof value === 'string' ? pyString(value) : String(value);
}

/** The options nxviz.plot knows, as Python keyword arguments (others are left out). */
export function pyKeywords(options: Record<string, unknown>): string[] {
  return Object.keys(PLOT_OPTIONS)
    .filter(key => key in options && PLOT_OPTIONS[key](options[key]))
    .map(key => `${key}=${pyValue(options[key])}`);
}

function segments(path: string): string[] {
  return path.split('/').filter(part => part !== '' && part !== '.');
}

/** `to` (relative to the server's root) as seen from the folder `fromDir` (same convention). */
export function relativePath(fromDir: string, to: string): string {
  const from = segments(fromDir);
  const target = segments(to);
  let common = 0;
  while (
    common < from.length &&
    common < target.length &&
    from[common] === target[common]
  ) {
    common += 1;
  }
  const up = from.slice(common).map(() => '..');
  const parts = [...up, ...target.slice(common)];
  return parts.length ? parts.join('/') : '.';
}

/** A Python string literal (double quotes) whose value is `text`. */
export function pyString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\' || char === '"') {
      out += `\\${char}`;
    } else if (char === '\n') {
      out += '\\n';
    } else if (char === '\r') {
      out += '\\r';
    } else if (char === '\t') {
      out += '\\t';
    } else if (code < 0x20 || code === 0x7f) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else {
      out += char;
    }
  }
  return `${out}"`;
}

const INDEX = /^-?\d+$/;
const RANGE = /^(-?\d+)?:(-?\d+)?(:(-?\d+)?)?$/;

/**
 * The viewer's selection ('0,:,:' — one item per dimension: an index, ':' or 'a:b[:c]') as a
 * Python subscript ('[0, :, :]'); the whole dataset ('[()]') when empty. Throws on anything else.
 */
export function pySubscript(selection: string): string {
  const text = selection.replace(/\s+/g, '');
  if (text === '') {
    return '[()]';
  }
  const items = text.split(',');
  for (const item of items) {
    if (!INDEX.test(item) && !RANGE.test(item)) {
      throw new Error(`not a selection: ${selection}`);
    }
  }
  return `[${items.join(', ')}]`;
}

function pathComment(request: ICodeRequest): string {
  return request.notebookDir === null
    ? "# The file's path is relative to the Jupyter server's root folder."
    : "# The file's path is relative to the notebook's folder.";
}

/** Python code that reproduces the view (nxviz.plot) or reads the shown slice (h5py). */
export function codeFor(request: ICodeRequest): string {
  const file = pyString(
    request.notebookDir === null
      ? segments(request.file).join('/')
      : relativePath(request.notebookDir, request.file)
  );
  const entity =
    request.entity && segments(request.entity).length
      ? `/${segments(request.entity).join('/')}`
      : null;
  const slice = request.slice;
  if (entity && request.isDataset) {
    const sliced =
      slice !== null && segments(slice.path).join('/') === entity.slice(1);
    const big = (request.ndim ?? 0) >= 2;
    if (sliced || !big) {
      const subscript = sliced ? pySubscript(slice.selection) : '[()]';
      return [
        'import h5py',
        '',
        pathComment(request),
        `with h5py.File(${file}, "r") as f:`,
        `    data = f[${pyString(entity)}]${subscript}`
      ].join('\n');
    }
  }
  const args = [
    file,
    ...(entity ? [pyString(entity)] : []),
    ...pyKeywords(request.options ?? {})
  ].join(', ');
  return ['import nxviz', '', pathComment(request), `nxviz.plot(${args})`].join(
    '\n'
  );
}
