// The rule chain a "Rule chain" flow node calls: a select of the tenant's rule chains, by name,
// that yields the chain's id. An id the list does not hold (a deleted chain) stays selectable.
import { ruleChainApi } from '../api/endpoints';
import { ErrorAlert } from '../components/Feedback';
import { Field } from '../components/Field';
import { useAsync } from '../components/useAsync';

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (ruleChainId: string) => void;
  error?: string | null;
  hint?: string;
  required?: boolean;
}

export function RuleChainSelect({ id, label, value, onChange, error, hint, required }: Props) {
  const { data, loading, error: loadError, reload } = useAsync(
    () => ruleChainApi.list({ pageSize: 1000, page: 0, sortProperty: 'name', sortOrder: 'ASC' }),
    [],
  );
  const chains = data?.data ?? [];
  const unknown = value && !loading && !chains.some((c) => c.id?.id === value);
  return (
    <Field label={label} htmlFor={id} error={error} hint={hint} required={required}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={loading || !!loadError} aria-invalid={!!error || undefined}>
        {loading && <option value="">Loading rule chains…</option>}
        {!loading && <option value="">Choose a rule chain</option>}
        {chains.map((c) => (
          <option key={c.id!.id} value={c.id!.id}>
            {c.name}
            {c.root ? ' (root)' : ''}
          </option>
        ))}
        {unknown && <option value={value}>Unknown chain {value}</option>}
      </select>
      <ErrorAlert message={loadError} onRetry={reload} />
    </Field>
  );
}
