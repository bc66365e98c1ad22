// The matrix view's logic: blocks of cells read on demand, cached, stale requests aborted.

/** Rows and columns of one block asked of the server. */
export const BLOCK_ROWS = 100;
export const BLOCK_COLS = 50;

/** Browsers cap an element's size (~33M px); taller grids scroll proportionally. */
export const MAX_SCROLL_PX = 10_000_000;

/** A block of cells, indexed relative to the block's first row and column. */
export interface ICellBlock {
  rows: number;
  cols: number;
  text(row: number, col: number): string;
}

export type BlockLoader = (
  rows: [number, number],
  cols: [number, number],
  signal: AbortSignal
) => Promise<ICellBlock>;

export interface IRange {
  first: number;
  last: number;
}

type BlockState =
  | { status: 'loading'; controller: AbortController }
  | { status: 'ready'; block: ICellBlock }
  | { status: 'error'; message: string };

/** Which blocks (row block, column block) cover the visible cells. */
export function blocksFor(rows: IRange, cols: IRange): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (rows.last < rows.first || cols.last < cols.first) {
    return out;
  }
  for (
    let br = Math.floor(rows.first / BLOCK_ROWS);
    br <= Math.floor(rows.last / BLOCK_ROWS);
    br += 1
  ) {
    for (
      let bc = Math.floor(cols.first / BLOCK_COLS);
      bc <= Math.floor(cols.last / BLOCK_COLS);
      bc += 1
    ) {
      out.push([br, bc]);
    }
  }
  return out;
}

/**
 * Blocks of a (rows × cols) grid: `want` starts the missing blocks and aborts the ones no
 * longer visible that are still loading; finished blocks stay cached (up to `capacity`).
 */
export class BlockCache {
  private readonly states = new Map<string, BlockState>();

  constructor(
    readonly rows: number,
    readonly cols: number,
    private readonly load: BlockLoader,
    private readonly onChange: () => void,
    private readonly capacity = 200
  ) {}

  want(rows: IRange, cols: IRange): void {
    const wanted = new Set<string>();
    for (const [br, bc] of blocksFor(rows, cols)) {
      const key = `${br},${bc}`;
      wanted.add(key);
      const state = this.states.get(key);
      if (!state || state.status === 'error') {
        this.start(key, br, bc);
      } else {
        // most recently used last
        this.states.delete(key);
        this.states.set(key, state);
      }
    }
    for (const [key, state] of this.states) {
      if (state.status === 'loading' && !wanted.has(key)) {
        state.controller.abort();
        this.states.delete(key);
      }
    }
    this.evict();
  }

  /** The text of a cell, or null while its block loads (or failed). */
  cell(row: number, col: number): string | null {
    const br = Math.floor(row / BLOCK_ROWS);
    const bc = Math.floor(col / BLOCK_COLS);
    const state = this.states.get(`${br},${bc}`);
    if (state?.status !== 'ready') {
      return null;
    }
    return state.block.text(row - br * BLOCK_ROWS, col - bc * BLOCK_COLS);
  }

  /** The first error message of a visible block, if any. */
  error(): string | null {
    for (const state of this.states.values()) {
      if (state.status === 'error') {
        return state.message;
      }
    }
    return null;
  }

  loading(): number {
    let n = 0;
    for (const state of this.states.values()) {
      n += state.status === 'loading' ? 1 : 0;
    }
    return n;
  }

  dispose(): void {
    for (const state of this.states.values()) {
      if (state.status === 'loading') {
        state.controller.abort();
      }
    }
    this.states.clear();
  }

  private start(key: string, br: number, bc: number): void {
    const controller = new AbortController();
    this.states.set(key, { status: 'loading', controller });
    const r0 = br * BLOCK_ROWS;
    const c0 = bc * BLOCK_COLS;
    const rows: [number, number] = [r0, Math.min(this.rows, r0 + BLOCK_ROWS)];
    const cols: [number, number] = [c0, Math.min(this.cols, c0 + BLOCK_COLS)];
    this.load(rows, cols, controller.signal).then(
      block => {
        if (!controller.signal.aborted) {
          this.states.set(key, { status: 'ready', block });
          this.onChange();
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          const message = error instanceof Error ? error.message : `${error}`;
          this.states.set(key, { status: 'error', message });
          this.onChange();
        }
      }
    );
  }

  private evict(): void {
    for (const [key, state] of this.states) {
      if (this.states.size <= this.capacity) {
        return;
      }
      if (state.status !== 'loading') {
        this.states.delete(key);
      }
    }
  }
}

/** First visible index and the pixel offset of its top, for a scroll position. */
export function visibleStart(
  scroll: number,
  client: number,
  count: number,
  size: number
): { first: number; offset: number } {
  const total = count * size;
  const spacer = Math.min(total, MAX_SCROLL_PX);
  const maxScroll = Math.max(0, spacer - client);
  const maxContent = Math.max(0, total - client);
  const content =
    maxScroll > 0 ? (Math.min(scroll, maxScroll) / maxScroll) * maxContent : 0;
  const first = Math.min(Math.max(0, count - 1), Math.floor(content / size));
  return { first, offset: first * size - content };
}

/** The spacer's size for `count` items of `size` pixels. */
export function spacerSize(count: number, size: number): number {
  return Math.min(count * size, MAX_SCROLL_PX);
}

/** A number as a cell shows it: integers whole, others to 6 significant digits. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) {
    return String(value);
  }
  if (!Number.isFinite(value)) {
    return String(value);
  }
  return value.toPrecision(6).replace(/\.?0+(e|$)/, '$1');
}

/** The selection of a block: the fixed leading indices, then rows (and columns). */
export function blockSelection(
  leading: number[],
  rows: [number, number],
  cols: [number, number] | null
): string {
  const parts = [...leading.map(String), `${rows[0]}:${rows[1]}`];
  if (cols) {
    parts.push(`${cols[0]}:${cols[1]}`);
  }
  return parts.join(',');
}
