// SYS_ADMIN: tenants, with their administrators one click away.
import { useNavigate } from 'react-router-dom';
import { tenantApi } from '../api/endpoints';
import type { Tenant } from '../api/types';
import { ContactEntityListPage } from '../components/ContactEntityListPage';

export function TenantsPage() {
  const navigate = useNavigate();
  return (
    <ContactEntityListPage<Tenant>
      title="Tenants"
      kind="Tenant"
      api={tenantApi}
      usersLabel="Admins"
      openUsers={(t) => navigate(`/tenants/${t.id!.id}/users`, { state: { title: t.title } })}
      deleteNote="All its users, customers, devices, assets and dashboards are deleted too. This cannot be undone."
    />
  );
}
