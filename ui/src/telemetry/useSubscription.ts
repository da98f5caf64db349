// Subscribes a component to pushed updates while it is mounted (and the command stays the same).
import { useEffect, useRef, useState } from 'react';
import { telemetrySocket, type SocketStatus, type SubscriptionCmd, type SubscriptionUpdate } from '../api/telemetrySocket';

/** Pass null to stay unsubscribed. Returns the connection's status. */
export function useSubscription(cmd: SubscriptionCmd | null, onUpdate: (update: SubscriptionUpdate) => void): SocketStatus {
  const [status, setStatus] = useState<SocketStatus>('closed');
  const handler = useRef(onUpdate);
  handler.current = onUpdate;
  const key = cmd ? JSON.stringify(cmd) : null;

  useEffect(() => {
    if (!key) {
      setStatus('closed');
      return;
    }
    const parsed = JSON.parse(key) as SubscriptionCmd;
    return telemetrySocket.subscribe(parsed, (u) => handler.current(u), setStatus);
  }, [key]);

  return status;
}
