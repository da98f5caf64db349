// Latest-value card: one key of one entity, big, kept live over the WebSocket.
import { formatDateTime } from '../../components/format';
import { LiveStatus } from '../../telemetry/LiveStatus';
import { formatValue } from './format';
import type { WidgetProps } from './types';
import { useSingleValue } from './useSingleValue';
import { WidgetMessage } from './WidgetMessage';

export default function LatestValueWidget({ title, sources, settings }: WidgetProps) {
  const { source, key, value, latest, placeholder } = useSingleValue(sources);
  if (placeholder || !source) return placeholder;
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
