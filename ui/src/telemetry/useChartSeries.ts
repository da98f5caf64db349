// The points of a chart: history from REST for the window (oldest first), then, in a realtime
// window, what a TIMESERIES subscription for the keys pushes — appended as raw points, or, when
// aggregating, a reload of the buckets (at most once per interval, 2–30 s).
import { useCallback, useEffect, useRef, useState } from 'react';
import { telemetryApi, type Aggregation, type TsData } from '../api/telemetry';
import type { SocketStatus, SubscriptionUpdate } from '../api/telemetrySocket';
import type { EntityId } from '../api/types';
import { useAsync } from '../components/useAsync';
import { RAW_LIMIT } from './chartSettings';
import { useSubscription } from './useSubscription';

export type Points = Record<string, [number, number][]>;

export interface SeriesRequest {
  keys: string[];
  agg: Aggregation;
  interval: number;
  /** A realtime window's span in ms; null for a fixed range. */
  realtimeSpan: number | null;
  fixedFrom: number;
  fixedTo: number;
  /** False while the request cannot be sent (no keys, a bad range). */
  ready: boolean;
}

export interface ChartSeriesState {
  points: Points;
  /** When the data was last aligned with now (realtime), for the axis. */
  loadedAt: number;
  loading: boolean;
  error: string | null;
  reload: () => void;
  /** True once an answer arrived for the current request. */
  loaded: boolean;
  status: SocketStatus;
}

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

/** Appends pushed raw points newer than each key's last one, dropping those older than `oldest`. */
function appendPushed(current: Points, pushed: NonNullable<SubscriptionUpdate['data']>, oldest: number): Points {
  const next = { ...current };
  for (const [key, list] of Object.entries(pushed)) {
    const kept = (next[key] ?? []).filter(([ts]) => ts >= oldest);
    let last = kept.length ? kept[kept.length - 1][0] : -Infinity;
    for (const [ts, raw] of list) {
      const value = Number(raw);
      if (ts > last && Number.isFinite(value)) {
        kept.push([ts, value]);
        last = ts;
      }
    }
    next[key] = kept;
  }
  return next;
}

export function useChartSeries(entity: EntityId, request: SeriesRequest): ChartSeriesState {
  const { keys, agg, interval, realtimeSpan, fixedFrom, fixedTo, ready } = request;
  const [reloads, setReloads] = useState(0);
  const [loadedAt, setLoadedAt] = useState(Date.now);

  const history = useAsync(async () => {
    if (!ready) return null;
    const endTs = realtimeSpan !== null ? Date.now() : fixedTo;
    const startTs = realtimeSpan !== null ? endTs - realtimeSpan : fixedFrom;
    const span = endTs - startTs;
    const data = await telemetryApi.history(entity, {
      keys,
      startTs,
      endTs,
      agg,
      interval,
      limit: agg === 'NONE' ? RAW_LIMIT : Math.ceil(span / interval) + 1,
    });
    setLoadedAt(endTs);
    return { points: toPoints(data), keys, agg };
  }, [entity.entityType, entity.id, keys.join(','), agg, interval, realtimeSpan, fixedFrom, fixedTo, ready, reloads]);

  // The history, plus raw points pushed while it loaded.
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
  const onUpdate = useCallback(
    (update: SubscriptionUpdate) => {
      if (update.errorCode !== 0 || !update.data || realtimeSpan === null) return;
      if (agg === 'NONE') {
        const pushed = update.data;
        setPoints((current) => appendPushed(current, pushed, Date.now() - realtimeSpan));
      } else if (reloadTimer.current === undefined) {
        reloadTimer.current = window.setTimeout(() => {
          reloadTimer.current = undefined;
          setReloads((r) => r + 1);
        }, Math.min(30000, Math.max(2000, interval)));
      }
    },
    [agg, interval, realtimeSpan],
  );
  const live = realtimeSpan !== null && ready;
  const status = useSubscription(
    live ? { type: 'TIMESERIES', entityType: entity.entityType, entityId: entity.id, keys } : null,
    onUpdate,
  );

  return {
    points,
    loadedAt,
    loading: history.loading,
    error: history.error,
    reload: history.reload,
    loaded: history.data !== null,
    status,
  };
}
