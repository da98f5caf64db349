import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { sessionEnded as sessionHasEnded } from '../api/tokens';
import { useAuth } from '../auth/AuthContext';
import { AuthCard } from '../components/AuthCard';
import { InfoAlert } from '../components/Feedback';
import { firstError, validate } from '../components/Field';
import { InputField } from '../components/InputField';
import { useSubmit } from '../components/useSubmit';

export function LoginPage() {
  const { session, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ username?: string | null; password?: string | null }>({});
  const { busy, error, run } = useSubmit();
  const [sessionEnded] = useState(sessionHasEnded);

  if (session) return <Navigate to={from} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = {
      username: firstError(validate.required(username, 'Email'), validate.email(username)),
      password: validate.required(password, 'Password'),
    };
    setErrors(next);
    if (next.username || next.password) return;
    void run(async () => {
      await login(username.trim(), password);
      navigate(from, { replace: true });
    });
  };

  return (
    <AuthCard
      label="Log in"
      heading="Log in"
      onSubmit={submit}
      intro={sessionEnded && !error && <InfoAlert>Your session has ended. Please log in again.</InfoAlert>}
      error={error}
      busy={busy}
      submitLabel="Log in"
      busyLabel="Logging in…"
    >
      <InputField
        id="login-username"
        label="Email"
        name="username"
        type="email"
        autoComplete="username"
        value={username}
        onChange={setUsername}
        error={errors.username}
        required
        autoFocus
      />
      <InputField
        id="login-password"
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        error={errors.password}
        required
      />
    </AuthCard>
  );
}
