// Dashboards: a tenant administrator creates, renames, deletes them and assigns them to customers;
// a customer user sees those assigned to its customer. A row opens the dashboard (DashboardPage).
import { Link, useNavigate } from 'react-router-dom';
import { dashboardApi } from '../api/endpoints';
import type { Dashboard, PageQuery } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { createdColumn } from '../components/columns';
import type { Column } from '../components/DataTable';
import { ErrorAlert } from '../components/Feedback';
import { dash } from '../components/format';
import { NamedEntityListPage } from '../components/NamedEntityListPage';
import { DashboardCustomersDialog } from '../dialogs/DashboardCustomersDialog';

function descriptionOf(d: Dashboard): string {
  const config = d.configuration as { description?: unknown } | null | undefined;
  return typeof config?.description === 'string' ? config.description : '';
}

const columns: Column<Dashboard>[] = [
  createdColumn(),
  {
    key: 'title',
    header: 'Title',
    sortProperty: 'title',
    render: (d) => (
      <Link to={`/dashboards/${d.id!.id}`} onClick={(ev) => ev.stopPropagation()}>
        <strong>{d.title}</strong>
      </Link>
    ),
  },
  { key: 'description', header: 'Description', render: (d) => dash(descriptionOf(d)) },
];

const customersColumn: Column<Dashboard> = {
  key: 'customers',
  header: 'Customers',
  render: (d) => dash(d.assignedCustomers?.map((c) => c.title).join(', ')),
};

function save(dashboard: Dashboard | null, title: string, description: string) {
  const configuration = {
    ...((dashboard?.configuration as Record<string, unknown> | null | undefined) ?? {}),
    description,
  };
  return dashboardApi.save({ ...(dashboard ?? {}), title, configuration });
}

export function DashboardsPage() {
  const session = useSession();
  const manage = session.authority === 'TENANT_ADMIN';
  const customerId = session.customerId;
  const navigate = useNavigate();

  if (!manage && !customerId) return <ErrorAlert message="Your account is not linked to a customer." />;
  return (
    <NamedEntityListPage<Dashboard>
      title="Dashboards"
      noun="dashboard"
      columns={manage ? [...columns, customersColumn] : columns}
      fetchPage={manage ? dashboardApi.tenantList : (q: PageQuery) => dashboardApi.customerList(customerId!, q)}
      manage={manage}
      defaultSort={{ property: 'title', order: 'ASC' }}
      emptyText={manage ? 'No dashboards yet: add one.' : 'No dashboards are assigned to your customer.'}
      nameLabel="Title"
      nameOf={(d) => d.title}
      descriptionOf={descriptionOf}
      save={save}
      remove={dashboardApi.remove}
      extra={{ label: 'Customers', render: (d, close) => <DashboardCustomersDialog dashboard={d} onClose={close} /> }}
      onRowClick={(d) => navigate(`/dashboards/${d.id!.id}`)}
    />
  );
}
