// /activate?activateToken=...: a new user sets a password (POST /api/noauth/activate) and is
// signed in with the pair the server returns.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../api/client';
import { authApi } from '../api/endpoints';
import { useAuth } from '../auth/AuthContext';
import { ErrorAlert } from '../components/Feedback';
import { Field, firstError, validate } from '../components/Field';

const MIN_PASSWORD = 6;

export function ActivatePage() {
  const [params] = useSearchParams();
  const activateToken = params.get('activateToken') ?? '';
  const { acceptTokens } = useAuth();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ password?: string | null; repeat?: string | null }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next = {
      password: firstError(
        validate.required(password, 'Password'),
        password.length < MIN_PASSWORD ? `Use at least ${MIN_PASSWORD} characters` : null,
      ),
      repeat: repeat === password ? null : 'The passwords differ',
    };
    setErrors(next);
    if (next.password || next.repeat) return;
    setBusy(true);
    setError(null);
    try {
      acceptTokens(await authApi.activate(activateToken, password));
      navigate('/', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <form className="auth-card" onSubmit={submit} noValidate aria-label="Activate account">
        <div className="auth-brand">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <span>Pacificsoft</span>
        </div>
        <h1>Activate your account</h1>
        {!activateToken ? (
          <>
            <ErrorAlert message="This activation link has no activateToken. Ask your administrator for a new link." />
            <Link to="/login">Back to log in</Link>
          </>
        ) : (
          <>
            <p className="muted">Choose the password you will log in with.</p>
            <ErrorAlert message={error} />
            <fieldset disabled={busy} className="form-fields">
              <Field label="Password" htmlFor="activate-password" error={errors.password} required>
                <input
                  id="activate-password"
                  type="password"
                  autoComplete="new-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  autoFocus
                />
              </Field>
              <Field label="Repeat password" htmlFor="activate-repeat" error={errors.repeat} required>
                <input
                  id="activate-repeat"
                  type="password"
                  autoComplete="new-password"
                  value={repeat}
                  onChange={(e) => setRepeat(e.target.value)}
                />
              </Field>
            </fieldset>
            <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
              {busy ? 'Activating…' : 'Activate and log in'}
            </button>
          </>
        )}
      </form>
    </div>
  );
}
