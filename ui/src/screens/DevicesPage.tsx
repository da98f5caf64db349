// Devices. A tenant administrator manages them (create, edit, credentials, assign, delete); a
// customer user sees the devices of its customer, read-only.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { deviceApi } from '../api/endpoints';
import { isAssigned, type Device, type PageQuery } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CustomerName } from '../components/CustomerName';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert } from '../components/Feedback';
import { dash, formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { AssignCustomerDialog } from '../dialogs/AssignCustomerDialog';
import { CredentialsDialog } from '../dialogs/CredentialsDialog';
import { DeviceDialog } from '../dialogs/DeviceDialog';

type Pending =
  | { kind: 'edit'; device: Device | null }
  | { kind: 'credentials'; device: Device }
  | { kind: 'assign'; device: Device }
  | { kind: 'unassign'; device: Device }
  | { kind: 'delete'; device: Device };

export function DevicesPage() {
  const session = useSession();
  const navigate = useNavigate();
  const manage = session.authority === 'TENANT_ADMIN';
  const customerId = session.customerId;
  const [refresh, setRefresh] = useState(0);
  const [pending, setPending] = useState<Pending | null>(null);
  const reload = () => setRefresh((r) => r + 1);
  const done = () => {
    setPending(null);
    reload();
  };

  if (!manage && !customerId) return <ErrorAlert message="Your account is not linked to a customer." />;
  const fetchPage = manage
    ? deviceApi.tenantList
    : (q: PageQuery) => deviceApi.customerList(customerId!, q);

  const columns: Column<Device>[] = [
    { key: 'createdTime', header: 'Created', sortProperty: 'createdTime', className: 'col-date', render: (d) => formatDateTime(d.createdTime) },
    {
      key: 'name',
      header: 'Name',
      sortProperty: 'name',
      render: (d) => (
        <Link to={`/devices/${d.id!.id}`} onClick={(e) => e.stopPropagation()}>
          <strong>{d.name}</strong>
        </Link>
      ),
    },
    { key: 'type', header: 'Device profile', sortProperty: 'type', render: (d) => dash(d.type) },
    { key: 'label', header: 'Label', sortProperty: 'label', render: (d) => dash(d.label) },
  ];
  if (manage) columns.push({ key: 'customer', header: 'Customer', render: (d) => <CustomerName id={d.customerId} /> });

  return (
    <>
      <PageHeader title="Devices" />
      <DataTable
        label="Devices"
        columns={columns}
        fetchPage={fetchPage}
        rowKey={(d) => d.id!.id}
        refreshKey={refresh}
        searchPlaceholder="Search devices"
        emptyText={manage ? 'No devices yet: add one.' : 'No devices are assigned to your customer.'}
        onRowClick={(d) => navigate(`/devices/${d.id!.id}`)}
        toolbar={
          manage && (
            <button type="button" className="btn btn-primary" onClick={() => setPending({ kind: 'edit', device: null })}>
              Add device
            </button>
          )
        }
        actions={
          manage
            ? (d) => (
                <>
                  <button type="button" className="btn btn-small" onClick={() => setPending({ kind: 'credentials', device: d })}>
                    Credentials
                  </button>
                  {isAssigned(d.customerId) ? (
                    <button type="button" className="btn btn-small" onClick={() => setPending({ kind: 'unassign', device: d })}>
                      Unassign
                    </button>
                  ) : (
                    <button type="button" className="btn btn-small" onClick={() => setPending({ kind: 'assign', device: d })}>
                      Assign
                    </button>
                  )}
                  <button type="button" className="btn btn-small" onClick={() => setPending({ kind: 'edit', device: d })}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-danger-outline"
                    onClick={() => setPending({ kind: 'delete', device: d })}
                  >
                    Delete
                  </button>
                </>
              )
            : undefined
        }
      />
      {pending?.kind === 'edit' && <DeviceDialog device={pending.device} onSaved={done} onClose={() => setPending(null)} />}
      {pending?.kind === 'credentials' && (
        <CredentialsDialog device={pending.device} editable onClose={() => setPending(null)} />
      )}
      {pending?.kind === 'assign' && (
        <AssignCustomerDialog
          what="device"
          assign={(cid) => deviceApi.assign(cid, pending.device.id!.id)}
          onSaved={done}
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === 'unassign' && (
        <ConfirmDialog
          title="Unassign device"
          confirmLabel="Unassign"
          message={
            <>
              Unassign <strong>{pending.device.name}</strong> from its customer? The customer's users no longer see it.
            </>
          }
          onConfirm={() => deviceApi.unassign(pending.device.id!.id)}
          onDone={done}
          onCancel={() => setPending(null)}
        />
      )}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete device"
          message={
            <>
              Delete device <strong>{pending.device.name}</strong>? Its credentials stop working at once. This cannot
              be undone.
            </>
          }
          onConfirm={() => deviceApi.remove(pending.device.id!.id)}
          onDone={done}
          onCancel={() => setPending(null)}
        />
      )}
    </>
  );
}
