// Errors of a view as one sentence: what is wrong, and what can still be done.
import { NxvizApiError } from '../api/client';
import { NpyFormatError } from '../api/npy';

function hintFor(error: unknown): string {
  if (error instanceof NpyFormatError) {
    return 'its metadata and attributes are still shown in the inspector';
  }
  if (error instanceof NxvizApiError) {
    if (error.code === 'file_unresponsive') {
      return 'the server refuses this file until it changes; other files can still be opened';
    }
    if (error.code === 'missing_filter') {
      return 'the filter named in the inspector must be installed on the server (hdf5plugin holds the common ones); the metadata and attributes can still be read there';
    }
    switch (error.status) {
      case 0:
        return 'check that the Jupyter server is running, then refresh';
      case 413:
        return 'choose a smaller slice with the sliders, or export it with the data endpoint';
      case 415:
        return 'its metadata and attributes are still shown in the inspector';
      case 504:
        return 'ask for less (a smaller slice, fewer frames), or try again later';
      case 404:
        return 'refresh the tree if the file has changed';
      case 409:
        return 'another program is writing it';
      case 422:
        return 'the file is damaged there; the rest of it may still be browsed';
      case 403:
        return 'open files under the server\u2019s root folder instead';
      default:
        return 'the rest of the file can still be browsed';
    }
  }
  return 'the rest of the file can still be browsed';
}

/** One sentence for a failed view. */
export function problemSentence(error: unknown): string {
  const raw =
    error instanceof Error ? error.message : String(error ?? 'unknown error');
  const message = raw.trim().replace(/[.;:\s]+$/, '');
  const first = message.charAt(0).toUpperCase() + message.slice(1);
  return `${first}; ${hintFor(error)}.`;
}

/** True when the server has no such endpoint (an older nxviz): use a fallback. */
export function isMissingEndpoint(error: unknown): boolean {
  return (
    error instanceof NxvizApiError &&
    error.status === 404 &&
    error.code === 'http_404'
  );
}
