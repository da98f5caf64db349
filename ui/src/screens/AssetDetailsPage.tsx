// One asset: its fields and its relations.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { assetApi } from '../api/endpoints';
import { isAssigned } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CopyButton } from '../components/CopyButton';
import { CustomerName } from '../components/CustomerName';
import { ErrorAlert, Spinner } from '../components/Feedback';
import { dash, formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { RelationsPanel } from '../components/RelationsPanel';
import { Tabs } from '../components/Tabs';
import { useAsync } from '../components/useAsync';
import { AssetDialog } from '../dialogs/AssetDialog';
import { AssignCustomerDialog } from '../dialogs/AssignCustomerDialog';

type Pending = 'edit' | 'assign' | 'unassign' | 'delete' | null;

export function AssetDetailsPage() {
  const { assetId = '' } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const manage = session.authority === 'TENANT_ADMIN';
  const [tab, setTab] = useState('details');
  const [pending, setPending] = useState<Pending>(null);
  const { data: asset, loading, error, reload } = useAsync(() => assetApi.get(assetId), [assetId]);
  const done = () => {
    setPending(null);
    reload();
  };

  const crumbs = [{ label: 'Assets', to: '/assets' }];
  if (!asset) {
    return (
      <>
        <PageHeader title="Asset" crumbs={crumbs} />
        {loading ? <Spinner /> : <ErrorAlert message={error} onRetry={reload} />}
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={asset.name}
        crumbs={crumbs}
        actions={
          manage && (
            <>
              <button type="button" className="btn" onClick={() => setPending(isAssigned(asset.customerId) ? 'unassign' : 'assign')}>
                {isAssigned(asset.customerId) ? 'Unassign' : 'Assign to customer'}
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
            <dd>{asset.name}</dd>
            <dt>Label</dt>
            <dd>{dash(asset.label)}</dd>
            <dt>Asset profile</dt>
            <dd>{dash(asset.type)}</dd>
            <dt>Customer</dt>
            <dd>
              <CustomerName id={asset.customerId} />
            </dd>
            <dt>Description</dt>
            <dd>{dash(asset.additionalInfo?.description as string | undefined)}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(asset.createdTime)}</dd>
            <dt>Asset id</dt>
            <dd>
              <div className="copy-row">
                <code className="copy-value">{asset.id!.id}</code>
                <CopyButton text={asset.id!.id} />
              </div>
            </dd>
          </dl>
        </section>
      )}
      {tab === 'relations' && <RelationsPanel entity={asset.id!} editable={manage} />}
      {pending === 'edit' && <AssetDialog asset={asset} onSaved={done} onClose={() => setPending(null)} />}
      {pending === 'assign' && (
        <AssignCustomerDialog
          what="asset"
          assign={(cid) => assetApi.assign(cid, asset.id!.id)}
          onSaved={done}
          onClose={() => setPending(null)}
        />
      )}
      {pending === 'unassign' && (
        <ConfirmDialog
          title="Unassign asset"
          confirmLabel="Unassign"
          message={
            <>
              Unassign <strong>{asset.name}</strong> from its customer?
            </>
          }
          onConfirm={() => assetApi.unassign(asset.id!.id)}
          onDone={done}
          onCancel={() => setPending(null)}
        />
      )}
      {pending === 'delete' && (
        <ConfirmDialog
          title="Delete asset"
          message={
            <>
              Delete asset <strong>{asset.name}</strong>? This cannot be undone.
            </>
          }
          onConfirm={() => assetApi.remove(asset.id!.id)}
          onDone={() => navigate('/assets', { replace: true })}
          onCancel={() => setPending(null)}
        />
      )}
    </>
  );
}
