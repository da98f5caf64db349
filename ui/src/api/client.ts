// The one place that talks HTTP to the server. Adds the JWT, turns error bodies into ApiError,
// and on "JWT expired" (401, errorCode 11) refreshes the pair once and retries the call.
import { decodeJwt } from '../auth/jwt';
import { clearTokens, getRefreshToken, getToken, markSessionEnded, setTokens } from './tokens';
import type { ErrorBody, PageQuery, TokenPair } from './types';

export const ERROR_CODE_JWT_EXPIRED = 11;

export class ApiError extends Error {
  readonly status: number;
  readonly errorCode?: number;

  constructor(status: number, message: string, errorCode?: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.errorCode = errorCode;
  }
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

type ResponseKind = 'json' | 'text' | 'none';

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** How to read a successful body; default json. */
  response?: ResponseKind;
  /** Send the JWT and refresh on expiry; default true. */
  auth?: boolean;
}

export function buildQuery(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function pageQuery(query: PageQuery): RequestOptions['query'] {
  return {
    pageSize: query.pageSize,
    page: query.page,
    textSearch: query.textSearch?.trim() || undefined,
    sortProperty: query.sortProperty,
    sortOrder: query.sortProperty ? query.sortOrder : undefined,
  };
}

async function readError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: ErrorBody | null = null;
  try {
    body = text ? (JSON.parse(text) as ErrorBody) : null;
  } catch {
    body = null;
  }
  const message =
    (body && typeof body.message === 'string' && body.message) ||
    text.trim().slice(0, 300) ||
    `${response.status} ${response.statusText || 'request failed'}`;
  return new ApiError(response.status, message, body?.errorCode);
}

/** The server no longer accepts our tokens: sign out and tell the login page why. */
function endSession(): void {
  markSessionEnded();
  clearTokens();
}

let refreshing: Promise<boolean> | null = null;

/** Exchanges the refresh token for a new pair; concurrent callers share one request. */
function refreshTokens(): Promise<boolean> {
  if (refreshing) return refreshing;
  const refreshToken = getRefreshToken();
  if (!refreshToken) return Promise.resolve(false);
  refreshing = (async () => {
    try {
      const response = await fetch('/api/auth/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
      if (!response.ok) return false;
      setTokens((await response.json()) as TokenPair);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Renew the pair when the token is this one (another caller may have renewed it already). */
async function renew(usedToken: string): Promise<string | null> {
  const current = getToken();
  if (current && current !== usedToken) return current;
  if (await refreshTokens()) return getToken();
  if (getToken() === usedToken) endSession();
  return null;
}

/**
 * An access token for a connection that is not a fetch (the WebSocket): the stored one, renewed
 * first when it expires within a few seconds. Null when signed out (or the renewal was refused).
 */
export async function freshToken(): Promise<string | null> {
  const token = getToken();
  if (!token) return null;
  const exp = decodeJwt(token)?.exp;
  if (exp && exp * 1000 - Date.now() < 5000) return renew(token);
  return token;
}

/** The server refused `usedToken` on a connection that is not a fetch: renew it or end the session. */
export function renewRefusedToken(usedToken: string): Promise<string | null> {
  return renew(usedToken);
}

async function send(method: string, path: string, options: RequestOptions): Promise<[Response, string | null]> {
  const headers: Record<string, string> = { Accept: 'application/json, text/plain' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = options.auth === false ? null : getToken();
  if (token) headers['X-Authorization'] = `Bearer ${token}`;
  try {
    const response = await fetch(path + buildQuery(options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return [response, token];
  } catch (error) {
    throw new ApiError(0, `Cannot reach the server (${errorMessage(error)})`);
  }
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  let [response, usedToken] = await send(method, path, options);
  if (response.status === 401 && usedToken) {
    const error = await readError(response);
    // Expired: refresh once (unless another call already did while this one was in flight), retry.
    const renewed =
      error.errorCode === ERROR_CODE_JWT_EXPIRED &&
      ((getToken() !== null && getToken() !== usedToken) || (await refreshTokens()));
    if (!renewed) {
      // The token is no longer accepted (refresh failed, server key changed): sign out.
      if (getToken() === usedToken) endSession();
      throw error;
    }
    [response, usedToken] = await send(method, path, options);
    if (response.status === 401) {
      if (getToken() === usedToken) endSession();
      throw await readError(response);
    }
  }
  if (!response.ok) throw await readError(response);
  const kind = options.response ?? 'json';
  if (kind === 'none') return undefined as T;
  const text = await response.text();
  if (kind === 'text') return text as T;
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body }),
  delete: (path: string, options?: RequestOptions) =>
    request<void>('DELETE', path, { response: 'none', ...options }),
  /** Any method with a JSON answer (a DELETE that returns the changed entity). */
  request: <T>(method: string, path: string, options?: RequestOptions) => request<T>(method, path, options),
};
