// /activate?activateToken=...: a new user sets a password (POST /api/noauth/activate) and is
// signed in with the pair the server returns.
import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { authApi } from '../api/endpoints';
import { useAuth } from '../auth/AuthContext';
import { AuthCard } from '../components/AuthCard';
import { ErrorAlert } from '../components/Feedback';
import { useNewPassword } from '../components/NewPasswordFields';
import { useSubmit } from '../components/useSubmit';

export function ActivatePage() {
  const [params] = useSearchParams();
  const activateToken = params.get('activateToken') ?? '';
  const { acceptTokens } = useAuth();
  const navigate = useNavigate();
  const newPassword = useNewPassword('activate');
  const { busy, error, run } = useSubmit();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!newPassword.check()) return;
    void run(async () => {
      acceptTokens(await authApi.activate(activateToken, newPassword.password));
      navigate('/', { replace: true });
    });
  };

  const intro = activateToken ? (
    <p className="muted">Choose the password you will log in with.</p>
  ) : (
    <>
      <ErrorAlert message="This activation link has no activateToken. Ask your administrator for a new link." />
      <Link to="/login">Back to log in</Link>
    </>
  );
  return (
    <AuthCard
      label="Activate account"
      heading="Activate your account"
      onSubmit={submit}
      intro={intro}
      error={error}
      busy={busy}
      submitLabel="Activate and log in"
      busyLabel="Activating…"
    >
      {activateToken ? newPassword.fields : null}
    </AuthCard>
  );
}
