// The current time for a realtime window that slides: ticks while `active`, and jumps to
// `alignedAt` whenever that changes (data just loaded up to then; 0: nothing loaded yet).
import { useEffect, useState } from 'react';

const TICK_MS = 5000;

export function useNow(active: boolean, alignedAt: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (alignedAt > 0) setNow(alignedAt);
  }, [alignedAt]);
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => setNow(Date.now()), TICK_MS);
    return () => window.clearInterval(timer);
  }, [active]);
  return now;
}
