// Entities table: one row per chosen entity, one column per chosen key, latest values, live.
import { useLatestValues } from '../../telemetry/useLatestValues';
import { LiveStatus } from '../../telemetry/LiveStatus';
import { formatValue } from './format';
import type { WidgetProps } from './types';
import { WidgetMessage } from './WidgetMessage';

export default function EntitiesTableWidget({ title, sources, settings }: WidgetProps) {
  const latest = useLatestValues(sources.map((s) => ({ entity: s.entity, keys: s.keys })));
  const keys = [...new Set(sources.flatMap((s) => s.keys))];
  if (sources.length === 0) return <WidgetMessage text="Choose one or more entities." />;
  if (!latest.values) return <WidgetMessage loading={latest.loading} error={latest.error} onRetry={latest.reload} />;
  return (
    <div className="widget-scroll">
      <table className="data-table" aria-label={title}>
        <thead>
          <tr>
            <th>Entity</th>
            {keys.map((k) => (
              <th key={k}>{k}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.entity.id}>
              <td>
                <strong>{s.name}</strong>
              </td>
              {keys.map((k) => (
                <td key={k} className="value-cell">
                  {s.keys.includes(k) ? formatValue(latest.values?.get(s.entity.id)?.get(k)?.value, settings) : ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="widget-foot">
        <LiveStatus status={latest.status} />
      </div>
      {latest.pushError && <WidgetMessage error={latest.pushError} />}
    </div>
  );
}
