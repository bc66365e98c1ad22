// Only the newest request is drawn: a new key aborts the previous request.
import { useEffect, useState } from 'react';

import { isAbort, messageOf } from './errors';

export type RequestState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; message: string; error: unknown };

export function useLatest<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>
): RequestState<T> {
  const [state, setState] = useState<RequestState<T>>({ status: 'idle' });
  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle' });
      return undefined;
    }
    const controller = new AbortController();
    setState({ status: 'loading' });
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
