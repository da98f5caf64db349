// A device's credentials: shows the access token (credentialsId) with copy; a tenant
// administrator may replace it (POST /api/device/credentials).
import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { deviceApi } from '../api/endpoints';
import type { Device, DeviceCredentials } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { Dialog } from '../components/Dialog';
import { ErrorAlert, Spinner } from '../components/Feedback';
import { Field, firstError, validate } from '../components/Field';
import { useAsync } from '../components/useAsync';

// The server refuses spaces, '/', '+' and '#' (MQTT topic characters) and more than 255 characters.
const TOKEN_PATTERN = /^[^\s/+#]+$/;

interface Props {
  device: Device;
  editable: boolean;
  onClose: () => void;
}

export function CredentialsDialog({ device, editable, onClose }: Props) {
  const deviceId = device.id!.id;
  const { data, loading, error, reload } = useAsync(() => deviceApi.credentials(deviceId), [deviceId]);
  const [credentials, setCredentials] = useState<DeviceCredentials | null>(null);
  const [editing, setEditing] = useState(false);
  const [token, setToken] = useState('');
  const [tokenError, setTokenError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setCredentials(data), [data]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!credentials) return;
    const problem = firstError(
      validate.required(token, 'Access token'),
      validate.maxLength(token, 255, 'Access token'),
      TOKEN_PATTERN.test(token) ? null : "The access token may not contain spaces, '/', '+' or '#'",
    );
    setTokenError(problem);
    if (problem) return;
    setBusy(true);
    setSaveError(null);
    try {
      setCredentials(await deviceApi.saveCredentials({ ...credentials, credentialsId: token }));
      setEditing(false);
    } catch (err) {
      setSaveError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Credentials of ${device.name}`}
      onClose={onClose}
      busy={busy}
      wide
      footer={
        !editing && (
          <>
            {editable && credentials?.credentialsType === 'ACCESS_TOKEN' && (
              <button
                type="button"
                className="btn"
                onClick={() => {
                  setToken(credentials.credentialsId);
                  setTokenError(null);
                  setSaveError(null);
                  setEditing(true);
                }}
              >
                Change token
              </button>
            )}
            <button type="button" className="btn btn-primary" onClick={onClose}>
              Close
            </button>
          </>
        )
      }
    >
      {loading && <Spinner />}
      <ErrorAlert message={error} onRetry={reload} />
      {credentials && !editing && (
        <dl className="details-list">
          <dt>Credentials type</dt>
          <dd>{credentials.credentialsType === 'ACCESS_TOKEN' ? 'Access token' : credentials.credentialsType}</dd>
          <dt>{credentials.credentialsType === 'ACCESS_TOKEN' ? 'Access token' : 'Credentials id'}</dt>
          <dd>
            <div className="copy-row">
              <code className="copy-value" data-testid="access-token">
                {credentials.credentialsId}
              </code>
              <CopyButton text={credentials.credentialsId} />
            </div>
          </dd>
        </dl>
      )}
      {credentials && editing && (
        <form onSubmit={save} noValidate>
          <ErrorAlert message={saveError} />
          <fieldset disabled={busy} className="form-fields">
            <Field
              label="Access token"
              htmlFor="credentials-token"
              error={tokenError}
              hint="Devices send it as the MQTT user name or in the HTTP/CoAP path. At most 255 characters."
              required
            >
              <input id="credentials-token" value={token} onChange={(e) => setToken(e.target.value)} />
            </Field>
          </fieldset>
          <div className="form-footer">
            <button type="button" className="btn" onClick={() => setEditing(false)} disabled={busy}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save token'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
