// The latest value of each time-series key of an entity: loaded over REST, then kept live by a
// TIMESERIES subscription on the shared WebSocket.
import { useCallback, useEffect, useState } from 'react';
import { telemetryApi } from '../api/telemetry';
import type { SubscriptionUpdate } from '../api/telemetrySocket';
import type { EntityId } from '../api/types';
import { ErrorAlert, Spinner } from '../components/Feedback';
import { formatDateTime } from '../components/format';
import { useAsync } from '../components/useAsync';
import { LiveStatus } from './LiveStatus';
import { useSubscription } from './useSubscription';
import { latestFromRest, mergeUpdate, type LatestValue } from './values';

export function LatestTelemetryPanel({ entity }: { entity: EntityId }) {
  const loaded = useAsync(() => telemetryApi.latest(entity), [entity.entityType, entity.id]);
  const [latest, setLatest] = useState<Map<string, LatestValue> | null>(null);
  const [pushError, setPushError] = useState<string | null>(null);

  // A (re)load replaces what we have, keeping pushed values that are newer.
  useEffect(() => {
    if (!loaded.data) return;
    const fromRest = latestFromRest(loaded.data);
    setLatest((current) => {
      if (!current) return fromRest;
      const merged = new Map(fromRest);
      current.forEach((v, k) => {
        const r = merged.get(k);
        if (!r || v.ts > r.ts) merged.set(k, v);
      });
      return merged;
    });
  }, [loaded.data]);

  const onUpdate = useCallback((update: SubscriptionUpdate) => {
    if (update.errorCode !== 0) {
      setPushError(update.errorMsg || `Live updates failed (error ${update.errorCode})`);
      return;
    }
    setPushError(null);
    setLatest((current) => mergeUpdate(current ?? new Map(), update));
  }, []);
  const status = useSubscription({ type: 'TIMESERIES', entityType: entity.entityType, entityId: entity.id }, onUpdate);

  const rows = latest ? [...latest].sort(([a], [b]) => a.localeCompare(b)) : [];
  return (
    <section className="panel">
      <div className="table-toolbar">
        <LiveStatus status={status} />
        <div className="toolbar-actions">
          <button type="button" className="btn" onClick={loaded.reload} disabled={loaded.loading}>
            Refresh
          </button>
        </div>
      </div>
      <ErrorAlert message={loaded.error} onRetry={loaded.reload} />
      <ErrorAlert message={pushError} />
      {!latest && loaded.loading && <Spinner />}
      {latest && (
        <table className="data-table" aria-label="Latest telemetry">
          <thead>
            <tr>
              <th>Key</th>
              <th>Last update time</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={3} className="empty-cell">
                  No telemetry yet. Values the device sends appear here as they arrive.
                </td>
              </tr>
            )}
            {rows.map(([key, v]) => (
              <tr key={key}>
                <td>
                  <strong>{key}</strong>
                </td>
                <td className="col-date">{formatDateTime(v.ts)}</td>
                <td className="value-cell">{v.value ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
