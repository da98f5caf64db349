// Finds and picks one of the tenant's customers: a search box and a list (the first 50 matches
// by title). Used to assign devices, assets and dashboards.
import { useEffect, useState } from 'react';
import { customerApi } from '../api/endpoints';
import { Field } from './Field';
import { ErrorAlert } from './Feedback';
import { useAsync } from './useAsync';

interface Props {
  value: string;
  onChange: (customerId: string) => void;
  error?: string | null;
  /** Customers not to offer (already assigned). */
  exclude?: string[];
}

export function CustomerPicker({ value, onChange, error, exclude = [] }: Props) {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');

  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(search), 300);
    return () => window.clearTimeout(timer);
  }, [search]);

  const customers = useAsync(
    () => customerApi.list({ pageSize: 50, page: 0, textSearch: query, sortProperty: 'title', sortOrder: 'ASC' }),
    [query],
  );
  const offered = customers.data?.data.filter((c) => !exclude.includes(c.id!.id)) ?? [];

  return (
    <>
      <Field label="Find customer" htmlFor="assign-search">
        <input id="assign-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </Field>
      <Field label="Customer" htmlFor="assign-customer" error={error} required>
        <select id="assign-customer" size={6} value={value} onChange={(e) => onChange(e.target.value)} className="list-select">
          {offered.map((c) => (
            <option key={c.id!.id} value={c.id!.id}>
              {c.title}
            </option>
          ))}
        </select>
      </Field>
      {customers.loading && <div className="muted small">Loading customers…</div>}
      {customers.data && offered.length === 0 && (
        <div className="muted small">
          No {customers.data.totalElements > 0 ? 'other ' : ''}customers{query ? ` match “${query}”` : customers.data.totalElements > 0 ? '' : ' yet: add one under Customers'}.
        </div>
      )}
      <ErrorAlert message={customers.error} onRetry={customers.reload} />
    </>
  );
}
