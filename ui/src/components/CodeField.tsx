// A labelled monospaced text area for code and JSON (scripts, configurations), no spell check.
import { Field } from './Field';

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  error?: string | null;
  hint?: string;
  required?: boolean;
}

export function CodeField({ id, label, value, onChange, rows = 8, error, hint, required }: Props) {
  return (
    <Field label={label} htmlFor={id} error={error} hint={hint} required={required}>
      <textarea
        id={id}
        className="code-input"
        rows={rows}
        value={value}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
