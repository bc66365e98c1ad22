// The search box's logic outside React: debounced queries, stale requests aborted, summaries.
import { ISearchAnswer } from '../api/models';
import { isAbort, messageOf } from './model';

export const SEARCH_DELAY_MS = 250;

export type SearchState =
  | { status: 'idle' }
  | { status: 'loading'; query: string }
  | { status: 'ready'; query: string; answer: ISearchAnswer }
  | { status: 'error'; query: string; message: string };

export type SearchRun = (
  query: string,
  signal: AbortSignal
) => Promise<ISearchAnswer>;

/**
 * Asks `run` for the newest query only: typing restarts a `delay` wait, and a new query (or
 * clearing) aborts the request still running for an older one, whose answer is never shown.
 */
export class DebouncedSearch {
  constructor(
    private readonly run: SearchRun,
    private readonly onChange: (state: SearchState) => void,
    private readonly delay = SEARCH_DELAY_MS
  ) {}

  get state(): SearchState {
    return this._state;
  }

  /** The box's text changed: search for it after the delay (blank: clear). */
  set(text: string): void {
    const query = text.trim();
    const status = this._state.status;
    if (
      this.pending === query &&
      (status === 'loading' || status === 'ready')
    ) {
      return;
    }
    this.cancel();
    if (!query) {
      this.emit({ status: 'idle' });
      return;
    }
    this.pending = query;
    this.emit({ status: 'loading', query });
    this.timer = setTimeout(() => this.start(query), this.delay);
  }

  /** Stop waiting and abort the running request; the state is left as it is. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.abort();
    this.abort = null;
    this.pending = null;
  }

  /** Ask again for the current query (the file was read again); nothing when idle. */
  rerun(): void {
    const state = this._state;
    if (state.status === 'idle') {
      return;
    }
    this.cancel();
    this.set(state.query);
  }

  clear(): void {
    this.cancel();
    this.emit({ status: 'idle' });
  }

  private start(query: string): void {
    this.timer = undefined;
    const controller = new AbortController();
    this.abort = controller;
    this.run(query, controller.signal).then(
      answer => {
        if (!controller.signal.aborted) {
          this.abort = null;
          this.emit({ status: 'ready', query, answer });
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted && !isAbort(error)) {
          this.abort = null;
          this.emit({ status: 'error', query, message: messageOf(error) });
        }
      }
    );
  }

  private emit(state: SearchState): void {
    this._state = state;
    this.onChange(state);
  }

  private _state: SearchState = { status: 'idle' };
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private abort: AbortController | null = null;
  private pending: string | null = null;
}

/** One line over the results: how many, and whether the search saw the whole file. */
export function searchSummary(answer: ISearchAnswer): string {
  const n = answer.results.length;
  const seen = `${answer.visited.toLocaleString()} entries`;
  if (n === 0) {
    return answer.truncated
      ? `nothing named “${answer.query}” in the first ${seen}`
      : `nothing named “${answer.query}”`;
  }
  if (answer.truncated) {
    return answer.reason === 'limit'
      ? `first ${n} of many`
      : `first ${n} found; the search stopped after ${seen}`;
  }
  return n === 1 ? '1 found' : `${n} found`;
}
