// One continuous frame stack from an Eiger master file's data_000001, data_000002, … (external
// links, one file each), a 3D `data` child, or a 3D+ dataset. Same rules as nxviz/frames/stack.py.
import { IChildMeta, IEntityMeta } from '../api/models';

export interface IBlock {
  /** dataset path */
  path: string;
  /** index of its first frame in the whole series */
  start: number;
  count: number;
  /** indices of further leading axes (4D+ datasets show their first) */
  lead: number[];
  /** a 2D dataset: one frame, asked without an index */
  single?: boolean;
}

export interface IFrameStack {
  /** the group of data_NNNNNN blocks, when the stack is an Eiger series (the server combines
   * frames across its files when asked with this path) */
  group?: string;
  blocks: IBlock[];
  count: number;
  /** rows, columns of one frame */
  frameShape: [number, number];
  dtype?: unknown;
}

const BLOCK_NAME = /^data_\d{6}$/;

function isNumeric(meta: IChildMeta): boolean {
  const info = meta.type_info;
  if (info) {
    return info.class === 0 || info.class === 1; // H5T_INTEGER, H5T_FLOAT
  }
  return typeof meta.dtype === 'string' && /[iuf]\d/.test(meta.dtype);
}

function isFrameDataset(meta: IChildMeta, minRank = 3): boolean {
  const shape = meta.shape;
  return (
    meta.type === 'dataset' &&
    meta.dangling !== true &&
    Array.isArray(shape) &&
    shape.length >= minRank &&
    shape[shape.length - 1] > 1 &&
    shape[shape.length - 2] > 1 &&
    isNumeric(meta)
  );
}

function join(group: string, name: string): string {
  return `${group.replace(/\/+$/, '')}/${name}`;
}

/** Metadata enough to find a stack: `meta`'s answer, or a child entry with its path. */
export type StackMeta = IChildMeta & { path?: string; children?: IChildMeta[] };

/**
 * The frame stack of an entity's metadata, or undefined if it is not one; a 2D dataset is a
 * stack of one frame (a single detector image).
 */
export function frameStack(
  meta: StackMeta | IEntityMeta
): IFrameStack | undefined {
  const path = meta.path ?? `/${meta.name}`;
  if (isFrameDataset(meta, 2) && (meta.shape as number[]).length === 2) {
    const shape = meta.shape as number[];
    return {
      blocks: [{ path, start: 0, count: 1, lead: [], single: true }],
      count: 1,
      frameShape: [shape[0], shape[1]],
      dtype: meta.dtype
    };
  }
  if (isFrameDataset(meta)) {
    const shape = meta.shape as number[];
    const n = shape.length;
    return {
      blocks: [
        {
          path,
          start: 0,
          count: shape[0],
          lead: new Array<number>(n - 3).fill(0)
        }
      ],
      count: shape[0],
      frameShape: [shape[n - 2], shape[n - 1]],
      dtype: meta.dtype
    };
  }
  if (meta.type !== 'group' || !meta.children) {
    return undefined;
  }
  const named = meta.children
    .filter(c => BLOCK_NAME.test(c.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const blocks: IBlock[] = [];
  let frameShape: [number, number] | undefined;
  let start = 0;
  let dtype: unknown;
  for (const child of named) {
    if (!isFrameDataset(child) || (child.shape as number[]).length !== 3) {
      break; // a dangling link or a file that is not there ends the series
    }
    const shape = child.shape as number[];
    if (
      frameShape &&
      (frameShape[0] !== shape[1] || frameShape[1] !== shape[2])
    ) {
      break;
    }
    frameShape = [shape[1], shape[2]];
    dtype ??= child.dtype;
    blocks.push({
      path: join(path, child.name),
      start,
      count: shape[0],
      lead: []
    });
    start += shape[0];
  }
  if (blocks.length === 0) {
    const data = meta.children.find(c => c.name === 'data');
    if (data && isFrameDataset(data)) {
      return frameStack({ ...data, path: join(path, 'data') });
    }
    return undefined;
  }
  return {
    group: path,
    blocks,
    count: start,
    frameShape: frameShape as [number, number],
    dtype
  };
}

/** Whether the Frames view fits this entity: a 3D+ numeric stack or a group holding one. */
export function isFrameStack(meta: StackMeta | IEntityMeta): boolean {
  return frameStack(meta) !== undefined;
}

export interface IFrameAddress {
  path: string;
  /** index within the block's dataset */
  local: number;
  block: IBlock;
}

/** Dataset path and local index of frame `index` of the series. */
export function locate(stack: IFrameStack, index: number): IFrameAddress {
  if (!(index >= 0 && index < stack.count && Number.isInteger(index))) {
    throw new RangeError(`frame ${index} is outside 0..${stack.count - 1}`);
  }
  let lo = 0;
  let hi = stack.blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (stack.blocks[mid].start <= index) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  const block = stack.blocks[lo];
  return { path: block.path, local: index - block.start, block };
}

/** The `selection` of one frame for the image endpoint ('' for a single 2D image). */
export function frameSelection(address: IFrameAddress): string {
  return address.block.single
    ? ''
    : [address.local, ...address.block.lead].join(',');
}

/** The `selection` of one pixel (row `y`, column `x`) of a frame. */
export function pixelSelection(
  address: IFrameAddress,
  y: number,
  x: number
): string {
  return [frameSelection(address), y, x].filter(p => p !== '').join(',');
}

/**
 * Frames `index`…`index + n - 1` combined on the server, clipped at the end of the series. For
 * an Eiger series the range counts frames of the whole series (asked of its group, across its
 * files); for one dataset it counts that dataset's frames.
 */
export function combineRange(
  stack: IFrameStack,
  index: number,
  n: number
): { frames: string; count: number } {
  const first = stack.group ? index : locate(stack, index).local;
  const last = stack.group ? stack.count : locate(stack, index).block.count;
  const end = Math.min(first + Math.max(1, n), last);
  return { frames: `${first}:${end}`, count: end - first };
}

/**
 * The path the Frames view should open for an NXdata plot whose signal is a frame stack: the
 * group when the signal is one of its data_NNNNNN blocks (so all blocks make one series), else
 * the signal itself.
 */
export function stackPathOf(group: string, signal: string): string {
  const name = signal.split('/').pop() ?? '';
  return BLOCK_NAME.test(name) ? group : signal;
}
