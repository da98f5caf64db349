// Time-series line chart of the chosen keys of the chosen entities under the dashboard's time
// window. Each entity's points come from useChartSeries (history, then live points in a realtime
// window) in an invisible child, so that any number of entities can be charted together.
import { useCallback, useEffect, useState } from 'react';
import type { SocketStatus } from '../../api/telemetrySocket';
import { ErrorAlert } from '../../components/Feedback';
import { LiveStatus } from '../../telemetry/LiveStatus';
import { TimeseriesChart, type ChartSeries } from '../../telemetry/TimeseriesChart';
import { useChartSeries, type ChartSeriesState } from '../../telemetry/useChartSeries';
import { useNow } from '../../telemetry/useNow';
import { seriesRequest, timewindowError, type Timewindow } from '../timewindow';
import type { WidgetProps, WidgetSource } from './types';
import { WidgetMessage } from './WidgetMessage';

type SourceState = Pick<ChartSeriesState, 'points' | 'loadedAt' | 'loading' | 'error' | 'reload' | 'loaded' | 'status'>;

function SeriesSource({ source, timewindow, onState }: { source: WidgetSource; timewindow: Timewindow; onState: (id: string, s: SourceState) => void }) {
  const state = useChartSeries(source.entity, seriesRequest(timewindow, source.keys));
  const { points, loadedAt, loading, error, reload, loaded, status } = state;
  useEffect(() => {
    onState(source.entity.id, { points, loadedAt, loading, error, reload, loaded, status });
  }, [onState, source.entity.id, points, loadedAt, loading, error, reload, loaded, status]);
  return null;
}

export default function TimeseriesChartWidget({ title, sources, timewindow }: WidgetProps) {
  const [states, setStates] = useState<Record<string, SourceState>>({});
  const onState = useCallback((id: string, s: SourceState) => setStates((all) => ({ ...all, [id]: s })), []);
  const realtime = timewindow.selectedTab === 0;
  const current = sources.map((s) => states[s.entity.id]).filter((s): s is SourceState => !!s);
  const alignedAt = current.reduce((max, s) => Math.max(max, s.loadedAt), 0);
  const now = useNow(realtime, alignedAt);

  const windowError = timewindowError(timewindow);
  const several = sources.length > 1;
  const series: ChartSeries[] = sources.flatMap((s) =>
    s.keys.map((key) => ({ key: several ? `${s.name} ${key}` : key, points: states[s.entity.id]?.points[key] ?? [] })),
  );
  const error = current.find((s) => s.error);
  const status: SocketStatus = current[0]?.status ?? 'closed';
  const loading = current.length < sources.length || current.some((s) => s.loading && !s.loaded);
  const span = realtime ? timewindow.realtime.timewindowMs : 0;
  const from = realtime ? now - span : timewindow.history.fixedTimewindow.startTimeMs;
  const to = realtime ? now : timewindow.history.fixedTimewindow.endTimeMs;

  return (
    <div className="widget-chart">
      {sources.map((s) => (
        <SeriesSource key={s.entity.id} source={s} timewindow={timewindow} onState={onState} />
      ))}
      {series.length === 0 ? (
        <WidgetMessage text="Choose entities and keys to chart." />
      ) : (
        <>
          <ErrorAlert message={windowError ?? error?.error ?? null} onRetry={error?.reload} />
          <div className="chart-wrap chart-fill" aria-busy={loading} data-points={series.reduce((n, s) => n + s.points.length, 0)}>
            <TimeseriesChart compact series={series} from={from} to={to} label={`${title}: chart of ${series.map((s) => s.key).join(', ')}`} />
          </div>
          {realtime && (
            <div className="widget-foot">
              <LiveStatus status={status} />
            </div>
          )}
        </>
      )}
    </div>
  );
}
