// SYS_ADMIN: the administrators of one tenant.
import { useParams } from 'react-router-dom';
import { tenantApi } from '../api/endpoints';
import { OwnerUsersPage } from '../components/OwnerUsersPage';

export function TenantAdminsPage() {
  const { tenantId = '' } = useParams();
  return (
    <OwnerUsersPage
      owner={{ entityType: 'TENANT', id: tenantId }}
      parent={{ label: 'Tenants', to: '/tenants' }}
      what="administrators"
      tableLabel="Tenant administrators"
      authority="TENANT_ADMIN"
      loadOwner={tenantApi.get}
      fetchPage={tenantApi.users}
    />
  );
}
