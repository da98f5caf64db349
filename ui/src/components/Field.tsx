// A labelled form control with its validation message.
import type { ReactNode } from 'react';

interface FieldProps {
  label: string;
  htmlFor: string;
  error?: string | null;
  hint?: string;
  required?: boolean;
  children: ReactNode;
}

export function Field({ label, htmlFor, error, hint, required, children }: FieldProps) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={htmlFor}>
        {label}
        {required && <span className="required" aria-hidden="true"> *</span>}
      </label>
      {children}
      {error ? (
        <div className="field-error" id={`${htmlFor}-error`}>
          {error}
        </div>
      ) : (
        hint && <div className="field-hint">{hint}</div>
      )}
    </div>
  );
}

/** Validation helpers shared by the forms. */
export const validate = {
  required: (value: string, what: string) => (value.trim() ? null : `${what} is required`),
  maxLength: (value: string, max: number, what: string) =>
    value.length > max ? `${what} must be at most ${max} characters` : null,
  email: (value: string) =>
    /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? null : 'Enter a valid email address',
  optionalEmail: (value: string) =>
    !value.trim() || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? null : 'Enter a valid email address',
};

/** The first non-null message, for chaining checks on one field. */
export function firstError(...messages: (string | null)[]): string | null {
  return messages.find((m) => m !== null) ?? null;
}
