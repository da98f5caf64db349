// Route guards: signed in at all, and signed in with one of the given authorities.
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Authority } from '../api/types';
import { useAuth } from '../auth/AuthContext';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

export function RequireAuthority({ allow, children }: { allow: Authority[]; children: ReactNode }) {
  const { session } = useAuth();
  if (!session) return <Navigate to="/login" replace />;
  if (!allow.includes(session.authority)) {
    return (
      <div className="alert alert-error" role="alert">
        Your account ({session.authority}) may not open this page.
      </div>
    );
  }
  return <>{children}</>;
}
