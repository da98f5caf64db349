// The attributes of an entity in one scope. Client attributes come from the device and are
// read-only; server and shared ones may be added, edited and deleted by a manager. An ATTRIBUTES
// subscription reloads the list whenever the scope changes on the server.
import { useCallback, useEffect, useRef, useState } from 'react';
import { telemetryApi, type AttributeKv, type AttributeScope } from '../api/telemetry';
import type { EntityId } from '../api/types';
import { ActionButton, AddButton } from '../components/ActionButton';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert, Spinner } from '../components/Feedback';
import { formatDateTime } from '../components/format';
import { useAsync } from '../components/useAsync';
import { useDialogState } from '../components/useDialogState';
import { AttributeDialog } from '../dialogs/AttributeDialog';
import { LiveStatus } from './LiveStatus';
import { useSubscription } from './useSubscription';
import { valueToText } from './values';

const SCOPES: { scope: AttributeScope; label: string; editable: boolean }[] = [
  { scope: 'CLIENT_SCOPE', label: 'Client', editable: false },
  { scope: 'SERVER_SCOPE', label: 'Server', editable: true },
  { scope: 'SHARED_SCOPE', label: 'Shared', editable: true },
];

type Pending = { kind: 'edit'; attribute: AttributeKv | null } | { kind: 'delete'; attribute: AttributeKv };

export function AttributesPanel({ entity, manage }: { entity: EntityId; manage: boolean }) {
  const [scope, setScope] = useState<AttributeScope>('SERVER_SCOPE');
  const scopeDef = SCOPES.find((s) => s.scope === scope)!;
  const editable = manage && scopeDef.editable;
  // The answer remembers its scope so that a switch never shows the other scope's rows.
  const loaded = useAsync(
    () => telemetryApi.attributes(entity, scope).then((list) => ({ scope, list })),
    [entity.entityType, entity.id, scope],
  );
  const list = loaded.data?.scope === scope ? loaded.data.list : null;
  const dialogs = useDialogState<Pending>(loaded.reload);
  const { pending } = dialogs;

  // Pushed changes reload the list (REST gives the values their JSON types; pushes are strings).
  const reloadTimer = useRef<number | undefined>();
  useEffect(() => () => window.clearTimeout(reloadTimer.current), []);
  const [pushError, setPushError] = useState<string | null>(null);
  const { reload } = loaded;
  const onUpdate = useCallback(
    (update: { errorCode: number; errorMsg?: string | null; data?: unknown }) => {
      if (update.errorCode !== 0) {
        setPushError(update.errorMsg || `Live updates failed (error ${update.errorCode})`);
        return;
      }
      setPushError(null);
      window.clearTimeout(reloadTimer.current);
      reloadTimer.current = window.setTimeout(reload, 150);
    },
    [reload],
  );
  const status = useSubscription({ type: 'ATTRIBUTES', entityType: entity.entityType, entityId: entity.id, scope }, onUpdate);

  const rows = list ? [...list].sort((a, b) => a.key.localeCompare(b.key)) : [];
  return (
    <section className="panel">
      <div className="table-toolbar">
        <div className="segmented" role="group" aria-label="Attribute scope">
          {SCOPES.map((s) => (
            <button
              key={s.scope}
              type="button"
              className={s.scope === scope ? 'seg seg-active' : 'seg'}
              aria-pressed={s.scope === scope}
              onClick={() => setScope(s.scope)}
            >
              {s.label} attributes
            </button>
          ))}
        </div>
        <div className="toolbar-actions">
          <LiveStatus status={status} />
          <button type="button" className="btn" onClick={loaded.reload} disabled={loaded.loading}>
            Refresh
          </button>
          {editable && <AddButton label="Add attribute" onClick={() => dialogs.open({ kind: 'edit', attribute: null })} />}
        </div>
      </div>
      {!scopeDef.editable && <p className="muted small">Client attributes are reported by the device and cannot be changed here.</p>}
      <ErrorAlert message={loaded.error} onRetry={loaded.reload} />
      <ErrorAlert message={pushError} />
      {!list && loaded.loading && <Spinner />}
      {list && (
        <table className="data-table" aria-label={`${scopeDef.label} attributes`}>
          <thead>
            <tr>
              <th>Key</th>
              <th>Last update time</th>
              <th>Value</th>
              {editable && <th className="col-actions">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={editable ? 4 : 3} className="empty-cell">
                  No {scopeDef.label.toLowerCase()} attributes.
                </td>
              </tr>
            )}
            {rows.map((a) => (
              <tr key={a.key}>
                <td>
                  <strong>{a.key}</strong>
                </td>
                <td className="col-date">{formatDateTime(a.lastUpdateTs)}</td>
                <td className="value-cell">
                  <code>{valueToText(a.value)}</code>
                </td>
                {editable && (
                  <td className="col-actions">
                    <div className="row-actions">
                      <ActionButton onClick={() => dialogs.open({ kind: 'edit', attribute: a })}>Edit</ActionButton>
                      <ActionButton danger onClick={() => dialogs.open({ kind: 'delete', attribute: a })}>
                        Delete
                      </ActionButton>
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pending?.kind === 'edit' && (
        <AttributeDialog
          entity={entity}
          scope={scope}
          scopeLabel={scopeDef.label}
          attribute={pending.attribute}
          onSaved={dialogs.done}
          onClose={dialogs.close}
        />
      )}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete attribute"
          message={
            <>
              Delete the {scopeDef.label.toLowerCase()} attribute <strong>{pending.attribute.key}</strong>?
            </>
          }
          onConfirm={() => telemetryApi.deleteAttributes(entity, scope, [pending.attribute.key])}
          onDone={dialogs.done}
          onCancel={dialogs.close}
        />
      )}
    </section>
  );
}
