// The users of a tenant or a customer: list, add (then show the activation link), edit, delete.
import { useState } from 'react';
import { userApi } from '../api/endpoints';
import type { Authority, EntityId, PageData, PageQuery, User } from '../api/types';
import { ActivationLinkDialog } from '../dialogs/ActivationLinkDialog';
import { UserDialog } from '../dialogs/UserDialog';
import { ConfirmDialog } from './ConfirmDialog';
import { DataTable, type Column } from './DataTable';
import { dash, formatDateTime } from './format';

const columns: Column<User>[] = [
  { key: 'createdTime', header: 'Created', sortProperty: 'createdTime', className: 'col-date', render: (u) => formatDateTime(u.createdTime) },
  { key: 'email', header: 'Email', sortProperty: 'email', render: (u) => <strong>{u.email}</strong> },
  { key: 'firstName', header: 'First name', render: (u) => dash(u.firstName) },
  { key: 'lastName', header: 'Last name', render: (u) => dash(u.lastName) },
];

interface Props {
  label: string;
  authority: Authority;
  tenantId?: EntityId<'TENANT'>;
  customerId?: EntityId<'CUSTOMER'>;
  fetchPage: (q: PageQuery) => Promise<PageData<User>>;
  resetKey: string;
}

export function UsersTable({ label, authority, tenantId, customerId, fetchPage, resetKey }: Props) {
  const [refresh, setRefresh] = useState(0);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [linkFor, setLinkFor] = useState<User | null>(null);
  const [deleting, setDeleting] = useState<User | null>(null);
  const reload = () => setRefresh((r) => r + 1);

  return (
    <>
      <DataTable
        label={label}
        columns={columns}
        fetchPage={fetchPage}
        rowKey={(u) => u.id!.id}
        refreshKey={refresh}
        resetKey={resetKey}
        searchPlaceholder="Search users"
        emptyText="No users yet."
        toolbar={
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            Add user
          </button>
        }
        actions={(u) => (
          <>
            <button type="button" className="btn btn-small" onClick={() => setLinkFor(u)}>
              Activation link
            </button>
            <button type="button" className="btn btn-small" onClick={() => setEditing(u)}>
              Edit
            </button>
            <button type="button" className="btn btn-small btn-danger-outline" onClick={() => setDeleting(u)}>
              Delete
            </button>
          </>
        )}
      />
      {editing && (
        <UserDialog
          user={editing === 'new' ? null : editing}
          authority={authority}
          tenantId={tenantId}
          customerId={customerId}
          onSaved={(saved, created) => {
            setEditing(null);
            reload();
            if (created) setLinkFor(saved);
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {linkFor && <ActivationLinkDialog user={linkFor} onClose={() => setLinkFor(null)} />}
      {deleting && (
        <ConfirmDialog
          title="Delete user"
          message={
            <>
              Delete user <strong>{deleting.email}</strong>? They can no longer log in.
            </>
          }
          onConfirm={() => userApi.remove(deleting.id!.id)}
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
