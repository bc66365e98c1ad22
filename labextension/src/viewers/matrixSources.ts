// What the matrix view shows of a dataset: its grid, column labels and block loader.
import { FileApi } from '../api/endpoints';
import { IChildMeta } from '../api/models';
import { formatValue } from '../common/format';
import {
  blockSelection,
  BlockLoader,
  formatNumber,
  ICellBlock
} from './matrix';
import { dtypeKind } from '../common/dtype';

export interface IMatrixSource {
  /** lengths of the sliced (leading) axes, chosen with the slicer */
  sliced: number[];
  rows: number;
  cols: number;
  /** column header text; row headers are the row indices */
  columnLabel(col: number): string;
  /** loader for the given leading indices */
  loader(leading: number[]): BlockLoader;
}

/** Members of a compound dataset, from h5grove's type info or the dtype dict. */
export function compoundMembers(meta: IChildMeta): string[] {
  const members = meta.type_info?.members;
  if (Array.isArray(members)) {
    return members.map((m, i) => m.name ?? `member ${i}`);
  }
  if (meta.dtype !== null && typeof meta.dtype === 'object') {
    return Object.keys(meta.dtype as Record<string, unknown>);
  }
  return [];
}

/** A complex number as text: '1.5+2i', '0-0.5i'. */
export function formatComplex(re: number, im: number): string {
  const sign = im < 0 || Object.is(im, -0) ? '−' : '+';
  return `${formatNumber(re)}${sign}${formatNumber(Math.abs(im))}i`;
}

function enumLabels(meta: IChildMeta): Map<number, string> | null {
  const members = meta.type_info?.members;
  if (dtypeKind(meta) !== 'enum' || !members || Array.isArray(members)) {
    return null;
  }
  return new Map(Object.entries(members).map(([k, v]) => [v, k]));
}

function jsonCell(value: unknown): string {
  return typeof value === 'number' ? formatNumber(value) : formatValue(value);
}

/** The matrix of a dataset with a shape: the last two axes (one for 1D and compounds). */
export function matrixSource(
  api: FileApi,
  path: string,
  meta: IChildMeta
): IMatrixSource {
  const shape = meta.shape ?? [];
  const kind = dtypeKind(meta);
  const byJson = kind === 'string' || kind === 'compound' || kind === 'other';
  if (kind === 'compound') {
    const members = compoundMembers(meta);
    return {
      sliced: shape.slice(0, -1),
      rows: shape[shape.length - 1] ?? 1,
      cols: Math.max(1, members.length),
      columnLabel: col => members[col] ?? '',
      loader: leading => async (rows, _cols, signal) => {
        const selection = blockSelection(leading, rows, null);
        const value = await api.value(path, selection, signal);
        const list = Array.isArray(value) ? value : [value];
        return {
          rows: list.length,
          cols: members.length,
          text: (r, c) => {
            const record = list[r] as unknown;
            return jsonCell(Array.isArray(record) ? record[c] : record);
          }
        };
      }
    };
  }
  const oneD = shape.length === 1;
  const rows = oneD ? shape[0] : shape[shape.length - 2];
  const cols = oneD ? 1 : shape[shape.length - 1];
  const labels = enumLabels(meta);
  return {
    sliced: oneD ? [] : shape.slice(0, -2),
    rows,
    cols,
    columnLabel: col => String(col),
    loader:
      leading =>
      async (r, c, signal): Promise<ICellBlock> => {
        const selection = blockSelection(leading, r, oneD ? null : c);
        const width = oneD ? 1 : c[1] - c[0];
        if (byJson) {
          const value = await api.value(path, selection, signal);
          const list = Array.isArray(value) ? value : [value];
          return {
            rows: list.length,
            cols: width,
            text: (i, j) => {
              const row = list[i] as unknown;
              return jsonCell(oneD ? row : Array.isArray(row) ? row[j] : row);
            }
          };
        }
        const array = await api.array(path, selection, signal);
        const data = array.data;
        return {
          rows: r[1] - r[0],
          cols: width,
          text: (i, j) => {
            const k = i * width + j;
            if (array.complex) {
              return formatComplex(data[2 * k], data[2 * k + 1]);
            }
            const v = data[k];
            const label = labels?.get(v);
            return label === undefined ? formatNumber(v) : `${label} (${v})`;
          }
        };
      }
  };
}
