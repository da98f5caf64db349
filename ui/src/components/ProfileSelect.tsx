// A select of device or asset profiles; preselects the tenant's default profile for new items.
import { useEffect } from 'react';
import type { EntityId, PageData, PageQuery } from '../api/types';
import { ErrorAlert } from './Feedback';
import { useAsync } from './useAsync';

interface Profile {
  id?: EntityId;
  name: string;
  default?: boolean;
}

interface Props {
  id: string;
  value: string;
  onChange: (profileId: string) => void;
  fetchProfiles: (q: PageQuery) => Promise<PageData<Profile>>;
  invalid?: boolean;
}

export function ProfileSelect({ id, value, onChange, fetchProfiles, invalid }: Props) {
  const { data, loading, error, reload } = useAsync(
    () => fetchProfiles({ pageSize: 100, page: 0, sortProperty: 'name', sortOrder: 'ASC' }),
    [],
  );

  useEffect(() => {
    if (!value && data) {
      const preferred = data.data.find((p) => p.default) ?? data.data[0];
      if (preferred?.id) onChange(preferred.id.id);
    }
  }, [data, value, onChange]);

  return (
    <>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={loading || !!error}
        aria-invalid={invalid || undefined}
      >
        {loading && <option value="">Loading profiles…</option>}
        {!loading && !value && <option value="">Select a profile</option>}
        {data?.data.map((p) => (
          <option key={p.id!.id} value={p.id!.id}>
            {p.name}
            {p.default ? ' (default)' : ''}
          </option>
        ))}
      </select>
      <ErrorAlert message={error} onRetry={reload} />
    </>
  );
}
