// Picks a customer to assign a device or an asset to.
import { useEffect, useState } from 'react';
import { customerApi } from '../api/endpoints';
import { Field } from '../components/Field';
import { FormDialog } from '../components/FormDialog';
import { ErrorAlert } from '../components/Feedback';
import { useAsync } from '../components/useAsync';

interface Props<T> {
  what: string;
  assign: (customerId: string) => Promise<T>;
  onSaved: (result: T) => void;
  onClose: () => void;
}

export function AssignCustomerDialog<T>({ what, assign, onSaved, onClose }: Props<T>) {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(search), 300);
    return () => window.clearTimeout(timer);
  }, [search]);

  const customers = useAsync(
    () => customerApi.list({ pageSize: 50, page: 0, textSearch: query, sortProperty: 'title', sortOrder: 'ASC' }),
    [query],
  );

  return (
    <FormDialog
      title={`Assign ${what} to a customer`}
      submitLabel="Assign"
      validate={() => {
        setProblem(customerId ? null : 'Choose a customer');
        return !!customerId;
      }}
      save={() => assign(customerId)}
      onSaved={onSaved}
      onClose={onClose}
    >
      <Field label="Find customer" htmlFor="assign-search">
        <input id="assign-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </Field>
      <Field label="Customer" htmlFor="assign-customer" error={problem} required>
        <select
          id="assign-customer"
          size={6}
          value={customerId}
          onChange={(e) => setCustomerId(e.target.value)}
          className="list-select"
        >
          {customers.data?.data.map((c) => (
            <option key={c.id!.id} value={c.id!.id}>
              {c.title}
            </option>
          ))}
        </select>
      </Field>
      {customers.loading && <div className="muted small">Loading customers…</div>}
      {customers.data && customers.data.totalElements === 0 && (
        <div className="muted small">No customers{query ? ` match “${query}”` : ' yet: add one under Customers'}.</div>
      )}
      <ErrorAlert message={customers.error} onRetry={customers.reload} />
    </FormDialog>
  );
}
