// A time-series chart of chosen keys. History comes from REST (values/timeseries with the window,
// aggregation and interval, oldest first); in a realtime window a TIMESERIES subscription for the
// keys appends new raw points (or, when aggregating, reloads the buckets) and the window slides.
// Loaded lazily: ECharts stays out of the main bundle.
import { useCallback, useEffect, useRef, useState } from 'react';
import { telemetryApi, type TsData } from '../api/telemetry';
import type { SubscriptionUpdate } from '../api/telemetrySocket';
import type { EntityId } from '../api/types';
import { ErrorAlert, InfoAlert, Spinner } from '../components/Feedback';
import { useAsync } from '../components/useAsync';
import { ChartControls, type ChartQuery } from './ChartControls';
import { defaultInterval, fromLocalInput, intervalsFor, RAW_LIMIT, toLocalInput, WINDOWS } from './chartSettings';
import { LiveStatus } from './LiveStatus';
import { TimeseriesChart } from './TimeseriesChart';
import { useSubscription } from './useSubscription';

type Points = Record<string, [number, number][]>;

const TICK_MS = 5000;

function toPoints(data: TsData): Points {
  const result: Points = {};
  for (const [key, list] of Object.entries(data)) {
    result[key] = list
      .map((p): [number, number] => [p.ts, Number(p.value)])
      .filter(([, v]) => Number.isFinite(v))
      .sort((a, b) => a[0] - b[0]);
  }
  return result;
}

function initialQuery(): ChartQuery {
  const now = Date.now();
  return {
    keys: [],
    window: 'last5m',
    fixedFrom: toLocalInput(now - 3600_000),
    fixedTo: toLocalInput(now),
    agg: 'NONE',
    interval: defaultInterval(5 * 60_000),
  };
}

