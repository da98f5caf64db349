// The latest value of each time-series key of an entity: loaded over REST, then kept live by a
// TIMESERIES subscription on the shared WebSocket.
import type { EntityId } from '../api/types';
import { ErrorAlert, Spinner } from '../components/Feedback';
import { formatDateTime } from '../components/format';
import { LiveStatus } from './LiveStatus';
import { useLatestValues } from './useLatestValues';

export function LatestTelemetryPanel({ entity }: { entity: EntityId }) {
  const loaded = useLatestValues([{ entity }]);
  const latest = loaded.values?.get(entity.id) ?? null;
  const { status, pushError } = loaded;

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
