// A labelled text input (or textarea) with its validation message: Field plus the control.
import type { InputHTMLAttributes } from 'react';
import { Field } from './Field';

interface InputFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'> {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  hint?: string;
  required?: boolean;
  /** Rows of a textarea instead of a one-line input. */
  rows?: number;
}

export function InputField({ id, label, value, onChange, error, hint, required, rows, ...inputProps }: InputFieldProps) {
  return (
    <Field label={label} htmlFor={id} error={error} hint={hint} required={required}>
      {rows ? (
        <textarea id={id} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input id={id} value={value} onChange={(e) => onChange(e.target.value)} {...inputProps} />
      )}
    </Field>
  );
}
