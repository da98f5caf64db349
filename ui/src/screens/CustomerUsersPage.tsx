// TENANT_ADMIN: the users of one customer.
import { useParams } from 'react-router-dom';
import { customerApi } from '../api/endpoints';
import { ErrorAlert } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { UsersTable } from '../components/UsersTable';
import { useAsync } from '../components/useAsync';

export function CustomerUsersPage() {
  const { customerId = '' } = useParams();
  const customer = useAsync(() => customerApi.get(customerId), [customerId]);
  const title = customer.data?.title ?? (customer.loading ? '…' : 'Customer');

  return (
    <>
      <PageHeader title={`${title}: users`} crumbs={[{ label: 'Customers', to: '/customers' }, { label: title }]} />
      <ErrorAlert message={customer.error} onRetry={customer.reload} />
      <UsersTable
        label="Customer users"
        authority="CUSTOMER_USER"
        customerId={{ entityType: 'CUSTOMER', id: customerId }}
        fetchPage={(q) => customerApi.users(customerId, q)}
        resetKey={customerId}
      />
    </>
  );
}
