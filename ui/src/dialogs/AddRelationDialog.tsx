// Adds a relation between the entity on screen and another entity of the tenant.
import { useEffect, useState } from 'react';
import { assetApi, customerApi, dashboardApi, deviceApi, relationApi, type RelationDirection } from '../api/endpoints';
import type { EntityId, EntityType, PageData, PageQuery } from '../api/types';
import { ErrorAlert } from '../components/Feedback';
import { Field, firstError, validate } from '../components/Field';
import { FormDialog } from '../components/FormDialog';
import { useAsync } from '../components/useAsync';

interface Named {
  id?: EntityId;
  name?: string;
  title?: string;
}

const TARGETS: { type: EntityType; label: string; list: (q: PageQuery) => Promise<PageData<Named>> }[] = [
  { type: 'DEVICE', label: 'Device', list: deviceApi.tenantList },
  { type: 'ASSET', label: 'Asset', list: assetApi.tenantList },
  { type: 'CUSTOMER', label: 'Customer', list: customerApi.list },
  { type: 'DASHBOARD', label: 'Dashboard', list: dashboardApi.tenantList },
];

const COMMON_TYPES = ['Contains', 'Manages', 'Uses'];

interface Props {
  entity: EntityId;
  direction: RelationDirection;
  onSaved: () => void;
  onClose: () => void;
}

export function AddRelationDialog({ entity, direction, onSaved, onClose }: Props) {
  const [relationType, setRelationType] = useState('Contains');
  const [targetType, setTargetType] = useState<EntityType>('DEVICE');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [targetId, setTargetId] = useState('');
  const [errors, setErrors] = useState<{ type?: string | null; target?: string | null }>({});
  const target = TARGETS.find((t) => t.type === targetType)!;

  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(search), 300);
    return () => window.clearTimeout(timer);
  }, [search]);

  const candidates = useAsync(
    () => target.list({ pageSize: 50, page: 0, textSearch: query }),
    [targetType, query],
  );
  const options = (candidates.data?.data ?? []).filter((c) => c.id && c.id.id !== entity.id);

  const check = () => {
    const next = {
      type: firstError(validate.required(relationType, 'Relation type'), validate.maxLength(relationType, 255, 'Relation type')),
      target: targetId ? null : `Choose a ${target.label.toLowerCase()}`,
    };
    setErrors(next);
    return !next.type && !next.target;
  };

  const save = () => {
    const other: EntityId = { entityType: targetType, id: targetId };
    return direction === 'FROM'
      ? relationApi.save(entity, other, relationType.trim())
      : relationApi.save(other, entity, relationType.trim());
  };

  return (
    <FormDialog
      title={direction === 'FROM' ? 'Add relation from this entity' : 'Add relation to this entity'}
      submitLabel="Add"
      validate={check}
      save={save}
      onSaved={onSaved}
      onClose={onClose}
    >
      <Field label="Relation type" htmlFor="relation-type" error={errors.type} required>
        <input id="relation-type" list="relation-types" value={relationType} onChange={(e) => setRelationType(e.target.value)} />
        <datalist id="relation-types">
          {COMMON_TYPES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </Field>
      <div className="field-row">
        <Field label={direction === 'FROM' ? 'To entity type' : 'From entity type'} htmlFor="relation-target-type">
          <select
            id="relation-target-type"
            value={targetType}
            onChange={(e) => {
              setTargetType(e.target.value as EntityType);
              setTargetId('');
            }}
          >
            {TARGETS.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Find" htmlFor="relation-search">
          <input id="relation-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </Field>
      </div>
      <Field label={target.label} htmlFor="relation-target" error={errors.target} required>
        <select
          id="relation-target"
          size={6}
          className="list-select"
          value={targetId}
          onChange={(e) => setTargetId(e.target.value)}
        >
          {options.map((c) => (
            <option key={c.id!.id} value={c.id!.id}>
              {c.name ?? c.title}
            </option>
          ))}
        </select>
      </Field>
      {candidates.loading && <div className="muted small">Loading…</div>}
      <ErrorAlert message={candidates.error} onRetry={candidates.reload} />
    </FormDialog>
  );
}
