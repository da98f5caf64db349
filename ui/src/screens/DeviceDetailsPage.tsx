// One device: its fields and credentials, and its relations.
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { AssignableDetailsPage } from '../components/AssignableDetailsPage';
import { CredentialsSummary } from '../components/CredentialsSummary';
import { CredentialsDialog } from '../dialogs/CredentialsDialog';
import { deviceKind } from '../kinds/deviceKind';

export function DeviceDetailsPage() {
  const { deviceId = '' } = useParams();
  const [credentialsVersion, setCredentialsVersion] = useState(0);
  return (
    <AssignableDetailsPage
      kind={deviceKind}
      id={deviceId}
      extra={{
        label: 'Manage credentials',
        render: (device, close) => (
          <CredentialsDialog
            device={device}
            editable
            onClose={() => {
              close();
              setCredentialsVersion((v) => v + 1);
            }}
          />
        ),
      }}
      extraDetails={(device) => (
        <>
          <dt>Credentials</dt>
          <dd>
            <CredentialsSummary deviceId={device.id!.id} version={credentialsVersion} />
          </dd>
        </>
      )}
    />
  );
}
