// Whether pushed updates are flowing: Live, Connecting…, Reconnecting…, Offline.
import type { SocketStatus } from '../api/telemetrySocket';

const LABELS: Record<SocketStatus, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  closed: 'Offline',
};

export function LiveStatus({ status }: { status: SocketStatus }) {
  return (
    <span className={`live-status live-${status}`} role="status" aria-label={`Live updates: ${LABELS[status]}`}>
      <span className="live-dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}
