// The volume's pyramid (a multi-resolution copy in the user's cache): its state, a button to
// build it, the build's progress and a button to cancel it. Built on the server (`pyramid`).
import { ServerConnection } from '@jupyterlab/services';
import React, { useCallback, useEffect, useState } from 'react';

import { buildUrl } from '../api/client';
import { FileApi } from '../api/endpoints';
import { isAbort, messageOf } from '../common/errors';

export interface IPyramidState {
  state: 'none' | 'building' | 'ready' | 'cancelled' | 'refused' | 'failed';
  bytes: number;
  levels: number;
  done?: number | null;
  total?: number | null;
  seconds?: number | null;
  notice?: string;
}

const POLL_MS = 1000;

async function ask(
  api: FileApi,
  path: string,
  method: 'GET' | 'POST' | 'DELETE',
  signal?: AbortSignal
): Promise<IPyramidState> {
  const settings = api.client.settings;
  const url = buildUrl(settings, 'pyramid', { file: api.file, path });
  const response = await ServerConnection.makeRequest(
    url,
    { method, signal },
    settings
  );
  const body = (await response.json()) as IPyramidState & { message?: string };
  if (!response.ok) {
    throw new Error(body.message ?? `${response.status}`);
  }
  return body;
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

export function PyramidControl(props: {
  api: FileApi;
  path: string;
}): React.ReactElement | null {
  const { api, path } = props;
  const [state, setState] = useState<IPyramidState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    (method: 'GET' | 'POST' | 'DELETE', signal?: AbortSignal) =>
      ask(api, path, method, signal).then(
        got => !signal?.aborted && setState(got),
        (e: unknown) =>
          !signal?.aborted && !isAbort(e) && setError(messageOf(e))
      ),
    [api, path]
  );
  useEffect(() => {
    const controller = new AbortController();
    void run('GET', controller.signal);
    return () => controller.abort();
  }, [run]);
  const building = state?.state === 'building';
  useEffect(() => {
    if (!building) {
      return;
    }
    const controller = new AbortController();
    const timer = setInterval(
      () => void run('GET', controller.signal),
      POLL_MS
    );
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [building, run]);

  if (error) {
    return <span className="jp-nxviz-volume-pyramid">{error}</span>;
  }
  if (!state || state.levels === 0) {
    return null; // too small to need one
  }
  const progress =
    building && state.total
      ? Math.round(((state.done ?? 0) / state.total) * 100)
      : 0;
  return (
    <span className="jp-nxviz-volume-pyramid" data-state={state.state}>
      {state.state === 'ready' ? (
        `pyramid: ${state.levels} levels, ${gib(state.bytes)}`
      ) : building ? (
        <>
          <progress max={100} value={progress} /> building pyramid {progress}%{' '}
          <button
            className="jp-Button jp-mod-minimal"
            onClick={() => void run('DELETE')}
          >
            cancel
          </button>
        </>
      ) : (
        <>
          <button
            className="jp-Button jp-mod-styled"
            title={`A multi-resolution copy (${gib(state.bytes)}) in your cache folder: slices at screen size then answer at once`}
            onClick={() => void run('POST')}
          >
            Build pyramid
          </button>
          {state.notice ? ` ${state.notice}` : ''}
        </>
      )}
    </span>
  );
}
