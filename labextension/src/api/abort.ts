// A promise's outcome cut short by an abort signal: the request goes on (others may share
// it), the caller stops waiting for it.

/** What `promise` settles with, unless `signal` aborts first (then an AbortError). */
export function unlessAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined
): Promise<T> {
  if (!signal) {
    return promise;
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('aborted', 'AbortError'));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject);
  });
}
