// TENANT_ADMIN: device profiles; one of them is the default for new devices.
import { deviceProfileApi } from '../api/endpoints';
import type { DeviceProfile } from '../api/types';
import { createdColumn, nameColumn } from '../components/columns';
import type { Column } from '../components/DataTable';
import { dash } from '../components/format';
import { NamedEntityListPage } from '../components/NamedEntityListPage';

const columns: Column<DeviceProfile>[] = [
  createdColumn(),
  nameColumn('Name', 'name', (p) => p.name, { text: 'Default', shown: (p) => p.default }),
  { key: 'transportType', header: 'Transport', render: (p) => dash(p.transportType) },
  { key: 'description', header: 'Description', render: (p) => dash(p.description) },
];

const NEW_PROFILE = {
  type: 'DEFAULT',
  transportType: 'DEFAULT',
  provisionType: 'DISABLED',
  profileData: {
    configuration: { type: 'DEFAULT' },
    transportConfiguration: { type: 'DEFAULT' },
    provisionConfiguration: { type: 'DISABLED', provisionDeviceSecret: null },
    alarms: null,
  },
};

export function DeviceProfilesPage() {
  return (
    <NamedEntityListPage<DeviceProfile>
      title="Device profiles"
      noun="device profile"
      columns={columns}
      fetchPage={deviceProfileApi.list}
      nameOf={(p) => p.name}
      descriptionOf={(p) => p.description ?? ''}
      save={(profile, name, description) =>
        deviceProfileApi.save({ ...(profile ?? NEW_PROFILE), name, description: description || null })
      }
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
