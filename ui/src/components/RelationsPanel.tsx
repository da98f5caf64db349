// The relations of one entity, outbound (FROM) or inbound (TO); add and delete for managers.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { relationApi, type RelationDirection } from '../api/endpoints';
import type { EntityId, EntityRelationInfo } from '../api/types';
import { AddRelationDialog } from '../dialogs/AddRelationDialog';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorAlert, Spinner } from './Feedback';
import { useAsync } from './useAsync';

const DETAIL_ROUTES: Partial<Record<string, string>> = { DEVICE: '/devices', ASSET: '/assets' };

function EntityLink({ id, name }: { id: EntityId; name?: string }) {
  const base = DETAIL_ROUTES[id.entityType];
  const text = name || id.id;
  return base ? <Link to={`${base}/${id.id}`}>{text}</Link> : <span>{text}</span>;
}

export function RelationsPanel({ entity, editable }: { entity: EntityId; editable: boolean }) {
  const [direction, setDirection] = useState<RelationDirection>('FROM');
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<EntityRelationInfo | null>(null);
  const { data, loading, error, reload } = useAsync(
    () => relationApi.list(entity, direction),
    [entity.id, entity.entityType, direction],
  );

  const other = (r: EntityRelationInfo) =>
    direction === 'FROM' ? { id: r.to, name: r.toName } : { id: r.from, name: r.fromName };

  return (
    <section className="panel">
      <div className="table-toolbar">
        <div className="segmented" role="group" aria-label="Direction">
          <button
            type="button"
            className={direction === 'FROM' ? 'seg seg-active' : 'seg'}
            onClick={() => setDirection('FROM')}
          >
            From this entity
          </button>
          <button type="button" className={direction === 'TO' ? 'seg seg-active' : 'seg'} onClick={() => setDirection('TO')}>
            To this entity
          </button>
        </div>
        <div className="toolbar-actions">
          <button type="button" className="btn" onClick={reload} disabled={loading}>
            Refresh
          </button>
          {editable && (
            <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
              Add relation
            </button>
          )}
        </div>
      </div>
      <ErrorAlert message={error} onRetry={reload} />
      {loading && !data && <Spinner />}
      {data && (
        <table className="data-table" aria-label="Relations">
          <thead>
            <tr>
              <th>Type</th>
              <th>{direction === 'FROM' ? 'To entity type' : 'From entity type'}</th>
              <th>{direction === 'FROM' ? 'To entity' : 'From entity'}</th>
              {editable && <th className="col-actions">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {data.length === 0 && (
              <tr>
                <td colSpan={editable ? 4 : 3} className="empty-cell">
                  No relations {direction === 'FROM' ? 'from' : 'to'} this entity.
                </td>
              </tr>
            )}
            {data.map((r) => {
              const o = other(r);
              return (
                <tr key={`${r.type}|${r.from.id}|${r.to.id}`}>
                  <td>{r.type}</td>
                  <td>{o.id.entityType}</td>
                  <td>
                    <EntityLink id={o.id} name={o.name} />
                  </td>
                  {editable && (
                    <td className="col-actions">
                      <button type="button" className="btn btn-small btn-danger-outline" onClick={() => setDeleting(r)}>
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {adding && (
        <AddRelationDialog
          entity={entity}
          direction={direction}
          onSaved={() => {
            setAdding(false);
            reload();
          }}
          onClose={() => setAdding(false)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete relation"
          message={
            <>
              Delete the relation <strong>{deleting.type}</strong> {direction === 'FROM' ? 'to' : 'from'}{' '}
              <strong>{other(deleting).name || other(deleting).id.id}</strong>?
            </>
          }
          onConfirm={() => relationApi.remove(deleting)}
          onDone={() => {
            setDeleting(null);
            reload();
          }}
          onCancel={() => setDeleting(null)}
        />
      )}
    </section>
  );
}
