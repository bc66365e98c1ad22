// One slice, level by level: each refinement is drawn, then replaced; a new slice aborts the old.
// The slice a further step would show is asked ahead and kept, so that the step draws at once.
import { useEffect, useState } from 'react';

import { FileApi, ISliceAnswer, ISliceRequest } from '../api/endpoints';
import { isAbort, messageOf } from '../common/errors';

export type SliceState =
  | { status: 'loading'; answer?: ISliceAnswer }
  | { status: 'ready'; answer: ISliceAnswer }
  | { status: 'error'; message: string; answer?: ISliceAnswer };

/** Ask for level 0, 1, … of the slice until the server says it is complete. */
export async function loadLevels(
  api: FileApi,
  request: ISliceRequest,
  signal: AbortSignal,
  onLevel: (answer: ISliceAnswer) => void
): Promise<void> {
  let level = 0;
  for (;;) {
    const answer = await api.slice({ ...request, level }, signal);
    if (signal.aborted) {
      return;
    }
    onLevel(answer);
    if (answer.meta.complete || level + 1 >= answer.meta.levels) {
      return;
    }
    level += 1;
  }
}

/** Final answers asked ahead of a step, by file and request; each is used once. */
const AHEAD = new Map<string, ISliceAnswer>();
const AHEAD_KEPT = 6;

function aheadKey(api: FileApi, request: ISliceRequest): string {
  return JSON.stringify([api.file, { ...request, level: undefined }]);
}

/** Keep a prefetched final answer (the oldest dropped past a few). */
export function keepAhead(
  api: FileApi,
  request: ISliceRequest,
  answer: ISliceAnswer
): void {
  const key = aheadKey(api, request);
  AHEAD.delete(key);
  AHEAD.set(key, answer);
  while (AHEAD.size > AHEAD_KEPT) {
    AHEAD.delete(AHEAD.keys().next().value as string);
  }
}

/** The prefetched final answer of `request`, taken out of the store (or undefined). */
export function takeAhead(
  api: FileApi,
  request: ISliceRequest
): ISliceAnswer | undefined {
  const key = aheadKey(api, request);
  const answer = AHEAD.get(key);
  AHEAD.delete(key);
  return answer?.meta.complete ? answer : undefined;
}

/**
 * The slice's levels, drawn one by one; once the last is in, `next` (the slice a further step
 * would show) is asked too, its final picture at once, and kept here: the step then draws it
 * without asking the server (whichever worker process would have answered).
 */
export function useSlice(
  api: FileApi,
  request: ISliceRequest,
  next?: ISliceRequest
): SliceState {
  const [state, setState] = useState<SliceState>({ status: 'loading' });
  const key = JSON.stringify([request, next]);
  useEffect(() => {
    const controller = new AbortController();
    const ready = takeAhead(api, request);
    if (ready) {
      setState({ status: 'ready', answer: ready });
    } else {
      setState(old => ({ status: 'loading', answer: old.answer }));
    }
    const levels = ready
      ? Promise.resolve()
      : loadLevels(api, request, controller.signal, answer => {
          setState({
            status: answer.meta.complete ? 'ready' : 'loading',
            answer
          });
        });
    levels
      .then(() => {
        if (next && !controller.signal.aborted) {
          // a prefetch that fails is only a slower step later
          return api.slice(next, controller.signal).then(
            answer => keepAhead(api, next, answer),
            () => undefined
          );
        }
        return undefined;
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted && !isAbort(error)) {
          setState(old => ({
            status: 'error',
            message: messageOf(error),
            answer: old.answer
          }));
        }
      });
    return () => controller.abort();
    // the request's JSON says when it changes
  }, [api, key]);
  return state;
}
