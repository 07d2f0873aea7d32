import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  total: number;
}

/**
 * Drives `url` with autocannon for `seconds`. The load generator shares the 2 cores with the server, so
 * figures are only compared with a ceiling measured the same way in the same run.
 */
export async function httpLoad(options: {
  url: string;
  method?: 'GET' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  seconds?: number;
  /** Changes each request before it is sent (another user's token, a fresh idempotency key). */
  setupRequest?: (request: { headers?: Record<string, string> }) => { headers?: Record<string, string> };
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    ...(options.body === undefined ? {} : { body: options.body }),
    connections: options.connections ?? 10,
    duration: options.seconds ?? 5,
    ...(options.setupRequest === undefined
      ? {}
      : // autocannon's own request type is wider than what this harness changes.
        { requests: [{ setupRequest: options.setupRequest as never }] }),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
  };
}
