// The settings of a widget type as form fields (text, number, JSON or a choice).
import { InputField } from '../components/InputField';
import { SelectField } from '../components/SelectField';
import type { SettingField } from './widgetTypes';

interface Props {
  fields: SettingField[];
  values: Record<string, string>;
  errors: Record<string, string>;
  onChange: (name: string, value: string) => void;
}

export function SettingsFields({ fields, values, errors, onChange }: Props) {
  return (
    <div className="field-row">
      {fields.map((f) => {
        const id = `widget-setting-${f.name}`;
        const value = values[f.name] ?? '';
        if (f.kind === 'select') {
          return <SelectField key={f.name} id={id} label={f.label} value={value} options={f.options ?? []} onChange={(v) => onChange(f.name, v)} error={errors[f.name]} />;
        }
        return (
          <InputField
            key={f.name}
            id={id}
            label={f.label}
            value={value}
            onChange={(v) => onChange(f.name, v)}
            error={errors[f.name]}
            hint={f.hint}
            required={f.required}
            inputMode={f.kind === 'number' ? 'decimal' : undefined}
          />
        );
      })}
    </div>
  );
}
