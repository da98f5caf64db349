// Where the JWT pair lives between page loads. Everything that reads or writes the tokens goes
// through here so that a change (another tab logging out, a refresh) is seen everywhere.
import type { TokenPair } from './types';

const TOKEN_KEY = 'pacificsoft.token';
const REFRESH_KEY = 'pacificsoft.refreshToken';
const ENDED_KEY = 'pacificsoft.sessionEnded';

type Listener = () => void;
const listeners = new Set<Listener>();

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function getRefreshToken(): string | null {
  return localStorage.getItem(REFRESH_KEY);
}

export function setTokens(pair: TokenPair): void {
  sessionStorage.removeItem(ENDED_KEY);
  localStorage.setItem(TOKEN_KEY, pair.token);
  localStorage.setItem(REFRESH_KEY, pair.refreshToken);
  listeners.forEach((l) => l());
}

/** Remembers (for this tab) that the session ended because the server refused the tokens. */
export function markSessionEnded(): void {
  sessionStorage.setItem(ENDED_KEY, '1');
}

/** True after markSessionEnded() until the next sign-in. */
export function sessionEnded(): boolean {
  return sessionStorage.getItem(ENDED_KEY) === '1';
}

export function clearTokens(): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(REFRESH_KEY);
  listeners.forEach((l) => l());
}

/** Called whenever the stored tokens change (in this tab or another). */
export function onTokensChanged(listener: Listener): () => void {
  listeners.add(listener);
  const storage = (e: StorageEvent) => {
    if (e.key === TOKEN_KEY || e.key === REFRESH_KEY || e.key === null) listener();
  };
  window.addEventListener('storage', storage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', storage);
  };
}
