// The card of the signed-out pages (log in, activate): brand, heading, a form that shows the
// server's error and disables its fields while the call runs.
import type { FormEvent, ReactNode } from 'react';
import { ErrorAlert } from './Feedback';

interface AuthCardProps {
  /** The form's accessible name. */
  label: string;
  heading: string;
  onSubmit: (e: FormEvent) => void;
  /** Shown above the error (an intro, a notice). */
  intro?: ReactNode;
  error: string | null;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  /** The fields; when absent (nothing to submit) `intro` alone is shown. */
  children?: ReactNode;
}

function Brand() {
  return (
    <div className="auth-brand">
      <img src="/favicon.svg" alt="" width={36} height={36} />
      <span>Pacificsoft</span>
    </div>
  );
}

export function AuthCard({ label, heading, onSubmit, intro, error, busy, submitLabel, busyLabel, children }: AuthCardProps) {
  return (
    <div className="auth-page">
      <form className="auth-card" onSubmit={onSubmit} noValidate aria-label={label}>
        <Brand />
        <h1>{heading}</h1>
        {intro}
        {children && (
          <>
            <ErrorAlert message={error} />
            <fieldset disabled={busy} className="form-fields">
              {children}
            </fieldset>
            <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
              {busy ? busyLabel : submitLabel}
            </button>
          </>
        )}
      </form>
    </div>
  );
}
