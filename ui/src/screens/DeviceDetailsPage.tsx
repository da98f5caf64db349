// One device: its fields and credentials, and its relations.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { deviceApi } from '../api/endpoints';
import { isAssigned } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CopyButton } from '../components/CopyButton';
import { CredentialsSummary } from '../components/CredentialsSummary';
import { CustomerName } from '../components/CustomerName';
import { ErrorAlert, Spinner } from '../components/Feedback';
import { dash, formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { RelationsPanel } from '../components/RelationsPanel';
import { Tabs } from '../components/Tabs';
import { useAsync } from '../components/useAsync';
import { AssignCustomerDialog } from '../dialogs/AssignCustomerDialog';
import { CredentialsDialog } from '../dialogs/CredentialsDialog';
import { DeviceDialog } from '../dialogs/DeviceDialog';

type Pending = 'edit' | 'credentials' | 'assign' | 'unassign' | 'delete' | null;

export function DeviceDetailsPage() {
  const { deviceId = '' } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const manage = session.authority === 'TENANT_ADMIN';
  const [tab, setTab] = useState('details');
  const [pending, setPending] = useState<Pending>(null);
  const [credentialsVersion, setCredentialsVersion] = useState(0);
  const { data: device, loading, error, reload } = useAsync(() => deviceApi.get(deviceId), [deviceId]);
  const done = () => {
    setPending(null);
    reload();
  };

  const crumbs = [{ label: 'Devices', to: '/devices' }];
  if (!device) {
    return (
      <>
        <PageHeader title="Device" crumbs={crumbs} />
        {loading ? <Spinner /> : <ErrorAlert message={error} onRetry={reload} />}
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={device.name}
        crumbs={crumbs}
        actions={
          manage && (
            <>
              <button type="button" className="btn" onClick={() => setPending('credentials')}>
                Manage credentials
              </button>
              <button type="button" className="btn" onClick={() => setPending(isAssigned(device.customerId) ? 'unassign' : 'assign')}>
                {isAssigned(device.customerId) ? 'Unassign' : 'Assign to customer'}
              </button>
              <button type="button" className="btn" onClick={() => setPending('edit')}>
                Edit
              </button>
              <button type="button" className="btn btn-danger-outline" onClick={() => setPending('delete')}>
                Delete
              </button>
            </>
          )
        }
      />
      <ErrorAlert message={error} onRetry={reload} />
      <Tabs
        tabs={[
          { id: 'details', label: 'Details' },
          { id: 'relations', label: 'Relations' },
        ]}
        active={tab}
        onChange={setTab}
      />
      {tab === 'details' && (
        <section className="panel">
          <dl className="details-list">
            <dt>Name</dt>
            <dd>{device.name}</dd>
            <dt>Label</dt>
            <dd>{dash(device.label)}</dd>
            <dt>Device profile</dt>
            <dd>{dash(device.type)}</dd>
            <dt>Customer</dt>
            <dd>
              <CustomerName id={device.customerId} />
            </dd>
            <dt>Description</dt>
            <dd>{dash(device.additionalInfo?.description as string | undefined)}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(device.createdTime)}</dd>
            <dt>Device id</dt>
            <dd>
              <div className="copy-row">
                <code className="copy-value">{device.id!.id}</code>
                <CopyButton text={device.id!.id} />
              </div>
            </dd>
            <dt>Credentials</dt>
            <dd>
              <CredentialsSummary deviceId={device.id!.id} version={credentialsVersion} />
            </dd>
          </dl>
        </section>
      )}
      {tab === 'relations' && <RelationsPanel entity={device.id!} editable={manage} />}
      {pending === 'edit' && <DeviceDialog device={device} onSaved={done} onClose={() => setPending(null)} />}
      {pending === 'credentials' && (
        <CredentialsDialog
          device={device}
          editable
          onClose={() => {
            setPending(null);
            setCredentialsVersion((v) => v + 1);
          }}
        />
      )}
      {pending === 'assign' && (
        <AssignCustomerDialog
          what="device"
          assign={(cid) => deviceApi.assign(cid, device.id!.id)}
          onSaved={done}
          onClose={() => setPending(null)}
        />
      )}
      {pending === 'unassign' && (
        <ConfirmDialog
          title="Unassign device"
          confirmLabel="Unassign"
          message={
            <>
              Unassign <strong>{device.name}</strong> from its customer?
            </>
          }
          onConfirm={() => deviceApi.unassign(device.id!.id)}
          onDone={done}
          onCancel={() => setPending(null)}
        />
      )}
      {pending === 'delete' && (
        <ConfirmDialog
          title="Delete device"
          message={
            <>
              Delete device <strong>{device.name}</strong>? Its credentials stop working at once. This cannot be undone.
            </>
          }
          onConfirm={() => deviceApi.remove(device.id!.id)}
          onDone={() => navigate('/devices', { replace: true })}
          onCancel={() => setPending(null)}
        />
      )}
    </>
  );
}
