// Assets. A tenant administrator manages them (create, edit, assign, delete); a
// customer user sees the assets of its customer, read-only.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { assetApi } from '../api/endpoints';
import { isAssigned, type Asset, type PageQuery } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CustomerName } from '../components/CustomerName';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert } from '../components/Feedback';
import { dash, formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { AssignCustomerDialog } from '../dialogs/AssignCustomerDialog';
import { AssetDialog } from '../dialogs/AssetDialog';

type Pending =
  | { kind: 'edit'; asset: Asset | null }
  | { kind: 'assign'; asset: Asset }
  | { kind: 'unassign'; asset: Asset }
  | { kind: 'delete'; asset: Asset };

export function AssetsPage() {
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
    ? assetApi.tenantList
    : (q: PageQuery) => assetApi.customerList(customerId!, q);

  const columns: Column<Asset>[] = [
    { key: 'createdTime', header: 'Created', sortProperty: 'createdTime', className: 'col-date', render: (d) => formatDateTime(d.createdTime) },
    {
      key: 'name',
      header: 'Name',
      sortProperty: 'name',
      render: (d) => (
        <Link to={`/assets/${d.id!.id}`} onClick={(e) => e.stopPropagation()}>
          <strong>{d.name}</strong>
        </Link>
      ),
    },
    { key: 'type', header: 'Asset profile', sortProperty: 'type', render: (d) => dash(d.type) },
    { key: 'label', header: 'Label', sortProperty: 'label', render: (d) => dash(d.label) },
  ];
  if (manage) columns.push({ key: 'customer', header: 'Customer', render: (d) => <CustomerName id={d.customerId} /> });

  return (
    <>
      <PageHeader title="Assets" />
      <DataTable
        label="Assets"
        columns={columns}
        fetchPage={fetchPage}
        rowKey={(d) => d.id!.id}
        refreshKey={refresh}
        searchPlaceholder="Search assets"
        emptyText={manage ? 'No assets yet: add one.' : 'No assets are assigned to your customer.'}
        onRowClick={(d) => navigate(`/assets/${d.id!.id}`)}
        toolbar={
          manage && (
            <button type="button" className="btn btn-primary" onClick={() => setPending({ kind: 'edit', asset: null })}>
              Add asset
            </button>
          )
        }
        actions={
          manage
            ? (d) => (
                <>
                  {isAssigned(d.customerId) ? (
                    <button type="button" className="btn btn-small" onClick={() => setPending({ kind: 'unassign', asset: d })}>
                      Unassign
                    </button>
                  ) : (
                    <button type="button" className="btn btn-small" onClick={() => setPending({ kind: 'assign', asset: d })}>
                      Assign
                    </button>
                  )}
                  <button type="button" className="btn btn-small" onClick={() => setPending({ kind: 'edit', asset: d })}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-danger-outline"
                    onClick={() => setPending({ kind: 'delete', asset: d })}
                  >
                    Delete
                  </button>
                </>
              )
            : undefined
        }
      />
      {pending?.kind === 'edit' && <AssetDialog asset={pending.asset} onSaved={done} onClose={() => setPending(null)} />}
      {pending?.kind === 'assign' && (
        <AssignCustomerDialog
          what="asset"
          assign={(cid) => assetApi.assign(cid, pending.asset.id!.id)}
          onSaved={done}
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === 'unassign' && (
        <ConfirmDialog
          title="Unassign asset"
          confirmLabel="Unassign"
          message={
            <>
              Unassign <strong>{pending.asset.name}</strong> from its customer? The customer's users no longer see it.
            </>
          }
          onConfirm={() => assetApi.unassign(pending.asset.id!.id)}
          onDone={done}
          onCancel={() => setPending(null)}
        />
      )}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete asset"
          message={
            <>
              Delete asset <strong>{pending.asset.name}</strong>? This cannot be undone.
            </>
          }
          onConfirm={() => assetApi.remove(pending.asset.id!.id)}
          onDone={done}
          onCancel={() => setPending(null)}
        />
      )}
    </>
  );
}
