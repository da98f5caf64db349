// TENANT_ADMIN: device profiles; one of them is the default for new devices.
import { useState } from 'react';
import { deviceProfileApi } from '../api/endpoints';
import type { DeviceProfile } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { DataTable, type Column } from '../components/DataTable';
import { dash, formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { NameDialog } from '../dialogs/NameDialog';

const columns: Column<DeviceProfile>[] = [
  { key: 'createdTime', header: 'Created', sortProperty: 'createdTime', className: 'col-date', render: (p) => formatDateTime(p.createdTime) },
  {
    key: 'name',
    header: 'Name',
    sortProperty: 'name',
    render: (p) => (
      <>
        <strong>{p.name}</strong>
        {p.default && <span className="badge">Default</span>}
      </>
    ),
  },
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

type Pending =
  | { kind: 'edit'; profile: DeviceProfile | null }
  | { kind: 'default'; profile: DeviceProfile }
  | { kind: 'delete'; profile: DeviceProfile };

export function DeviceProfilesPage() {
  const [refresh, setRefresh] = useState(0);
  const [pending, setPending] = useState<Pending | null>(null);
  const done = () => {
    setPending(null);
    setRefresh((r) => r + 1);
  };

  return (
    <>
      <PageHeader title="Device profiles" />
      <DataTable
        label="Device profiles"
        columns={columns}
        fetchPage={deviceProfileApi.list}
        rowKey={(p) => p.id!.id}
        refreshKey={refresh}
        searchPlaceholder="Search device profiles"
        toolbar={
          <button type="button" className="btn btn-primary" onClick={() => setPending({ kind: 'edit', profile: null })}>
            Add device profile
          </button>
        }
        actions={(p) => (
          <>
            <button
              type="button"
              className="btn btn-small"
              disabled={p.default}
              onClick={() => setPending({ kind: 'default', profile: p })}
            >
              Make default
            </button>
            <button type="button" className="btn btn-small" onClick={() => setPending({ kind: 'edit', profile: p })}>
              Edit
            </button>
            <button
              type="button"
              className="btn btn-small btn-danger-outline"
              disabled={p.default}
              title={p.default ? 'The default profile cannot be deleted' : undefined}
              onClick={() => setPending({ kind: 'delete', profile: p })}
            >
              Delete
            </button>
          </>
        )}
      />
      {pending?.kind === 'edit' && (
        <NameDialog
          title={pending.profile ? 'Edit device profile' : 'Add device profile'}
          submitLabel={pending.profile ? 'Save' : 'Add'}
          initialName={pending.profile?.name}
          initialDescription={pending.profile?.description ?? ''}
          save={(name, description) =>
            deviceProfileApi.save({ ...(pending.profile ?? NEW_PROFILE), name, description: description || null })
          }
          onSaved={done}
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === 'default' && (
        <ConfirmDialog
          title="Make default"
          confirmLabel="Make default"
          danger={false}
          message={
            <>
              Make <strong>{pending.profile.name}</strong> the default device profile? New devices without a profile get
              it.
            </>
          }
          onConfirm={() => deviceProfileApi.setDefault(pending.profile.id!.id)}
          onDone={done}
          onCancel={() => setPending(null)}
        />
      )}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete device profile"
          message={
            <>
              Delete device profile <strong>{pending.profile.name}</strong>? A profile that devices still use cannot be
              deleted.
            </>
          }
          onConfirm={() => deviceProfileApi.remove(pending.profile.id!.id)}
          onDone={done}
          onCancel={() => setPending(null)}
        />
      )}
    </>
  );
}
