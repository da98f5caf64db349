// TENANT_ADMIN: device profiles; one of them is the default for new devices. The form edits the
// name, description and provisioning (dialogs/DeviceProfileDialog); a row opens the profile's page
// with its alarm rules (screens/DeviceProfilePage).
import { useNavigate } from 'react-router-dom';
import { deviceProfileApi } from '../api/endpoints';
import type { DeviceProfile } from '../api/types';
import { createdColumn, nameColumn } from '../components/columns';
import type { Column } from '../components/DataTable';
import { dash } from '../components/format';
import { NamedEntityListPage } from '../components/NamedEntityListPage';
import { provisionTypeLabel } from '../device/provisioning';
import { DeviceProfileDialog } from '../dialogs/DeviceProfileDialog';

const columns: Column<DeviceProfile>[] = [
  createdColumn(),
  nameColumn('Name', 'name', (p) => p.name, { text: 'Default', shown: (p) => p.default }),
  { key: 'transportType', header: 'Transport', render: (p) => dash(p.transportType) },
  { key: 'provisionType', header: 'Provisioning', render: (p) => provisionTypeLabel(p.provisionType) },
  { key: 'description', header: 'Description', render: (p) => dash(p.description) },
];

export function DeviceProfilesPage() {
  const navigate = useNavigate();
  return (
    <NamedEntityListPage<DeviceProfile>
      onRowClick={(p) => navigate(`/deviceProfiles/${p.id!.id}`)}
      title="Device profiles"
      noun="device profile"
      columns={columns}
      fetchPage={deviceProfileApi.list}
      nameOf={(p) => p.name}
      editor={(profile, onSaved, onClose) => <DeviceProfileDialog profile={profile} onSaved={onSaved} onClose={onClose} />}
      remove={deviceProfileApi.remove}
      deleteNote="? A profile that devices still use cannot be deleted."
      mark={{
        isMarked: (p) => !!p.default,
        label: 'Make default',
        confirmTitle: 'Make default',
        message: (name) => <>Make {name} the default device profile? New devices without a profile get it.</>,
        run: deviceProfileApi.setDefault,
        deleteBlocked: 'The default profile cannot be deleted',
      }}
    />
  );
}
