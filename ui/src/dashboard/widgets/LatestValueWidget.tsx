// Latest-value card: one key of one entity, big, kept live over the WebSocket.
import { formatDateTime } from '../../components/format';
import { LiveStatus } from '../../telemetry/LiveStatus';
import { useLatestValues } from '../../telemetry/useLatestValues';
import { formatValue } from './format';
import type { WidgetProps } from './types';
import { WidgetMessage } from './WidgetMessage';

export default function LatestValueWidget({ title, sources, settings }: WidgetProps) {
  const source = sources[0];
  const key = source?.keys[0];
  const latest = useLatestValues(source && key ? [{ entity: source.entity, keys: [key] }] : []);
  if (!source || !key) return <WidgetMessage text="Choose an entity and a key." />;
  const value = latest.values?.get(source.entity.id)?.get(key);
  if (!latest.values) return <WidgetMessage loading={latest.loading} error={latest.error} onRetry={latest.reload} />;
  return (
    <div className="value-card">
      <div className="value-card-key muted">
        {source.name} · {key}
      </div>
      <div className="value-card-value" data-testid="value-card-value" aria-label={`${title} value`}>
        {formatValue(value?.value, settings)}
      </div>
      <div className="value-card-foot">
        <span className="muted small">{value ? formatDateTime(value.ts) : 'No value yet'}</span>
        <LiveStatus status={latest.status} />
      </div>
      {latest.pushError && <WidgetMessage error={latest.pushError} />}
    </div>
  );
}
