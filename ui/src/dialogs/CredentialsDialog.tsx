// A device's credentials: shown with copy buttons (device/CredentialsView); a tenant administrator
// may change them to any of the three types (device/CredentialsForm, POST /api/device/credentials).
import { useEffect, useState } from 'react';
import { deviceApi } from '../api/endpoints';
import type { Device, DeviceCredentials } from '../api/types';
import { Dialog } from '../components/Dialog';
import { ErrorAlert, Spinner } from '../components/Feedback';
import { useAsync } from '../components/useAsync';
import { CredentialsForm } from '../device/CredentialsForm';
import { CredentialsView } from '../device/CredentialsView';

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
  const [busy, setBusy] = useState(false);

  useEffect(() => setCredentials(data), [data]);

  const footer = !editing && (
    <>
      {editable && credentials && (
        <button type="button" className="btn" onClick={() => setEditing(true)}>
          Edit credentials
        </button>
      )}
      <button type="button" className="btn btn-primary" onClick={onClose}>
        Close
      </button>
    </>
  );

  return (
    <Dialog title={`Credentials of ${device.name}`} onClose={onClose} busy={busy} wide footer={footer}>
      {loading && <Spinner />}
      <ErrorAlert message={error} onRetry={reload} />
      {credentials && !editing && <CredentialsView credentials={credentials} />}
      {credentials && editing && (
        <CredentialsForm
          stored={credentials}
          onBusy={setBusy}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            setCredentials(saved);
            setEditing(false);
          }}
        />
      )}
    </Dialog>
  );
}
