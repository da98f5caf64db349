// Tenants (for the system administrator) and customers (for a tenant administrator): a title and
// contact fields, each with its users one click away.
import type { Customer, PageData, PageQuery, Tenant } from '../api/types';
import { ContactEntityDialog } from '../dialogs/ContactEntityDialog';
import { ActionButton } from './ActionButton';
import { createdColumn, nameColumn } from './columns';
import { ConfirmDialog } from './ConfirmDialog';
import type { Column } from './DataTable';
import { EntityTablePage } from './EntityTablePage';
import { dash } from './format';
import { useDialogState } from './useDialogState';

type ContactEntity = Tenant | Customer;

interface Props<T extends ContactEntity> {
  title: string;
  /** Capitalised singular: 'Tenant'. */
  kind: string;
  api: {
    list: (q: PageQuery) => Promise<PageData<T>>;
    save: (entity: T) => Promise<T>;
    remove: (id: string) => Promise<void>;
  };
  /** The row button that opens the users: 'Users', 'Admins'. */
  usersLabel: string;
  openUsers: (entity: T) => void;
  /** What the delete question says after the title. */
  deleteNote: string;
  /** Called after a save or a delete (e.g. to forget a cached title). */
  onChanged?: (id: string) => void;
}

type Pending<T> = { kind: 'edit'; entity: T | null } | { kind: 'delete'; entity: T };

export function ContactEntityListPage<T extends ContactEntity>({ title, kind, api, usersLabel, openUsers, deleteNote, onChanged }: Props<T>) {
  const dialogs = useDialogState<Pending<T>>();
  const { pending } = dialogs;
  const changed = (entity: T) => {
    if (entity.id) onChanged?.(entity.id.id);
    dialogs.done();
  };
  const columns: Column<T>[] = [
    createdColumn(),
    nameColumn('Title', 'title', (e) => e.title),
    { key: 'email', header: 'Email', render: (e) => dash(e.email) },
    { key: 'country', header: 'Country', render: (e) => dash(e.country) },
  ];

  return (
    <>
      <EntityTablePage
        title={title}
        columns={columns}
        fetchPage={api.list}
        refreshKey={dialogs.refreshKey}
        onRowClick={openUsers}
        add={{ label: `Add ${kind.toLowerCase()}`, onClick: () => dialogs.open({ kind: 'edit', entity: null }) }}
        actions={(e) => (
          <>
            <ActionButton onClick={() => openUsers(e)}>{usersLabel}</ActionButton>
            <ActionButton onClick={() => dialogs.open({ kind: 'edit', entity: e })}>Edit</ActionButton>
            <ActionButton danger onClick={() => dialogs.open({ kind: 'delete', entity: e })}>
              Delete
            </ActionButton>
          </>
        )}
      />
      {pending?.kind === 'edit' && (
        <ContactEntityDialog<T> kind={kind} entity={pending.entity} save={api.save} onSaved={changed} onClose={dialogs.close} />
      )}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${kind.toLowerCase()}`}
          message={
            <>
              Delete {kind.toLowerCase()} <strong>{pending.entity.title}</strong>? {deleteNote}
            </>
          }
          onConfirm={() => api.remove(pending.entity.id!.id)}
          onDone={() => changed(pending.entity)}
          onCancel={dialogs.close}
        />
      )}
    </>
  );
}
