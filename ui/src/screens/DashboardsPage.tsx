// Dashboards: a tenant administrator creates, renames and deletes them; a customer user sees
// those assigned to its customer. (The dashboard editor arrives in a later part.)
import { useState } from 'react';
import { dashboardApi } from '../api/endpoints';
import type { Dashboard, PageQuery } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert } from '../components/Feedback';
import { dash, formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { NameDialog } from '../dialogs/NameDialog';

function descriptionOf(d: Dashboard): string {
  const config = d.configuration as { description?: unknown } | null | undefined;
  return typeof config?.description === 'string' ? config.description : '';
}

const columns: Column<Dashboard>[] = [
  { key: 'createdTime', header: 'Created', sortProperty: 'createdTime', className: 'col-date', render: (d) => formatDateTime(d.createdTime) },
  { key: 'title', header: 'Title', sortProperty: 'title', render: (d) => <strong>{d.title}</strong> },
  { key: 'description', header: 'Description', render: (d) => dash(descriptionOf(d)) },
];

type Pending = { kind: 'edit'; dashboard: Dashboard | null } | { kind: 'delete'; dashboard: Dashboard };

export function DashboardsPage() {
  const session = useSession();
  const manage = session.authority === 'TENANT_ADMIN';
  const customerId = session.customerId;
  const [refresh, setRefresh] = useState(0);
  const [pending, setPending] = useState<Pending | null>(null);
  const done = () => {
    setPending(null);
    setRefresh((r) => r + 1);
  };

  if (!manage && !customerId) return <ErrorAlert message="Your account is not linked to a customer." />;
  const fetchPage = manage
    ? dashboardApi.tenantList
    : (q: PageQuery) => dashboardApi.customerList(customerId!, q);

  const save = (dashboard: Dashboard | null, title: string, description: string) => {
    const configuration = {
      ...((dashboard?.configuration as Record<string, unknown> | null | undefined) ?? {}),
      description,
    };
    return dashboardApi.save({ ...(dashboard ?? {}), title, configuration });
  };

  return (
    <>
      <PageHeader title="Dashboards" />
      <DataTable
        label="Dashboards"
        columns={columns}
        fetchPage={fetchPage}
        rowKey={(d) => d.id!.id}
        refreshKey={refresh}
        defaultSort={{ property: 'title', order: 'ASC' }}
        searchPlaceholder="Search dashboards"
        emptyText={manage ? 'No dashboards yet: add one.' : 'No dashboards are assigned to your customer.'}
        toolbar={
          manage && (
            <button type="button" className="btn btn-primary" onClick={() => setPending({ kind: 'edit', dashboard: null })}>
              Add dashboard
            </button>
          )
        }
        actions={
          manage
            ? (d) => (
                <>
                  <button type="button" className="btn btn-small" onClick={() => setPending({ kind: 'edit', dashboard: d })}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-danger-outline"
                    onClick={() => setPending({ kind: 'delete', dashboard: d })}
                  >
                    Delete
                  </button>
                </>
              )
            : undefined
        }
      />
      {pending?.kind === 'edit' && (
        <NameDialog
          title={pending.dashboard ? 'Edit dashboard' : 'Add dashboard'}
          nameLabel="Title"
          submitLabel={pending.dashboard ? 'Save' : 'Add'}
          initialName={pending.dashboard?.title}
          initialDescription={pending.dashboard ? descriptionOf(pending.dashboard) : ''}
          save={(title, description) => save(pending.dashboard, title, description)}
          onSaved={done}
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete dashboard"
          message={
            <>
              Delete dashboard <strong>{pending.dashboard.title}</strong>? This cannot be undone.
            </>
          }
          onConfirm={() => dashboardApi.remove(pending.dashboard.id!.id)}
          onDone={done}
          onCancel={() => setPending(null)}
        />
      )}
    </>
  );
}
