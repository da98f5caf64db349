// TENANT_ADMIN: customers, with their users one click away.
import { useNavigate } from 'react-router-dom';
import { customerApi } from '../api/endpoints';
import type { Customer } from '../api/types';
import { ContactEntityListPage } from '../components/ContactEntityListPage';
import { forgetCustomerTitle } from '../components/CustomerName';

export function CustomersPage() {
  const navigate = useNavigate();
  return (
    <ContactEntityListPage<Customer>
      title="Customers"
      kind="Customer"
      api={customerApi}
      usersLabel="Users"
      openUsers={(c) => navigate(`/customers/${c.id!.id}/users`)}
      deleteNote="Its users are deleted; its devices, assets and dashboards become unassigned."
      onChanged={forgetCustomerTitle}
    />
  );
}
