// The dashboard's time window, used by its chart widgets. Stored as ThingsBoard stores it in
// `configuration.timewindow`:
//   { "selectedTab": 0 (realtime) | 1 (history),
//     "realtime": { "timewindowMs": 300000, "interval": 1000 },
//     "history": { "historyType": 0, "fixedTimewindow": { "startTimeMs", "endTimeMs" }, "interval": 60000 },
//     "aggregation": { "type": "NONE" | "AVG" | "MIN" | "MAX" | "SUM" | "COUNT", "limit": 10000 } }
import type { Aggregation } from '../api/telemetry';
import { defaultInterval, intervalsFor, RAW_LIMIT } from '../telemetry/chartSettings';
import type { SeriesRequest } from '../telemetry/useChartSeries';

const MINUTE = 60_000;

export interface Timewindow {
  selectedTab: 0 | 1;
  realtime: { timewindowMs: number; interval: number };
  history: { historyType: 0; fixedTimewindow: { startTimeMs: number; endTimeMs: number }; interval: number };
  aggregation: { type: Aggregation; limit: number };
}

export function defaultTimewindow(now = Date.now()): Timewindow {
  return {
    selectedTab: 0,
    realtime: { timewindowMs: 5 * MINUTE, interval: defaultInterval(5 * MINUTE) },
    history: { historyType: 0, fixedTimewindow: { startTimeMs: now - 60 * MINUTE, endTimeMs: now }, interval: defaultInterval(60 * MINUTE) },
    aggregation: { type: 'NONE', limit: RAW_LIMIT },
  };
}

const AGGS: Aggregation[] = ['NONE', 'AVG', 'MIN', 'MAX', 'SUM', 'COUNT'];
const positive = (v: unknown, fallback: number) => (typeof v === 'number' && v > 0 ? v : fallback);

/** A stored time window with anything missing or malformed replaced by the defaults. */
export function readTimewindow(raw: unknown): Timewindow {
  const d = defaultTimewindow();
  const tw = (raw ?? {}) as Partial<Timewindow>;
  const fixed = tw.history?.fixedTimewindow;
  const agg = tw.aggregation?.type;
  return {
    selectedTab: tw.selectedTab === 1 ? 1 : 0,
    realtime: {
      timewindowMs: positive(tw.realtime?.timewindowMs, d.realtime.timewindowMs),
      interval: positive(tw.realtime?.interval, d.realtime.interval),
    },
    history: {
      historyType: 0,
      fixedTimewindow: {
        startTimeMs: positive(fixed?.startTimeMs, d.history.fixedTimewindow.startTimeMs),
        endTimeMs: positive(fixed?.endTimeMs, d.history.fixedTimewindow.endTimeMs),
      },
      interval: positive(tw.history?.interval, d.history.interval),
    },
    aggregation: { type: agg && AGGS.includes(agg) ? agg : 'NONE', limit: positive(tw.aggregation?.limit, RAW_LIMIT) },
  };
}

export function spanOf(tw: Timewindow): number {
  if (tw.selectedTab === 0) return tw.realtime.timewindowMs;
  return tw.history.fixedTimewindow.endTimeMs - tw.history.fixedTimewindow.startTimeMs;
}

export function intervalOf(tw: Timewindow): number {
  return tw.selectedTab === 0 ? tw.realtime.interval : tw.history.interval;
}

/** Why the window cannot be used, or null. */
export function timewindowError(tw: Timewindow): string | null {
  if (!(spanOf(tw) > 0)) return tw.selectedTab === 0 ? 'The window must be at least a minute' : 'Choose a start before the end';
  if (tw.aggregation.type !== 'NONE' && !intervalsFor(spanOf(tw)).some((i) => i.ms === intervalOf(tw))) {
    return 'Choose an interval that fits the window';
  }
  return null;
}

/** The window with the interval moved to one that fits it, when it no longer does. */
export function fitInterval(tw: Timewindow): Timewindow {
  const span = spanOf(tw);
  if (!(span > 0) || intervalsFor(span).some((i) => i.ms === intervalOf(tw))) return tw;
  const interval = defaultInterval(span);
  return tw.selectedTab === 0 ? { ...tw, realtime: { ...tw.realtime, interval } } : { ...tw, history: { ...tw.history, interval } };
}

/** What a chart of `keys` asks useChartSeries for under this window. */
export function seriesRequest(tw: Timewindow, keys: string[]): SeriesRequest {
  const realtime = tw.selectedTab === 0;
  return {
    keys,
    agg: tw.aggregation.type,
    interval: intervalOf(tw),
    realtimeSpan: realtime ? tw.realtime.timewindowMs : null,
    fixedFrom: tw.history.fixedTimewindow.startTimeMs,
    fixedTo: tw.history.fixedTimewindow.endTimeMs,
    ready: keys.length > 0 && timewindowError(tw) === null,
  };
}

export function describeTimewindow(tw: Timewindow): string {
  const agg = tw.aggregation.type === 'NONE' ? '' : `, ${tw.aggregation.type.toLowerCase()}`;
  if (tw.selectedTab === 0) return `Last ${Math.round(tw.realtime.timewindowMs / MINUTE)} min (realtime)${agg}`;
  const { startTimeMs, endTimeMs } = tw.history.fixedTimewindow;
  return `${new Date(startTimeMs).toLocaleString()} – ${new Date(endTimeMs).toLocaleString()}${agg}`;
}
