// SYS_ADMIN: tenants, with their administrators one click away.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { tenantApi } from '../api/endpoints';
import type { Tenant } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { DataTable, type Column } from '../components/DataTable';
import { dash, formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { ContactEntityDialog } from '../dialogs/ContactEntityDialog';

const columns: Column<Tenant>[] = [
  { key: 'createdTime', header: 'Created', sortProperty: 'createdTime', className: 'col-date', render: (t) => formatDateTime(t.createdTime) },
  { key: 'title', header: 'Title', sortProperty: 'title', render: (t) => <strong>{t.title}</strong> },
  { key: 'email', header: 'Email', render: (t) => dash(t.email) },
  { key: 'country', header: 'Country', render: (t) => dash(t.country) },
];

export function TenantsPage() {
  const navigate = useNavigate();
  const [refresh, setRefresh] = useState(0);
  const [editing, setEditing] = useState<Tenant | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Tenant | null>(null);
  const reload = () => setRefresh((r) => r + 1);
  const adminsOf = (t: Tenant) => navigate(`/tenants/${t.id!.id}/users`, { state: { title: t.title } });

  return (
    <>
      <PageHeader title="Tenants" />
      <DataTable
        label="Tenants"
        columns={columns}
        fetchPage={tenantApi.list}
        rowKey={(t) => t.id!.id}
        refreshKey={refresh}
        searchPlaceholder="Search tenants"
        onRowClick={adminsOf}
        toolbar={
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            Add tenant
          </button>
        }
        actions={(t) => (
          <>
            <button type="button" className="btn btn-small" onClick={() => adminsOf(t)}>
              Admins
            </button>
            <button type="button" className="btn btn-small" onClick={() => setEditing(t)}>
              Edit
            </button>
            <button type="button" className="btn btn-small btn-danger-outline" onClick={() => setDeleting(t)}>
              Delete
            </button>
          </>
        )}
      />
      {editing && (
        <ContactEntityDialog<Tenant>
          kind="Tenant"
          entity={editing === 'new' ? null : editing}
          save={tenantApi.save}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete tenant"
          message={
            <>
              Delete tenant <strong>{deleting.title}</strong>? All its users, customers, devices, assets and
              dashboards are deleted too. This cannot be undone.
            </>
          }
          onConfirm={() => tenantApi.remove(deleting.id!.id)}
          onDone={() => {
            setDeleting(null);
            reload();
          }}
          onCancel={() => setDeleting(null)}
        />
      )}
    </>
  );
}
