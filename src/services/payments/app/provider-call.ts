/** How a provider call ended, as the use cases record it: an answer, no answer in time, or an error. */
export type ProviderCallResult<T> =
  { kind: 'answered'; value: T } | { kind: 'timeout' } | { kind: 'error'; error: unknown };

/**
 * Runs one provider call under a deadline. A provider that never answers must not hold the order's saga
 * (or a consumer) forever; the late answer, if any, is dropped, and since provider calls are idempotent by
 * key, the retry receives it again.
 */
export async function callProvider<T>(
  timeoutMs: number,
  call: () => Promise<T>,
): Promise<ProviderCallResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ kind: 'timeout' }>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
  });
  const answer = call().then(
    (value): ProviderCallResult<T> => ({ kind: 'answered', value }),
    (error: unknown): ProviderCallResult<T> => ({ kind: 'error', error }),
  );
  try {
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
