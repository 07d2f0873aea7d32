// A tiny typed client over fetch: same-origin cookie auth, the platform's error shape as ApiError, and one
// silent refresh (the sb_refresh cookie) when the short-lived access cookie has run out.
import type { ApiErrorBody } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = body.status;
    this.code = body.code;
    this.details = body.details;
    this.requestId = body.requestId;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const sessionListeners = new Set<() => void>();

/** Called when the session is gone for good (refresh refused): the app shows the sign-in page. */
export function onSessionLost(listener: () => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

let refreshing: Promise<boolean> | undefined;

/** One refresh at a time: parallel 401s share it. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch('/auth/refresh', { method: 'POST', credentials: 'same-origin' })
    .then((response) => response.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

export function withQuery(path: string, query: Query | undefined): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** A FormData body goes as multipart/form-data (the browser writes the boundary); anything else as JSON. */
function encodeBody(body: unknown): { body?: BodyInit; contentType?: string } {
  if (body === undefined) return {};
  if (body instanceof FormData) return { body };
  return { body: JSON.stringify(body), contentType: 'application/json' };
}

async function send(method: Method, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const encoded = encodeBody(options.body);
  if (encoded.contentType !== undefined) headers['content-type'] = encoded.contentType;
  return fetch(withQuery(path, options.query), {
    method,
    headers,
    credentials: 'same-origin',
    ...(encoded.body === undefined ? {} : { body: encoded.body }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

async function errorOf(response: Response, path: string): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<ApiErrorBody>;
    if (typeof body.code === 'string' && typeof body.message === 'string') {
      return new ApiError({ ...body, status: response.status } as ApiErrorBody);
    }
  } catch {
    // Not our JSON error shape (a proxy's HTML page): described by its status below.
  }
  return new ApiError({
    status: response.status,
    code: `HTTP_${response.status}`,
    message: response.statusText || `The server answered ${response.status}.`,
    path,
  });
}

export async function api<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  let response: Response;
  try {
    response = await send(method, path, options);
    if (response.status === 401 && !path.startsWith('/auth/')) {
      if (await refreshSession()) response = await send(method, path, options);
      else sessionListeners.forEach((listener) => listener());
    }
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'NETWORK', message: 'The server cannot be reached.' });
  }
  if (!response.ok) throw await errorOf(response, path);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) =>
  api<T>('GET', path, { ...(query === undefined ? {} : { query }), ...(signal ? { signal } : {}) });
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
  api<T>('POST', path, { body: body ?? {}, ...(headers === undefined ? {} : { headers }) });
export const postForm = <T>(path: string, form: FormData) => api<T>('POST', path, { body: form });
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, { body });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, { body });
export const del = <T>(path: string) => api<T>('DELETE', path);

/** True for "this route does not exist here" (a service that is not deployed yet), not a missing record. */
export function isMissingRoute(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 404 &&
    (error.code === 'COMMON.ROUTE_NOT_FOUND' || error.code === 'HTTP_404')
  );
}
