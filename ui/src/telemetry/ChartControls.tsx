// What the chart shows: keys, time window (realtime or a fixed range), aggregation and interval.
import type { Aggregation } from '../api/telemetry';
import { InputField } from '../components/InputField';
import { SelectField } from '../components/SelectField';
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
      <SelectField
        id="chart-window"
        label="Time window"
        value={query.window}
        options={WINDOWS.map((w) => ({ value: w.id, label: w.label }))}
        onChange={(window) => onChange({ window })}
      />
      {query.window === 'fixed' && (
        <>
          <InputField
            id="chart-from"
            label="From"
            type="datetime-local"
            value={query.fixedFrom}
            onChange={(fixedFrom) => onChange({ fixedFrom })}
            error={rangeError}
          />
          <InputField id="chart-to" label="To" type="datetime-local" value={query.fixedTo} onChange={(fixedTo) => onChange({ fixedTo })} />
        </>
      )}
      <SelectField
        id="chart-agg"
        label="Aggregation"
        value={query.agg}
        options={AGGREGATIONS.map((a) => ({ value: a.id, label: a.label }))}
        onChange={(agg) => onChange({ agg })}
      />
      {query.agg !== 'NONE' && (
        <SelectField
          id="chart-interval"
          label="Interval"
          value={query.interval}
          options={intervalsFor(span).map((i) => ({ value: i.ms, label: i.label }))}
          onChange={(interval) => onChange({ interval })}
        />
      )}
    </div>
  );
}
