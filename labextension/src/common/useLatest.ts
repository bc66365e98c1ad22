// Only the newest request is drawn: a new key aborts the previous request.
import { useEffect, useState } from 'react';

import { isAbort, messageOf } from './errors';

export type RequestState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; message: string; error: unknown };

const IDLE: RequestState<never> = { status: 'idle' };
const LOADING: RequestState<never> = { status: 'loading' };

export function useLatest<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>
): RequestState<T> {
  // loading from the first render when there is a key: no second render of the caller just to
  // say so once its effect runs
  const [state, setState] = useState<RequestState<T>>(
    key === null ? IDLE : LOADING
  );
  useEffect(() => {
    if (key === null) {
      setState(s => (s.status === 'idle' ? s : IDLE));
      return undefined;
    }
    const controller = new AbortController();
    setState(s => (s.status === 'loading' ? s : LOADING));
    load(controller.signal).then(
      value => {
        if (!controller.signal.aborted) {
          setState({ status: 'ready', value });
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted && !isAbort(error)) {
          setState({ status: 'error', message: messageOf(error), error });
        }
      }
    );
    return () => controller.abort();
    // `load` is a fresh closure each render; the key says when the request changes.
  }, [key]);
  return state;
}
