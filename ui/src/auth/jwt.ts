// Reads the claims of our own access token (no verification: the server verifies every call).
import type { Authority } from '../api/types';

export interface JwtClaims {
  sub: string;
  scopes: string[];
  userId?: string;
  firstName?: string;
  lastName?: string;
  tenantId?: string;
  customerId?: string;
  exp?: number;
}

export function decodeJwt(token: string): JwtClaims | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as JwtClaims;
    return Array.isArray(claims.scopes) ? claims : null;
  } catch {
    return null;
  }
}

const AUTHORITIES: Authority[] = ['SYS_ADMIN', 'TENANT_ADMIN', 'CUSTOMER_USER'];

export function authorityOf(claims: JwtClaims | null): Authority | null {
  const scope = claims?.scopes[0];
  return AUTHORITIES.find((a) => a === scope) ?? null;
}
