// The provisioning part of the device profile form: how devices may provision themselves, and
// the key and secret they send (with "Generate" for random values).
import { Field } from '../components/Field';
import { randomToken } from '../components/random';
import { SelectField } from '../components/SelectField';
import { PROVISION_TYPES, type Provisioning, type ProvisioningErrors } from './provisioning';

interface Props {
  value: Provisioning;
  onChange: (change: Partial<Provisioning>) => void;
  errors: ProvisioningErrors;
}

const HINTS: Record<string, string> = {
  ALLOW_CREATE_NEW_DEVICES: 'A device that sends the key and secret with a new name is created with this profile.',
  CHECK_PRE_PROVISIONED_DEVICES: 'Only devices already created with this profile may provision (once each).',
  DISABLED: 'Devices cannot provision themselves with this profile.',
};

function SecretInput({ id, label, hint, value, error, onChange }: { id: string; label: string; hint: string; value: string; error?: string; onChange: (v: string) => void }) {
  return (
    <Field label={label} htmlFor={id} error={error} hint={hint} required>
      <div className="input-with-button">
        <input id={id} value={value} onChange={(e) => onChange(e.target.value)} spellCheck={false} />
        <button type="button" className="btn" aria-label={`Generate ${label.toLowerCase()}`} onClick={() => onChange(randomToken())}>
          Generate
        </button>
      </div>
    </Field>
  );
}

export function ProvisioningFields({ value, onChange, errors }: Props) {
  return (
    <fieldset className="form-section">
      <legend>Device provisioning</legend>
      <SelectField id="provision-type" label="Provision strategy" value={value.type} options={PROVISION_TYPES} onChange={(type) => onChange({ type })} />
      <div className="field-hint provision-hint">{HINTS[value.type]}</div>
      {value.type !== 'DISABLED' && (
        <>
          <SecretInput
            id="provision-key"
            label="Provision device key"
            hint="Unique across the whole platform."
            value={value.key}
            error={errors.key}
            onChange={(key) => onChange({ key })}
          />
          <SecretInput
            id="provision-secret"
            label="Provision device secret"
            hint="Devices send it with the key."
            value={value.secret}
            error={errors.secret}
            onChange={(secret) => onChange({ secret })}
          />
        </>
      )}
    </fieldset>
  );
}
