import React, { act } from 'react';
import { createRoot, Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { RequestState, useLatest } from './useLatest';

// React's act() wants to be told it runs in a test environment
(globalThis as Record<string, unknown>).IS_REACT_ACT_ENVIRONMENT = true;

/** A request answered when the test says so. */
function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
} {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('useLatest', () => {
  let host: HTMLDivElement;
  let root: Root;
  let seen: string[];

  function Probe(props: {
    id: string | null;
    load: (key: string) => Promise<number>;
  }): React.ReactElement {
    const state: RequestState<number> = useLatest(props.id, () =>
      props.load(props.id ?? '')
    );
    seen.push(state.status === 'ready' ? `ready ${state.value}` : state.status);
    return <span>{state.status}</span>;
  }

  beforeEach(() => {
    host = document.createElement('div');
    root = createRoot(host);
    seen = [];
  });

  afterEach(() => {
    act(() => root.unmount());
  });

  it('renders loading from the first render, once, until the answer', async () => {
    const answer = deferred<number>();
    await act(async () => {
      root.render(<Probe id="a" load={() => answer.promise} />);
    });
    expect(seen).toEqual(['loading']);
    await act(async () => answer.resolve(7));
    expect(seen).toEqual(['loading', 'ready 7']);
  });

  it('is idle without a key and loading again for a new key', async () => {
    const answers: Record<string, ReturnType<typeof deferred<number>>> = {
      a: deferred<number>(),
      b: deferred<number>()
    };
    const load = (key: string) => answers[key].promise;
    await act(async () => root.render(<Probe id={null} load={load} />));
    expect(seen).toEqual(['idle']);
    await act(async () => root.render(<Probe id="a" load={load} />));
    await act(async () => answers.a.resolve(1));
    await act(async () => root.render(<Probe id="b" load={load} />));
    await act(async () => answers.b.resolve(2));
    // the render that changes the key still shows the old answer; its effect says loading
    expect(seen).toEqual([
      'idle',
      'idle',
      'loading',
      'ready 1',
      'ready 1',
      'loading',
      'ready 2'
    ]);
  });

  it('never shows an answer of a key that was left', async () => {
    const answers: Record<string, ReturnType<typeof deferred<number>>> = {
      a: deferred<number>(),
      b: deferred<number>()
    };
    const load = (key: string) => answers[key].promise;
    await act(async () => root.render(<Probe id="a" load={load} />));
    await act(async () => root.render(<Probe id="b" load={load} />));
    await act(async () => answers.a.resolve(1));
    await act(async () => answers.b.resolve(2));
    expect(seen).not.toContain('ready 1');
    expect(seen.at(-1)).toBe('ready 2');
  });
});
