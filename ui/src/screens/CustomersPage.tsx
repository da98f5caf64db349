// TENANT_ADMIN: customers, with their users one click away.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { customerApi } from '../api/endpoints';
import type { Customer } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { forgetCustomerTitle } from '../components/CustomerName';
import { DataTable, type Column } from '../components/DataTable';
import { dash, formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { ContactEntityDialog } from '../dialogs/ContactEntityDialog';

const columns: Column<Customer>[] = [
  { key: 'createdTime', header: 'Created', sortProperty: 'createdTime', className: 'col-date', render: (c) => formatDateTime(c.createdTime) },
  { key: 'title', header: 'Title', sortProperty: 'title', render: (c) => <strong>{c.title}</strong> },
  { key: 'email', header: 'Email', render: (c) => dash(c.email) },
  { key: 'country', header: 'Country', render: (c) => dash(c.country) },
];

export function CustomersPage() {
  const navigate = useNavigate();
  const [refresh, setRefresh] = useState(0);
  const [editing, setEditing] = useState<Customer | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Customer | null>(null);
  const reload = () => setRefresh((r) => r + 1);
  const usersOf = (c: Customer) => navigate(`/customers/${c.id!.id}/users`);

  return (
    <>
      <PageHeader title="Customers" />
      <DataTable
        label="Customers"
        columns={columns}
        fetchPage={customerApi.list}
        rowKey={(c) => c.id!.id}
        refreshKey={refresh}
        searchPlaceholder="Search customers"
        onRowClick={usersOf}
        toolbar={
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            Add customer
          </button>
        }
        actions={(c) => (
          <>
            <button type="button" className="btn btn-small" onClick={() => usersOf(c)}>
              Users
            </button>
            <button type="button" className="btn btn-small" onClick={() => setEditing(c)}>
              Edit
            </button>
            <button type="button" className="btn btn-small btn-danger-outline" onClick={() => setDeleting(c)}>
              Delete
            </button>
          </>
        )}
      />
      {editing && (
        <ContactEntityDialog<Customer>
          kind="Customer"
          entity={editing === 'new' ? null : editing}
          save={customerApi.save}
          onSaved={(saved) => {
            if (saved.id) forgetCustomerTitle(saved.id.id);
            setEditing(null);
            reload();
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete customer"
          message={
            <>
              Delete customer <strong>{deleting.title}</strong>? Its users are deleted; its devices, assets and
              dashboards become unassigned.
            </>
          }
          onConfirm={() => customerApi.remove(deleting.id!.id)}
          onDone={() => {
            forgetCustomerTitle(deleting.id!.id);
            setDeleting(null);
            reload();
          }}
          onCancel={() => setDeleting(null)}
        />
      )}
    </>
  );
}
