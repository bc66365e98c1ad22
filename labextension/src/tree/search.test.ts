import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { ISearchAnswer } from '../api/models';
import { DebouncedSearch, SearchState, searchSummary } from './search';

function answer(
  query: string,
  n: number,
  extra: Partial<ISearchAnswer> = {}
): ISearchAnswer {
  return {
    query,
    results: Array.from({ length: n }, (_, i) => ({
      path: `/entry/${query}${i}`,
      name: `${query}${i}`,
      type: 'dataset' as const
    })),
    truncated: false,
    reason: null,
    visited: 1234,
    ...extra
  };
}

/** A server whose answers the test releases by hand, recording each request's signal. */
function fakeServer() {
  const calls: {
    query: string;
    signal: AbortSignal;
    resolve: (a: ISearchAnswer) => void;
    reject: (e: unknown) => void;
  }[] = [];
  const run = (query: string, signal: AbortSignal) =>
    new Promise<ISearchAnswer>((resolve, reject) => {
      calls.push({ query, signal, resolve, reject });
    });
  return { calls, run };
}

describe('DebouncedSearch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks once for the last text typed within the delay', async () => {
    const server = fakeServer();
    const states: SearchState[] = [];
    const search = new DebouncedSearch(server.run, s => states.push(s), 250);

    search.set('p');
    vi.advanceTimersByTime(100);
    search.set('pix');
    vi.advanceTimersByTime(249);
    expect(server.calls).toHaveLength(0);
    expect(search.state).toEqual({ status: 'loading', query: 'pix' });
    vi.advanceTimersByTime(1);
    expect(server.calls.map(c => c.query)).toEqual(['pix']);

    server.calls[0].resolve(answer('pix', 2));
    await vi.runAllTimersAsync();
    expect(search.state.status).toBe('ready');
    expect(states.map(s => s.status)).toEqual(['loading', 'loading', 'ready']);
  });

  it('aborts a running request when the text changes and never shows its answer', async () => {
    const server = fakeServer();
    const search = new DebouncedSearch(server.run, () => undefined, 250);

    search.set('old');
    vi.advanceTimersByTime(250);
    search.set('new');
    expect(server.calls[0].signal.aborted).toBe(true);
    vi.advanceTimersByTime(250);
    expect(server.calls[1].signal.aborted).toBe(false);

    server.calls[1].resolve(answer('new', 1));
    server.calls[0].resolve(answer('old', 5));
    await vi.runAllTimersAsync();
    const state = search.state;
    expect(state.status === 'ready' && state.answer.query).toBe('new');
  });

  it('clears on blank text or clear(), aborting what runs', async () => {
    const server = fakeServer();
    const search = new DebouncedSearch(server.run, () => undefined, 250);

    search.set('x');
    search.set('   ');
    vi.advanceTimersByTime(1000);
    expect(server.calls).toHaveLength(0);
    expect(search.state).toEqual({ status: 'idle' });

    search.set('y');
    vi.advanceTimersByTime(250);
    search.clear();
    expect(server.calls[0].signal.aborted).toBe(true);
    server.calls[0].resolve(answer('y', 1));
    await vi.runAllTimersAsync();
    expect(search.state).toEqual({ status: 'idle' });
  });

  it('does not ask again for the same trimmed text, but retries after an error', async () => {
    const server = fakeServer();
    const search = new DebouncedSearch(server.run, () => undefined, 250);

    search.set('mask');
    vi.advanceTimersByTime(250);
    search.set('mask ');
    vi.advanceTimersByTime(250);
    expect(server.calls).toHaveLength(1);

    server.calls[0].reject(new Error('server down'));
    await vi.runAllTimersAsync();
    expect(search.state).toEqual({
      status: 'error',
      query: 'mask',
      message: 'server down'
    });
    search.set('mask');
    vi.advanceTimersByTime(250);
    expect(server.calls).toHaveLength(2);
  });

  it('asks again for the current query on rerun, and not when idle', async () => {
    const server = fakeServer();
    const search = new DebouncedSearch(server.run, () => undefined, 250);

    search.rerun();
    vi.advanceTimersByTime(1000);
    expect(server.calls).toHaveLength(0);

    search.set('data');
    vi.advanceTimersByTime(250);
    server.calls[0].resolve(answer('data', 1));
    await vi.runAllTimersAsync();
    search.rerun();
    vi.advanceTimersByTime(250);
    expect(server.calls.map(c => c.query)).toEqual(['data', 'data']);
    server.calls[1].resolve(answer('data', 2));
    await vi.runAllTimersAsync();
    const state = search.state;
    expect(state.status === 'ready' && state.answer.results.length).toBe(2);
  });

  it('ignores the abort error of a request it cancelled', async () => {
    const server = fakeServer();
    const states: SearchState[] = [];
    const search = new DebouncedSearch(server.run, s => states.push(s), 250);

    search.set('a');
    vi.advanceTimersByTime(250);
    search.cancel();
    server.calls[0].reject(new DOMException('aborted', 'AbortError'));
    await vi.runAllTimersAsync();
    expect(states.map(s => s.status)).toEqual(['loading']);
  });
});

describe('searchSummary', () => {
  it('counts complete answers', () => {
    expect(searchSummary(answer('a', 1))).toBe('1 found');
    expect(searchSummary(answer('a', 3))).toBe('3 found');
  });

  it('says "first N of many" when the limit cut the answer', () => {
    expect(
      searchSummary(answer('c', 200, { truncated: true, reason: 'limit' }))
    ).toBe('first 200 of many');
  });

  it('says the walk stopped when visits or time ran out', () => {
    expect(
      searchSummary(
        answer('c', 4, { truncated: true, reason: 'time', visited: 500000 })
      )
    ).toBe(
      `first 4 found; the search stopped after ${(500000).toLocaleString()} entries`
    );
    expect(
      searchSummary(
        answer('zz', 0, { truncated: true, reason: 'visits', visited: 10 })
      )
    ).toBe('nothing named “zz” in the first 10 entries');
  });

  it('says "nothing named …" when nothing matched', () => {
    expect(searchSummary(answer('zzz', 0))).toBe('nothing named “zzz”');
  });
});

describe('DebouncedSearch.more', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks the shown query again with the largest limit when the first stopped at its limit', async () => {
    const limits: number[] = [];
    const states: SearchState[] = [];
    const search = new DebouncedSearch(
      async (query, _signal, limit) => {
        limits.push(limit);
        return answer(query, Math.min(limit, 300), {
          truncated: limit < 300,
          reason: limit < 300 ? 'limit' : null
        });
      },
      s => states.push(s),
      250
    );
    search.set('g0');
    await vi.advanceTimersByTimeAsync(250);
    expect(search.canShowMore).toBe(true);
    search.more();
    await vi.advanceTimersByTimeAsync(0);
    expect(limits).toEqual([200, 1000]);
    const last = states[states.length - 1];
    expect(last.status === 'ready' && last.answer.results.length).toBe(300);
    expect(search.canShowMore).toBe(false);
    search.set('g1'); // a new query starts with the first limit again
    await vi.advanceTimersByTimeAsync(250);
    expect(limits).toEqual([200, 1000, 200]);
  });

  it('offers nothing more when the search saw everything or stopped for time', async () => {
    const search = new DebouncedSearch(
      async query => answer(query, 5, { truncated: true, reason: 'time' }),
      () => undefined,
      250
    );
    search.set('x');
    await vi.advanceTimersByTimeAsync(250);
    expect(search.canShowMore).toBe(false);
  });
});
