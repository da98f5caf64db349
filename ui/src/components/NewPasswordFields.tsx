// Choosing a password: the password and its repetition, checked together (account activation;
// later a password change).
import { useState } from 'react';
import { firstError, validate } from './Field';
import { InputField } from './InputField';

export const MIN_PASSWORD = 6;

interface NewPassword {
  password: string;
  /** Shows the fields' problems; true when the password may be sent. */
  check: () => boolean;
  fields: JSX.Element;
}

/** `idPrefix`-password and `idPrefix`-repeat are the inputs' ids. */
export function useNewPassword(idPrefix: string): NewPassword {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ password?: string | null; repeat?: string | null }>({});

  const check = () => {
    const next = {
      password: firstError(
        validate.required(password, 'Password'),
        password.length < MIN_PASSWORD ? `Use at least ${MIN_PASSWORD} characters` : null,
      ),
      repeat: repeat === password ? null : 'The passwords differ',
    };
    setErrors(next);
    return !next.password && !next.repeat;
  };

  const field = (which: 'password' | 'repeat', label: string, value: string, onChange: (v: string) => void) => (
    <InputField
      id={`${idPrefix}-${which}`}
      label={label}
      type="password"
      autoComplete="new-password"
      value={value}
      onChange={onChange}
      error={errors[which]}
      required
      autoFocus={which === 'password'}
    />
  );
  const fields = (
    <>
      {field('password', 'Password', password, setPassword)}
      {field('repeat', 'Repeat password', repeat, setRepeat)}
    </>
  );
  return { password, check, fields };
}
