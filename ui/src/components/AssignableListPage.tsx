// The list of devices or assets. A tenant administrator manages them (create, edit, assign,
// delete, and the kind's extra action); a customer user sees those of its customer, read-only.
import { Link, useNavigate } from 'react-router-dom';
import { isAssigned, type PageQuery } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { flagSet } from '../dialogs/ProfiledEntityDialog';
import type { AssignableEntity, AssignableKind } from '../kinds/assignable';
import { ActionButton } from './ActionButton';
import { AssignableActionDialogs, type AssignableAction, type ExtraAction } from './AssignableActionDialogs';
import { CustomerName } from './CustomerName';
import type { Column } from './DataTable';
import { EntityTablePage } from './EntityTablePage';
import { ErrorAlert } from './Feedback';
import { dash, formatDateTime } from './format';
import { useDialogState } from './useDialogState';

interface Props<T extends AssignableEntity> {
  kind: AssignableKind<T>;
  extra?: ExtraAction<T>;
}

export function AssignableListPage<T extends AssignableEntity>({ kind, extra }: Props<T>) {
  const session = useSession();
  const navigate = useNavigate();
  const dialogs = useDialogState<AssignableAction<T>>();
  const manage = session.authority === 'TENANT_ADMIN';
  const customerId = session.customerId;
  const { noun, title, route, api } = kind;

  if (!manage && !customerId) return <ErrorAlert message="Your account is not linked to a customer." />;
  const fetchPage = manage ? api.tenantList : (q: PageQuery) => api.customerList(customerId!, q);
  const detailsOf = (e: T) => `${route}/${e.id!.id}`;

  const columns: Column<T>[] = [
    { key: 'createdTime', header: 'Created', sortProperty: 'createdTime', className: 'col-date', render: (e) => formatDateTime(e.createdTime) },
    {
      key: 'name',
      header: 'Name',
      sortProperty: 'name',
      render: (e) => (
        <>
          <Link to={detailsOf(e)} onClick={(ev) => ev.stopPropagation()}>
            <strong>{e.name}</strong>
          </Link>
          {kind.form.flags?.filter((f) => flagSet(e, f)).map((f) => (
            <span key={f.key} className="badge">
              {f.badge}
            </span>
          ))}
        </>
      ),
    },
    { key: 'type', header: kind.form.profileLabel, sortProperty: 'type', render: (e) => dash(e.type) },
    { key: 'label', header: 'Label', sortProperty: 'label', render: (e) => dash(e.label) },
  ];
  if (manage) columns.push({ key: 'customer', header: 'Customer', render: (e) => <CustomerName id={e.customerId} /> });

  const act = (action: AssignableAction<T>) => () => dialogs.open(action);
  const rowActions = (e: T) => (
    <>
      {extra && <ActionButton onClick={act({ kind: 'extra', entity: e })}>{extra.label}</ActionButton>}
      {isAssigned(e.customerId) ? (
        <ActionButton onClick={act({ kind: 'unassign', entity: e })}>Unassign</ActionButton>
      ) : (
        <ActionButton onClick={act({ kind: 'assign', entity: e })}>Assign</ActionButton>
      )}
      <ActionButton onClick={act({ kind: 'edit', entity: e })}>Edit</ActionButton>
      <ActionButton danger onClick={act({ kind: 'delete', entity: e })}>
        Delete
      </ActionButton>
    </>
  );

  return (
    <>
      <EntityTablePage
        title={title}
        columns={columns}
        fetchPage={fetchPage}
        refreshKey={dialogs.refreshKey}
        emptyText={manage ? `No ${title.toLowerCase()} yet: add one.` : `No ${title.toLowerCase()} are assigned to your customer.`}
        onRowClick={(e) => navigate(detailsOf(e))}
        add={manage && { label: `Add ${noun}`, onClick: act({ kind: 'edit', entity: null }) }}
        actions={manage ? rowActions : undefined}
      />
      <AssignableActionDialogs
        kind={kind}
        action={dialogs.pending}
        extra={extra}
        close={dialogs.close}
        done={dialogs.done}
        onDeleted={dialogs.done}
      />
    </>
  );
}
