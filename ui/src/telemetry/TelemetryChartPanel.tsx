// A time-series chart of chosen keys of an entity: the controls, and the chart of the points
// useChartSeries keeps (history, then live points in a realtime window, which slides).
// Loaded lazily: ECharts stays out of the main bundle.
import { useEffect, useState } from 'react';
import { telemetryApi } from '../api/telemetry';
import type { EntityId } from '../api/types';
import { ErrorAlert, InfoAlert, Spinner } from '../components/Feedback';
import { useAsync } from '../components/useAsync';
import { ChartControls, type ChartQuery } from './ChartControls';
import { defaultInterval, fromLocalInput, intervalsFor, RAW_LIMIT, toLocalInput, WINDOWS } from './chartSettings';
import { LiveStatus } from './LiveStatus';
import { TimeseriesChart } from './TimeseriesChart';
import { useChartSeries } from './useChartSeries';
import { useNow } from './useNow';

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

function spanOf(q: ChartQuery): number {
  if (q.window !== 'fixed') return WINDOWS.find((w) => w.id === q.window)!.span;
  return fromLocalInput(q.fixedTo) - fromLocalInput(q.fixedFrom);
}

export function TelemetryChartPanel({ entity }: { entity: EntityId }) {
  const available = useAsync(
    () => telemetryApi.timeseriesKeys(entity).then((keys) => [...keys].sort((a, b) => a.localeCompare(b))),
    [entity.entityType, entity.id],
  );
  const [query, setQuery] = useState<ChartQuery>(initialQuery);
  const [keysChosen, setKeysChosen] = useState(false);
  const realtime = query.window !== 'fixed';
  const span = spanOf(query);
  const rangeError = !realtime && !(span > 0) ? 'Choose a start before the end' : null;

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
      const nextSpan = spanOf(next);
      if (nextSpan > 0 && !intervalsFor(nextSpan).some((i) => i.ms === next.interval)) next.interval = defaultInterval(nextSpan);
      return next;
    });
  };

  const data = useChartSeries(entity, {
    keys: query.keys,
    agg: query.agg,
    interval: query.interval,
    realtimeSpan: realtime ? span : null,
    fixedFrom: fromLocalInput(query.fixedFrom),
    fixedTo: fromLocalInput(query.fixedTo),
    ready: query.keys.length > 0 && !rangeError,
  });

  // The realtime window slides.
  const now = useNow(realtime, data.loadedAt);

  if (available.loading && !available.data) return <Spinner />;
  const series = query.keys.map((key) => ({ key, points: data.points[key] ?? [] }));
  const truncated = query.agg === 'NONE' && series.some((s) => s.points.length >= RAW_LIMIT);
  const empty = data.loaded && series.every((s) => s.points.length === 0);
  return (
    <section className="panel">
      <ErrorAlert message={available.error} onRetry={available.reload} />
      {available.data?.length === 0 && (
        <InfoAlert>No time series yet: the chart can show keys once the device has sent telemetry.</InfoAlert>
      )}
      {available.data && available.data.length > 0 && (
        <>
          <div className="table-toolbar">
            <ChartControls query={query} span={span} availableKeys={available.data} onChange={change} rangeError={rangeError} />
            {realtime && <LiveStatus status={data.status} />}
          </div>
          <ErrorAlert message={data.error} onRetry={data.reload} />
          {query.keys.length === 0 && <InfoAlert>Choose one or more keys to chart.</InfoAlert>}
          {truncated && <InfoAlert>Only the first {RAW_LIMIT} points of the window are shown: choose an aggregation.</InfoAlert>}
          {empty && <p className="muted">No values in this time window.</p>}
          {query.keys.length > 0 && (
            <div className="chart-wrap" aria-busy={data.loading} data-points={series.reduce((n, s) => n + s.points.length, 0)}>
              <TimeseriesChart
                series={series}
                from={realtime ? now - span : fromLocalInput(query.fixedFrom)}
                to={realtime ? now : fromLocalInput(query.fixedTo)}
                label={`Chart of ${query.keys.join(', ')}`}
              />
              {data.loading && !data.loaded && <Spinner />}
            </div>
          )}
        </>
      )}
    </section>
  );
}
