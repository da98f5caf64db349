// TENANT_ADMIN: the users of one customer.
import { useParams } from 'react-router-dom';
import { customerApi } from '../api/endpoints';
import { OwnerUsersPage } from '../components/OwnerUsersPage';

export function CustomerUsersPage() {
  const { customerId = '' } = useParams();
  return (
    <OwnerUsersPage
      owner={{ entityType: 'CUSTOMER', id: customerId }}
      parent={{ label: 'Customers', to: '/customers' }}
      what="users"
      tableLabel="Customer users"
      authority="CUSTOMER_USER"
      loadOwner={customerApi.get}
      fetchPage={customerApi.users}
    />
  );
}
