// Devices: the shared device/asset list plus the credentials of each device.
import { AssignableListPage } from '../components/AssignableListPage';
import { CredentialsDialog } from '../dialogs/CredentialsDialog';
import { deviceKind } from '../kinds/deviceKind';

export function DevicesPage() {
  return (
    <AssignableListPage
      kind={deviceKind}
      extra={{
        label: 'Credentials',
        render: (device, close) => <CredentialsDialog device={device} editable onClose={close} />,
      }}
    />
  );
}
