// What the chart shows: keys, time window (realtime or a fixed range), aggregation and interval.
import type { Aggregation } from '../api/telemetry';
import { Field } from '../components/Field';
import { AGGREGATIONS, intervalsFor, WINDOWS, type WindowId } from './chartSettings';

export interface ChartQuery {
  keys: string[];
  window: WindowId;
  /** datetime-local values of a fixed range. */
  fixedFrom: string;
  fixedTo: string;
  agg: Aggregation;
  interval: number;
}

interface Props {
  query: ChartQuery;
  /** The span of the chosen window in ms (for the intervals that fit). */
  span: number;
  availableKeys: string[];
  onChange: (change: Partial<ChartQuery>) => void;
  rangeError: string | null;
}

export function ChartControls({ query, span, availableKeys, onChange, rangeError }: Props) {
  const toggleKey = (key: string) =>
    onChange({ keys: query.keys.includes(key) ? query.keys.filter((k) => k !== key) : [...query.keys, key] });

  return (
    <div className="chart-controls">
      <fieldset className="chart-keys">
        <legend>Keys</legend>
        {availableKeys.map((key) => (
          <label key={key} className="check">
            <input type="checkbox" checked={query.keys.includes(key)} onChange={() => toggleKey(key)} />
            {key}
          </label>
        ))}
      </fieldset>
      <Field label="Time window" htmlFor="chart-window">
        <select id="chart-window" value={query.window} onChange={(e) => onChange({ window: e.target.value as WindowId })}>
          {WINDOWS.map((w) => (
            <option key={w.id} value={w.id}>
              {w.label}
            </option>
          ))}
        </select>
      </Field>
      {query.window === 'fixed' && (
        <>
          <Field label="From" htmlFor="chart-from" error={rangeError}>
            <input id="chart-from" type="datetime-local" value={query.fixedFrom} onChange={(e) => onChange({ fixedFrom: e.target.value })} />
          </Field>
          <Field label="To" htmlFor="chart-to">
            <input id="chart-to" type="datetime-local" value={query.fixedTo} onChange={(e) => onChange({ fixedTo: e.target.value })} />
          </Field>
        </>
      )}
      <Field label="Aggregation" htmlFor="chart-agg">
        <select id="chart-agg" value={query.agg} onChange={(e) => onChange({ agg: e.target.value as Aggregation })}>
          {AGGREGATIONS.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
      </Field>
      {query.agg !== 'NONE' && (
        <Field label="Interval" htmlFor="chart-interval">
          <select id="chart-interval" value={query.interval} onChange={(e) => onChange({ interval: Number(e.target.value) })}>
            {intervalsFor(span).map((i) => (
              <option key={i.ms} value={i.ms}>
                {i.label}
              </option>
            ))}
          </select>
        </Field>
      )}
    </div>
  );
}
