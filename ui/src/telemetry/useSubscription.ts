// Subscribes a component to pushed updates while it is mounted (and the commands stay the same).
import { useEffect, useRef, useState } from 'react';
import { telemetrySocket, type SocketStatus, type SubscriptionCmd, type SubscriptionUpdate } from '../api/telemetrySocket';

/** Several subscriptions at once; `onUpdate` gets the index of the command. Returns the connection's status. */
export function useSubscriptions(cmds: SubscriptionCmd[], onUpdate: (update: SubscriptionUpdate, index: number) => void): SocketStatus {
  const [status, setStatus] = useState<SocketStatus>('closed');
  const handler = useRef(onUpdate);
  handler.current = onUpdate;
  const key = JSON.stringify(cmds);

  useEffect(() => {
    const parsed = JSON.parse(key) as SubscriptionCmd[];
    if (parsed.length === 0) {
      setStatus('closed');
      return;
    }
    const ends = parsed.map((cmd, index) => telemetrySocket.subscribe(cmd, (u) => handler.current(u, index), setStatus));
    return () => ends.forEach((end) => end());
  }, [key]);

  return status;
}

/** Pass null to stay unsubscribed. Returns the connection's status. */
export function useSubscription(cmd: SubscriptionCmd | null, onUpdate: (update: SubscriptionUpdate) => void): SocketStatus {
  return useSubscriptions(cmd ? [cmd] : [], onUpdate);
}
