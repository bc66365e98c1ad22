// One slice, level by level: each refinement is drawn, then replaced; a new slice aborts the old.
import { useEffect, useState } from 'react';

import { FileApi, ISliceAnswer, ISliceRequest } from '../api/endpoints';
import { isAbort, messageOf } from '../tree/model';

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

/**
 * The slice's levels, drawn one by one; once the last is in, `next` (the slice a further step
 * would show) is asked too and its answer dropped: the server keeps its decoded plane.
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
    setState(old => ({ status: 'loading', answer: old.answer }));
    loadLevels(api, request, controller.signal, answer => {
      setState({
        status: answer.meta.complete ? 'ready' : 'loading',
        answer
      });
    })
      .then(() => {
        if (next && !controller.signal.aborted) {
          // a prefetch that fails is only a slower step later
          return api.slice(next, controller.signal).then(
            () => undefined,
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
