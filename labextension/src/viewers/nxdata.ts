// NeXus default plots: follow @default to an NXdata group and read its signal and axes.
import { NxvizApiError } from '../api/client';
import { FileApi } from '../api/endpoints';
import { AttributeValues } from '../api/models';
import { joinPath, normalisePath } from '../tree/paths';

export interface INxDataPlot {
  /** the NXdata group */
  group: string;
  signal: string;
  /** per signal dimension: an axis dataset path, or null ('.') */
  axes: (string | null)[];
  errors: string | null;
  auxiliaries: string[];
  title: string | null;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') {
    return value;
  }
  if (
    Array.isArray(value) &&
    value.length === 1 &&
    typeof value[0] === 'string'
  ) {
    return value[0];
  }
  return null;
}

function texts(value: unknown): string[] {
  if (typeof value === 'string') {
    return value.split(/[,:\s]+/).filter(s => s.length > 0);
  }
  if (Array.isArray(value)) {
    return value.filter((v): v is string => typeof v === 'string');
  }
  return [];
}

/** The NXdata reading of a group's attributes, or null when they name no signal. */
export function nxDataFromAttrs(
  group: string,
  attrs: AttributeValues,
  childNames: string[]
): INxDataPlot | null {
  const signalName = text(attrs.signal);
  if (!signalName || !childNames.includes(signalName)) {
    return null;
  }
  const axes = texts(attrs.axes).map(name =>
    name === '.' || !childNames.includes(name) ? null : joinPath(group, name)
  );
  const errorsName = childNames.includes(`${signalName}_errors`)
    ? `${signalName}_errors`
    : childNames.includes('errors')
      ? 'errors'
      : null;
  return {
    group,
    signal: joinPath(group, signalName),
    axes,
    errors: errorsName ? joinPath(group, errorsName) : null,
    auxiliaries: texts(attrs.auxiliary_signals)
      .filter(name => childNames.includes(name))
      .map(name => joinPath(group, name)),
    title: text(attrs.long_name) ?? text(attrs.title)
  };
}

export interface IBrokenDefault {
  /** the group whose @default names nothing */
  from: string;
  target: string;
}

export type DefaultPlot =
  | { kind: 'plot'; plot: INxDataPlot }
  | { kind: 'none' }
  | { kind: 'broken'; broken: IBrokenDefault };

/** Follow @default from `start` (at most 8 hops) to an NXdata group. */
export async function resolveDefaultPlot(
  api: FileApi,
  start: string,
  signal?: AbortSignal
): Promise<DefaultPlot> {
  let path = start;
  let from: string | null = null;
  const seen = new Set<string>();
  for (let hop = 0; hop < 8 && !seen.has(path); hop += 1) {
    seen.add(path);
    let attrs: AttributeValues;
    let meta: Awaited<ReturnType<FileApi['meta']>>;
    try {
      [attrs, meta] = await Promise.all([
        api.attrs(path, signal),
        api.meta(path, signal)
      ]);
    } catch (error) {
      if (
        from !== null &&
        error instanceof NxvizApiError &&
        error.status === 404
      ) {
        return { kind: 'broken', broken: { from, target: path } };
      }
      throw error;
    }
    if (meta.type !== 'group' || meta.dangling) {
      return from !== null
        ? { kind: 'broken', broken: { from, target: path } }
        : { kind: 'none' };
    }
    const names = (meta.children ?? []).map(c => c.name);
    if (text(attrs.NX_class) === 'NXdata') {
      const plot = nxDataFromAttrs(path, attrs, names);
      return plot ? { kind: 'plot', plot } : { kind: 'none' };
    }
    const next = text(attrs.default);
    if (!next) {
      return { kind: 'none' };
    }
    from = path;
    path = next.startsWith('/')
      ? normalisePath(next)
      : normalisePath(joinPath(path, next));
  }
  return { kind: 'none' };
}
