// The users of a tenant or a customer: list, add (then show the activation link), edit, delete.
import { userApi } from '../api/endpoints';
import type { Authority, EntityId, PageData, PageQuery, User } from '../api/types';
import { ActivationLinkDialog } from '../dialogs/ActivationLinkDialog';
import { UserDialog } from '../dialogs/UserDialog';
import { ActionButton, AddButton } from './ActionButton';
import { createdColumn, nameColumn } from './columns';
import { ConfirmDialog } from './ConfirmDialog';
import { DataTable, type Column } from './DataTable';
import { dash } from './format';
import { useDialogState } from './useDialogState';

const columns: Column<User>[] = [
  createdColumn(),
  nameColumn('Email', 'email', (u) => u.email),
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

type Pending = { kind: 'edit'; user: User | null } | { kind: 'link' | 'delete'; user: User };

export function UsersTable({ label, authority, tenantId, customerId, fetchPage, resetKey }: Props) {
  const dialogs = useDialogState<Pending>();
  const { pending } = dialogs;

  return (
    <>
      <DataTable
        label={label}
        columns={columns}
        fetchPage={fetchPage}
        rowKey={(u) => u.id!.id}
        refreshKey={dialogs.refreshKey}
        resetKey={resetKey}
        searchPlaceholder="Search users"
        emptyText="No users yet."
        toolbar={<AddButton label="Add user" onClick={() => dialogs.open({ kind: 'edit', user: null })} />}
        actions={(u) => (
          <>
            <ActionButton onClick={() => dialogs.open({ kind: 'link', user: u })}>Activation link</ActionButton>
            <ActionButton onClick={() => dialogs.open({ kind: 'edit', user: u })}>Edit</ActionButton>
            <ActionButton danger onClick={() => dialogs.open({ kind: 'delete', user: u })}>
              Delete
            </ActionButton>
          </>
        )}
      />
      {pending?.kind === 'edit' && (
        <UserDialog
          user={pending.user}
          authority={authority}
          tenantId={tenantId}
          customerId={customerId}
          onSaved={(saved, created) => {
            dialogs.done();
            if (created) dialogs.open({ kind: 'link', user: saved });
          }}
          onClose={dialogs.close}
        />
      )}
      {pending?.kind === 'link' && <ActivationLinkDialog user={pending.user} onClose={dialogs.close} />}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete user"
          message={
            <>
              Delete user <strong>{pending.user.email}</strong>? They can no longer log in.
            </>
          }
          onConfirm={() => userApi.remove(pending.user.id!.id)}
          onDone={dialogs.done}
          onCancel={dialogs.close}
        />
      )}
    </>
  );
}
