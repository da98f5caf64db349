// The choices of the chart screen: time windows, aggregations and grouping intervals.
import type { Aggregation } from '../api/telemetry';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export type WindowId = 'last5m' | 'last1h' | 'last24h' | 'fixed';

export const WINDOWS: { id: WindowId; label: string; span: number }[] = [
  { id: 'last5m', label: 'Last 5 minutes (realtime)', span: 5 * MINUTE },
  { id: 'last1h', label: 'Last hour (realtime)', span: HOUR },
  { id: 'last24h', label: 'Last 24 hours (realtime)', span: 24 * HOUR },
  { id: 'fixed', label: 'Fixed range', span: 0 },
];

export const AGGREGATIONS: { id: Aggregation; label: string }[] = [
  { id: 'NONE', label: 'None (raw values)' },
  { id: 'AVG', label: 'Average' },
  { id: 'MIN', label: 'Minimum' },
  { id: 'MAX', label: 'Maximum' },
  { id: 'SUM', label: 'Sum' },
  { id: 'COUNT', label: 'Count' },
];

export const INTERVALS: { ms: number; label: string }[] = [
  { ms: SECOND, label: '1 second' },
  { ms: 5 * SECOND, label: '5 seconds' },
  { ms: 10 * SECOND, label: '10 seconds' },
  { ms: 30 * SECOND, label: '30 seconds' },
  { ms: MINUTE, label: '1 minute' },
  { ms: 5 * MINUTE, label: '5 minutes' },
  { ms: 10 * MINUTE, label: '10 minutes' },
  { ms: 30 * MINUTE, label: '30 minutes' },
  { ms: HOUR, label: '1 hour' },
  { ms: 2 * HOUR, label: '2 hours' },
  { ms: 6 * HOUR, label: '6 hours' },
  { ms: 24 * HOUR, label: '1 day' },
];

/** The server refuses more buckets than this in one query. */
export const MAX_BUCKETS = 700;
/** Raw points asked for at most. */
export const RAW_LIMIT = 10000;

/** Intervals that give between 1 and MAX_BUCKETS buckets over `span`. */
export function intervalsFor(span: number): { ms: number; label: string }[] {
  const fitting = INTERVALS.filter((i) => i.ms <= span && span / i.ms <= MAX_BUCKETS);
  return fitting.length ? fitting : INTERVALS.slice(0, 1);
}

/** A readable default: the smallest interval giving at most about 150 buckets. */
export function defaultInterval(span: number): number {
  const options = intervalsFor(span);
  return (options.find((i) => span / i.ms <= 150) ?? options[options.length - 1]).ms;
}

/** A datetime-local input's value for a time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * MINUTE);
  return d.toISOString().slice(0, 16);
}

export function fromLocalInput(text: string): number {
  return new Date(text).getTime();
}