export function TelemetryChartPanel({ entity }: { entity: EntityId }) {
  const available = useAsync(() => telemetryApi.timeseriesKeys(entity), [entity.entityType, entity.id]);
  const [query, setQuery] = useState<ChartQuery>(initialQuery);
  const [keysChosen, setKeysChosen] = useState(false);
  const realtime = query.window !== 'fixed';
  const fixedFrom = fromLocalInput(query.fixedFrom);
  const fixedTo = fromLocalInput(query.fixedTo);
  const rangeError = !realtime && !(fixedFrom < fixedTo) ? 'Choose a start before the end' : null;
  const span = realtime ? WINDOWS.find((w) => w.id === query.window)!.span : Math.max(1000, fixedTo - fixedFrom);

  // Until the user picks, chart the first key.
  useEffect(() => {
    if (!keysChosen && available.data && available.data.length > 0 && query.keys.length === 0) {
      setQuery((q) => ({ ...q, keys: available.data!.slice(0, 1) }));
    }
  }, [available.data, keysChosen, query.keys.length]);

  const change = (c: Partial<ChartQuery>) => {
    if (c.keys) setKeysChosen(true);
    setQuery((q) => {
      const next = { ...q, ...c };
      const nextSpan = next.window === 'fixed' ? fromLocalInput(next.fixedTo) - fromLocalInput(next.fixedFrom) : WINDOWS.find((w) => w.id === next.window)!.span;
      if (nextSpan > 0 && !intervalsFor(nextSpan).some((i) => i.ms === next.interval)) next.interval = defaultInterval(nextSpan);
      return next;
    });
  };

  // The sliding window's end.
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!realtime) return;
    const timer = window.setInterval(() => setNow(Date.now()), TICK_MS);
    return () => window.clearInterval(timer);
  }, [realtime]);

  const [reloads, setReloads] = useState(0);
  const keyList = query.keys.join(',');
  const history = useAsync(async () => {
    if (query.keys.length === 0 || rangeError) return null;
    const endTs = realtime ? Date.now() : fixedTo;
    const startTs = realtime ? endTs - span : fixedFrom;
    const data = await telemetryApi.history(entity, {
      keys: query.keys,
      startTs,
      endTs,
      agg: query.agg,
      interval: query.interval,
      limit: query.agg === 'NONE' ? RAW_LIMIT : Math.ceil(span / query.interval) + 1,
    });
    if (realtime) setNow(endTs);
    return { points: toPoints(data), keys: query.keys, agg: query.agg };
  }, [entity.entityType, entity.id, keyList, query.window, query.fixedFrom, query.fixedTo, query.agg, query.interval, reloads]);

  // Chart data: the history, plus points pushed since (raw mode only).
  const [points, setPoints] = useState<Points>({});
  useEffect(() => {
    const loaded = history.data;
    if (!loaded) {
      setPoints({});
      return;
    }
    setPoints((previous) => {
      if (loaded.agg !== 'NONE') return loaded.points;
      const merged: Points = {};
      for (const key of loaded.keys) {
        const base = loaded.points[key] ?? [];
        const last = base.length ? base[base.length - 1][0] : -Infinity;
        merged[key] = [...base, ...(previous[key] ?? []).filter(([ts]) => ts > last)];
      }
      return merged;
    });
  }, [history.data]);

  const reloadTimer = useRef<number | undefined>();
  useEffect(() => () => window.clearTimeout(reloadTimer.current), []);
  const { agg, interval } = query;
  const onUpdate = useCallback(
    (update: SubscriptionUpdate) => {
      if (update.errorCode !== 0 || !update.data) return;
      if (agg !== 'NONE') {
        // New raw points change the buckets: reload them, at most once per interval (2–30 s).
        if (reloadTimer.current === undefined) {
          reloadTimer.current = window.setTimeout(() => {
            reloadTimer.current = undefined;
            setReloads((r) => r + 1);
          }, Math.min(30000, Math.max(2000, interval)));
        }
        return;
      }
      const oldest = Date.now() - span;
      setPoints((current) => {
        const next = { ...current };
        for (const [key, pushed] of Object.entries(update.data!)) {
          const list = (next[key] ?? []).filter(([ts]) => ts >= oldest);
          let last = list.length ? list[list.length - 1][0] : -Infinity;
          for (const [ts, raw] of pushed) {
            const value = Number(raw);
            if (ts > last && Number.isFinite(value)) {
              list.push([ts, value]);
              last = ts;
            }
          }
          next[key] = list;
        }
        return next;
      });
    },
    [agg, interval, span],
  );
  const liveCmd = realtime && query.keys.length > 0 ? { type: 'TIMESERIES' as const, entityType: entity.entityType, entityId: entity.id, keys: query.keys } : null;
  const status = useSubscription(liveCmd, onUpdate);

  const from = realtime ? now - span : fixedFrom;
  const to = realtime ? now : fixedTo;
  const series = query.keys.map((key) => ({ key, points: points[key] ?? [] }));
  const truncated = query.agg === 'NONE' && series.some((s) => s.points.length >= RAW_LIMIT);
  const empty = history.data !== null && series.every((s) => s.points.length === 0);

  if (available.loading && !available.data) return <Spinner />;
  return (
    <section className="panel">
      <ErrorAlert message={available.error} onRetry={available.reload} />
      {available.data && available.data.length === 0 && (
        <InfoAlert>No time series yet: the chart can show keys once the device has sent telemetry.</InfoAlert>
      )}
      {available.data && available.data.length > 0 && (
        <>
          <div className="table-toolbar">
            <ChartControls query={query} span={span} availableKeys={available.data} onChange={change} rangeError={rangeError} />
            {realtime && <LiveStatus status={status} />}
          </div>
          <ErrorAlert message={history.error} onRetry={history.reload} />
          {query.keys.length === 0 && <InfoAlert>Choose one or more keys to chart.</InfoAlert>}
          {truncated && <InfoAlert>Only the first {RAW_LIMIT} points of the window are shown: choose an aggregation.</InfoAlert>}
          {empty && <p className="muted">No values in this time window.</p>}
          {query.keys.length > 0 && (
            <div className="chart-wrap" aria-busy={history.loading}>
              <TimeseriesChart series={series} from={from} to={to} label={`Chart of ${query.keys.join(', ')}`} />
              {history.loading && !history.data && <Spinner />}
            </div>
          )}
        </>
      )}
    </section>
  );
}
