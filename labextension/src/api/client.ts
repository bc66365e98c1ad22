// The one place that talks to /nxviz/api/: typed JSON, binary bodies, typed errors.
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { IErrorBody } from './models';

export const API_PATH = 'nxviz/api';

export type QueryValue =
  string | number | boolean | readonly string[] | undefined | null;

/** An answer of /nxviz/api/ that is not 2xx: carries the server's stable `code`. */
export class NxvizApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options);
    this.name = 'NxvizApiError';
  }
}

export function buildUrl(
  settings: ServerConnection.ISettings,
  endpoint: string,
  query: Record<string, QueryValue> = {}
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) {
      for (const each of value as readonly string[]) {
        params.append(key, each); // e.g. name=a&name=b
      }
    } else if (value !== undefined && value !== null) {
      params.set(key, String(value));
    }
  }
  const search = params.toString();
  const url = URLExt.join(settings.baseUrl, API_PATH, endpoint);
  return search ? `${url}?${search}` : url;
}

async function errorFrom(response: Response): Promise<NxvizApiError> {
  let body: Partial<IErrorBody> = {};
  try {
    body = (await response.json()) as Partial<IErrorBody>;
  } catch {
    // not JSON: a proxy or a crash; keep the status
  }
  return new NxvizApiError(
    response.status,
    body.code ?? `http_${response.status}`,
    body.message ?? `${response.status} ${response.statusText}`.trim()
  );
}

export class NxvizClient {
  constructor(
    readonly settings: ServerConnection.ISettings = ServerConnection.makeSettings()
  ) {}

  async fetch(
    endpoint: string,
    query: Record<string, QueryValue> = {},
    signal?: AbortSignal
  ): Promise<Response> {
    const url = buildUrl(this.settings, endpoint, query);
    let response: Response;
    try {
      response = await ServerConnection.makeRequest(
        url,
        { method: 'GET', signal },
        this.settings
      );
    } catch (error) {
      if (signal?.aborted) {
        throw error;
      }
      throw new NxvizApiError(
        0,
        'network_error',
        'the server cannot be reached',
        {
          cause: error
        }
      );
    }
    if (!response.ok) {
      throw await errorFrom(response);
    }
    return response;
  }

  async json<T>(
    endpoint: string,
    query: Record<string, QueryValue> = {},
    signal?: AbortSignal
  ): Promise<T> {
    const response = await this.fetch(endpoint, query, signal);
    return (await response.json()) as T;
  }

  async binary(
    endpoint: string,
    query: Record<string, QueryValue> = {},
    signal?: AbortSignal
  ): Promise<{ body: ArrayBuffer; headers: Headers }> {
    const response = await this.fetch(endpoint, query, signal);
    return { body: await response.arrayBuffer(), headers: response.headers };
  }
}
