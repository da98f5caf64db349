// SYS_ADMIN: the administrators of one tenant.
import { useParams } from 'react-router-dom';
import { tenantApi } from '../api/endpoints';
import { ErrorAlert } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { UsersTable } from '../components/UsersTable';
import { useAsync } from '../components/useAsync';

export function TenantAdminsPage() {
  const { tenantId = '' } = useParams();
  const tenant = useAsync(() => tenantApi.get(tenantId), [tenantId]);
  const title = tenant.data?.title ?? (tenant.loading ? '…' : 'Tenant');

  return (
    <>
      <PageHeader title={`${title}: administrators`} crumbs={[{ label: 'Tenants', to: '/tenants' }, { label: title }]} />
      <ErrorAlert message={tenant.error} onRetry={tenant.reload} />
      <UsersTable
        label="Tenant administrators"
        authority="TENANT_ADMIN"
        tenantId={{ entityType: 'TENANT', id: tenantId }}
        fetchPage={(q) => tenantApi.users(tenantId, q)}
        resetKey={tenantId}
      />
    </>
  );
}
