// Who is signed in: the access token's claims (authority, tenant, customer) and, once loaded,
// the user record from GET /api/auth/user for display names.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { authApi } from '../api/endpoints';
import { clearTokens, getToken, onTokensChanged, setTokens } from '../api/tokens';
import { isAssigned, type Authority, type TokenPair, type User } from '../api/types';
import { authorityOf, decodeJwt, type JwtClaims } from './jwt';

export interface Session {
  claims: JwtClaims;
  authority: Authority;
  /** The customer of a CUSTOMER_USER (from the JWT claim), else null. */
  customerId: string | null;
  tenantId: string | null;
  user: User | null;
}

interface AuthContextValue {
  session: Session | null;
  login: (username: string, password: string) => Promise<void>;
  /** Signs in with a pair obtained elsewhere (account activation). */
  acceptTokens: (pair: TokenPair) => void;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

function sessionFromToken(): Session | null {
  const token = getToken();
  const claims = token ? decodeJwt(token) : null;
  const authority = authorityOf(claims);
  if (!claims || !authority) return null;
  const customerId =
    claims.customerId && isAssigned({ entityType: 'CUSTOMER', id: claims.customerId })
      ? claims.customerId
      : null;
  return { claims, authority, customerId, tenantId: claims.tenantId ?? null, user: null };
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(sessionFromToken);

  // Follow token changes: refresh, logout in another tab, a rejected token.
  useEffect(
    () =>
      onTokensChanged(() => {
        setSession((previous) => {
          const next = sessionFromToken();
          if (next && previous && next.claims.userId === previous.claims.userId) {
            return { ...next, user: previous.user };
          }
          return next;
        });
      }),
    [],
  );

  const userId = session?.claims.userId;
  const haveUser = !!session?.user;
  useEffect(() => {
    if (!userId || haveUser) return;
    let cancelled = false;
    authApi
      .currentUser()
      .then((user) => {
        if (!cancelled) setSession((s) => (s && s.claims.userId === userId ? { ...s, user } : s));
      })
      .catch(() => {
        /* names are optional; a rejected token signs out through the client */
      });
    return () => {
      cancelled = true;
    };
  }, [userId, haveUser]);

  const login = useCallback(async (username: string, password: string) => {
    const pair = await authApi.login(username, password);
    if (!authorityOf(decodeJwt(pair.token))) throw new Error('The server returned an unusable token');
    setTokens(pair);
  }, []);

  const acceptTokens = useCallback((pair: TokenPair) => setTokens(pair), []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      /* signing out locally is what matters */
    }
    clearTokens();
  }, []);

  const value = useMemo(() => ({ session, login, acceptTokens, logout }), [session, login, acceptTokens, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The current session; only for components rendered behind RequireAuth. */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error('useSession without a session');
  return session;
}

export function displayName(session: Session): string {
  const first = session.user?.firstName ?? session.claims.firstName;
  const last = session.user?.lastName ?? session.claims.lastName;
  const name = [first, last].filter(Boolean).join(' ');
  return name || session.claims.sub;
}

export const AUTHORITY_LABELS: Record<Authority, string> = {
  SYS_ADMIN: 'System administrator',
  TENANT_ADMIN: 'Tenant administrator',
  CUSTOMER_USER: 'Customer user',
};
