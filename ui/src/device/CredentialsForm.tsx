// Edits a device's credentials in place: the type, then its fields (an access token; MQTT client
// id / user name / password; an X.509 PEM). Checked before sending; the server's refusal shown.
import { useState, type FormEvent } from 'react';
import { deviceApi } from '../api/endpoints';
import type { DeviceCredentials } from '../api/types';
import { ErrorAlert } from '../components/Feedback';
import { Field } from '../components/Field';
import { InputField } from '../components/InputField';
import { randomToken } from '../components/random';
import { SelectField } from '../components/SelectField';
import { useSubmit } from '../components/useSubmit';
import { checkDraft, CREDENTIALS_TYPES, draftOf, toCredentials, type CredentialsDraft, type CredentialsErrors } from './credentials';

interface Props {
  stored: DeviceCredentials;
  onSaved: (saved: DeviceCredentials) => void;
  onCancel: () => void;
  /** Reports busy so the dialog cannot be closed mid-save. */
  onBusy: (busy: boolean) => void;
}

export function CredentialsForm({ stored, onSaved, onCancel, onBusy }: Props) {
  const [draft, setDraft] = useState<CredentialsDraft>(() => draftOf(stored));
  const [errors, setErrors] = useState<CredentialsErrors>({});
  const submit = useSubmit();
  const edit = (change: Partial<CredentialsDraft>) => setDraft((d) => ({ ...d, ...change }));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (submit.busy) return;
    const found = checkDraft(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    onBusy(true);
    await submit.run(async () => onSaved(await deviceApi.saveCredentials(toCredentials(stored, draft))));
    onBusy(false);
  };

  return (
    <form onSubmit={save} noValidate>
      <ErrorAlert message={submit.error} />
      <fieldset disabled={submit.busy} className="form-fields">
        <SelectField id="credentials-type" label="Credentials type" value={draft.type} options={CREDENTIALS_TYPES} onChange={(type) => edit({ type })} />
        {draft.type === 'ACCESS_TOKEN' && (
          <Field
            label="Access token"
            htmlFor="credentials-token"
            error={errors.token}
            hint="Devices send it as the MQTT user name or in the HTTP/CoAP path. At most 255 characters."
            required
          >
            <div className="input-with-button">
              <input id="credentials-token" value={draft.token} onChange={(e) => edit({ token: e.target.value })} />
              <button type="button" className="btn" onClick={() => edit({ token: randomToken() })}>
                Generate
              </button>
            </div>
          </Field>
        )}
        {draft.type === 'MQTT_BASIC' && (
          <>
            <ErrorAlert message={errors.mqtt ?? null} />
            <InputField id="credentials-client-id" label="Client id" value={draft.clientId} onChange={(clientId) => edit({ clientId })} error={errors.clientId} hint="The MQTT client identifier the device connects with." />
            <InputField id="credentials-user-name" label="User name" value={draft.userName} onChange={(userName) => edit({ userName })} error={errors.userName} />
            <InputField
              id="credentials-password"
              label="Password"
              type="password"
              autoComplete="new-password"
              value={draft.password}
              onChange={(password) => edit({ password })}
              error={errors.password}
              hint="Optional; only together with a user name."
            />
          </>
        )}
        {draft.type === 'X509_CERTIFICATE' && (
          <Field label="Certificate (PEM)" htmlFor="credentials-pem" error={errors.pem} hint="The device's own (leaf) certificate; it presents it in the TLS handshake." required>
            <textarea id="credentials-pem" className="pem-input" rows={10} spellCheck={false} value={draft.pem} onChange={(e) => edit({ pem: e.target.value })} placeholder="-----BEGIN CERTIFICATE-----" />
          </Field>
        )}
      </fieldset>
      <div className="form-footer">
        <button type="button" className="btn" onClick={onCancel} disabled={submit.busy}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {submit.busy ? 'Saving…' : 'Save credentials'}
        </button>
      </div>
    </form>
  );
}
