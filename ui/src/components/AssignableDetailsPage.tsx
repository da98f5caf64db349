// One device or asset: its fields, its relations and the kind's own tabs; the header holds the
// actions of a tenant administrator.
import { Fragment, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { isAssigned } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { flagSet } from '../dialogs/ProfiledEntityDialog';
import type { AssignableEntity, AssignableKind } from '../kinds/assignable';
import { ActionButton } from './ActionButton';
import { AssignableActionDialogs, type AssignableAction, type ExtraAction } from './AssignableActionDialogs';
import { CopyButton } from './CopyButton';
import { CustomerName } from './CustomerName';
import { ErrorAlert, Spinner } from './Feedback';
import { dash, formatDateTime } from './format';
import { PageHeader } from './PageHeader';
import { RelationsPanel } from './RelationsPanel';
import { Tabs } from './Tabs';
import { useAsync } from './useAsync';
import { useDialogState } from './useDialogState';

export interface ExtraTab<T> {
  id: string;
  label: string;
  render: (entity: T) => ReactNode;
}

interface Props<T extends AssignableEntity> {
  kind: AssignableKind<T>;
  id: string;
  extra?: ExtraAction<T>;
  /** More rows of the details list (dt/dd pairs). */
  extraDetails?: (entity: T) => ReactNode;
  /** Tabs after Details and Relations. */
  extraTabs?: ExtraTab<T>[];
}

export function AssignableDetailsPage<T extends AssignableEntity>({ kind, id, extra, extraDetails, extraTabs = [] }: Props<T>) {
  const session = useSession();
  const navigate = useNavigate();
  const manage = session.authority === 'TENANT_ADMIN';
  const [tab, setTab] = useState('details');
  const { data: entity, loading, error, reload } = useAsync(() => kind.api.get(id), [id]);
  const dialogs = useDialogState<AssignableAction<T>>(reload);
  const { noun, title } = kind;
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);

  const crumbs = [{ label: title, to: kind.route }];
  if (!entity) {
    return (
      <>
        <PageHeader title={Noun} crumbs={crumbs} />
        {loading ? <Spinner /> : <ErrorAlert message={error} onRetry={reload} />}
      </>
    );
  }

  const assigned = isAssigned(entity.customerId);
  const act = (action: AssignableAction<T>) => () => dialogs.open(action);
  const headerActions = manage && (
    <>
      {extra && (
        <ActionButton small={false} onClick={act({ kind: 'extra', entity })}>
          {extra.label}
        </ActionButton>
      )}
      <ActionButton small={false} onClick={act({ kind: assigned ? 'unassign' : 'assign', entity })}>
        {assigned ? 'Unassign' : 'Assign to customer'}
      </ActionButton>
      <ActionButton small={false} onClick={act({ kind: 'edit', entity })}>
        Edit
      </ActionButton>
      <ActionButton small={false} danger onClick={act({ kind: 'delete', entity })}>
        Delete
      </ActionButton>
    </>
  );
  const tabs = [{ id: 'details', label: 'Details' }, { id: 'relations', label: 'Relations' }, ...extraTabs];
  const extraTab = extraTabs.find((t) => t.id === tab);

  return (
    <>
      <PageHeader title={entity.name} crumbs={crumbs} actions={headerActions} />
      <ErrorAlert message={error} onRetry={reload} />
      <Tabs tabs={tabs} active={tab} onChange={setTab} />
      {tab === 'details' && (
        <section className="panel">
          <dl className="details-list">
            <dt>Name</dt>
            <dd>{entity.name}</dd>
            <dt>Label</dt>
            <dd>{dash(entity.label)}</dd>
            <dt>{kind.form.profileLabel}</dt>
            <dd>{dash(entity.type)}</dd>
            <dt>Customer</dt>
            <dd>
              <CustomerName id={entity.customerId} />
            </dd>
            {kind.form.flags?.map((f) => (
              <Fragment key={f.key}>
                <dt>{f.label}</dt>
                <dd>{flagSet(entity, f) ? 'Yes' : 'No'}</dd>
              </Fragment>
            ))}
            <dt>Description</dt>
            <dd>{dash(entity.additionalInfo?.description as string | undefined)}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(entity.createdTime)}</dd>
            <dt>{Noun} id</dt>
            <dd>
              <div className="copy-row">
                <code className="copy-value">{entity.id!.id}</code>
                <CopyButton text={entity.id!.id} />
              </div>
            </dd>
            {extraDetails?.(entity)}
          </dl>
        </section>
      )}
      {tab === 'relations' && <RelationsPanel entity={entity.id!} editable={manage} />}
      {extraTab?.render(entity)}
      <AssignableActionDialogs
        kind={kind}
        action={dialogs.pending}
        extra={extra}
        close={dialogs.close}
        done={dialogs.done}
        onDeleted={() => navigate(kind.route, { replace: true })}
      />
    </>
  );
}
