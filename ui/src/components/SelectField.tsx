// A labelled select of fixed options with its validation message.
import { Field } from './Field';

export interface SelectOption<V extends string | number> {
  value: V;
  label: string;
}

interface SelectFieldProps<V extends string | number> {
  id: string;
  label: string;
  value: V;
  options: SelectOption<V>[];
  onChange: (value: V) => void;
  error?: string | null;
}

export function SelectField<V extends string | number>({ id, label, value, options, onChange, error }: SelectFieldProps<V>) {
  return (
    <Field label={label} htmlFor={id} error={error}>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          const picked = options.find((o) => String(o.value) === e.target.value);
          if (picked) onChange(picked.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
