import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { errorMessage } from '../api/client';
import { sessionEnded as sessionHasEnded } from '../api/tokens';
import { useAuth } from '../auth/AuthContext';
import { ErrorAlert, InfoAlert } from '../components/Feedback';
import { Field, firstError, validate } from '../components/Field';

export function LoginPage() {
  const { session, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ username?: string | null; password?: string | null }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sessionEnded] = useState(sessionHasEnded);

  if (session) return <Navigate to={from} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next = {
      username: firstError(validate.required(username, 'Email'), validate.email(username)),
      password: validate.required(password, 'Password'),
    };
    setErrors(next);
    if (next.username || next.password) return;
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      navigate(from, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <form className="auth-card" onSubmit={submit} noValidate aria-label="Log in">
        <div className="auth-brand">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <span>Pacificsoft</span>
        </div>
        <h1>Log in</h1>
        {sessionEnded && !error && <InfoAlert>Your session has ended. Please log in again.</InfoAlert>}
        <ErrorAlert message={error} />
        <fieldset disabled={busy} className="form-fields">
          <Field label="Email" htmlFor="login-username" error={errors.username} required>
            <input
              id="login-username"
              name="username"
              type="email"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoFocus
            />
          </Field>
          <Field label="Password" htmlFor="login-password" error={errors.password} required>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </Field>
        </fieldset>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </div>
  );
}
