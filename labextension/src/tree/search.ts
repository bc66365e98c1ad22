// The search box's logic outside React: debounced queries, stale requests aborted, summaries.
import { SEARCH_LIMIT } from '../api/endpoints';
import { ISearchAnswer } from '../api/models';
import { isAbort, messageOf } from '../common/errors';

export const SEARCH_DELAY_MS = 250;
/** Results asked when the user asks for more: the server's largest limit (first: SEARCH_LIMIT). */
export const MOST_RESULTS = 1000;

export type SearchState =
  | { status: 'idle' }
  | { status: 'loading'; query: string }
  | { status: 'ready'; query: string; answer: ISearchAnswer }
  | { status: 'error'; query: string; message: string };

export type SearchRun = (
  query: string,
  signal: AbortSignal,
  limit: number
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
    this.limit = SEARCH_LIMIT;
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

  /** Whether the shown answer stopped at its limit and more results can be asked for. */
  get canShowMore(): boolean {
    const state = this._state;
    return (
      state.status === 'ready' &&
      state.answer.reason === 'limit' &&
      this.limit < MOST_RESULTS
    );
  }

  /** Ask again for the shown query with the server's largest limit (no delay). */
  more(): void {
    const state = this._state;
    if (!this.canShowMore || state.status !== 'ready') {
      return;
    }
    this.cancel();
    this.limit = MOST_RESULTS;
    this.pending = state.query;
    this.emit({ status: 'loading', query: state.query });
    this.start(state.query);
  }

  clear(): void {
    this.cancel();
    this.emit({ status: 'idle' });
  }

  private start(query: string): void {
    this.timer = undefined;
    const controller = new AbortController();
    this.abort = controller;
    this.run(query, controller.signal, this.limit).then(
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
  private limit = SEARCH_LIMIT;
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
