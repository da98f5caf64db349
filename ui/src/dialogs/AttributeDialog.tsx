// Add or edit one attribute of a scope: key and value. The value is sent as JSON when it parses
// (42, true, {"a": 1}), otherwise as text.
import { useState } from 'react';
import { telemetryApi, type AttributeKv, type AttributeScope } from '../api/telemetry';
import type { EntityId } from '../api/types';
import { firstError, validate } from '../components/Field';
import { FormDialog } from '../components/FormDialog';
import { InputField } from '../components/InputField';
import { parseTypedValue, valueToText } from '../telemetry/values';

interface Props {
  entity: EntityId;
  scope: AttributeScope;
  scopeLabel: string;
  /** Null: a new attribute. */
  attribute: AttributeKv | null;
  onSaved: () => void;
  onClose: () => void;
}

export function AttributeDialog({ entity, scope, scopeLabel, attribute, onSaved, onClose }: Props) {
  const [key, setKey] = useState(attribute?.key ?? '');
  const [value, setValue] = useState(attribute ? valueToText(attribute.value) : '');
  const [errors, setErrors] = useState<{ key?: string | null; value?: string | null }>({});

  const check = () => {
    const next = {
      key: firstError(validate.required(key, 'Key'), validate.maxLength(key, 255, 'Key')),
      value: validate.required(value, 'Value'),
    };
    setErrors(next);
    return !next.key && !next.value;
  };

  return (
    <FormDialog
      title={attribute ? `Edit ${scopeLabel.toLowerCase()} attribute` : `Add ${scopeLabel.toLowerCase()} attribute`}
      submitLabel={attribute ? 'Save' : 'Add'}
      validate={check}
      save={() => telemetryApi.saveAttributes(entity, scope, { [key.trim()]: parseTypedValue(value.trim()) })}
      onSaved={onSaved}
      onClose={onClose}
    >
      <InputField id="attribute-key" label="Key" value={key} onChange={setKey} error={errors.key} required disabled={!!attribute} />
      <InputField
        id="attribute-value"
        label="Value"
        value={value}
        onChange={setValue}
        error={errors.value}
        hint='JSON when it parses (42, true, {"a": 1}), otherwise text.'
        required
      />
    </FormDialog>
  );
}
