// What went wrong, in words: an API error's message, and whether a request was only aborted.
import { NxvizApiError } from '../api/client';

/** The message to show for a failed request or computation. */
export function messageOf(error: unknown): string {
  if (error instanceof NxvizApiError) {
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A request aborted on purpose (a newer one replaced it, or its view closed). */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
