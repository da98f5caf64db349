// Turning telemetry and attribute values into text and back.
import type { TsData } from '../api/telemetry';
import type { SubscriptionUpdate } from '../api/telemetrySocket';

export interface LatestValue {
  ts: number;
  value: string | null;
}

/** key → newest value, from a REST answer. */
export function latestFromRest(data: TsData): Map<string, LatestValue> {
  const result = new Map<string, LatestValue>();
  for (const [key, points] of Object.entries(data)) {
    const newest = points.reduce<LatestValue | null>((best, p) => (!best || p.ts > best.ts ? p : best), null);
    if (newest) result.set(key, { ts: newest.ts, value: newest.value });
  }
  return result;
}

/** Adds a pushed update to `latest` (a copy), keeping per key the newest point. */
export function mergeUpdate(latest: Map<string, LatestValue>, update: SubscriptionUpdate): Map<string, LatestValue> {
  const next = new Map(latest);
  for (const [key, points] of Object.entries(update.data ?? {})) {
    for (const [ts, value] of points) {
      const known = next.get(key);
      if (!known || ts >= known.ts) next.set(key, { ts, value });
    }
  }
  return next;
}

/** Values just read from REST, keeping those of `current` (pushed meanwhile) that are newer. */
export function keepNewer(fromRest: Map<string, LatestValue>, current: Map<string, LatestValue> | undefined): Map<string, LatestValue> {
  const merged = new Map(fromRest);
  current?.forEach((v, k) => {
    const r = merged.get(k);
    if (!r || v.ts > r.ts) merged.set(k, v);
  });
  return merged;
}

/** An attribute's value as the user sees and edits it: text as is, anything else as JSON. */
export function valueToText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
}

/** What the user typed: JSON when it parses (42, true, {"a": 1}, "text"), else the text itself. */
export function parseTypedValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
