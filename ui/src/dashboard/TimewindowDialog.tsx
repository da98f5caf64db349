// Changes the dashboard's time window: realtime "last N minutes" or a fixed range, with an
// aggregation and its interval. Checked before it applies.
import { useState } from 'react';
import type { Aggregation } from '../api/telemetry';
import { FormDialog } from '../components/FormDialog';
import { InputField } from '../components/InputField';
import { SelectField } from '../components/SelectField';
import { AGGREGATIONS, fromLocalInput, intervalsFor, toLocalInput } from '../telemetry/chartSettings';
import { fitInterval, intervalOf, spanOf, timewindowError, type Timewindow } from './timewindow';

const MINUTE = 60_000;

interface Props {
  initial: Timewindow;
  onApply: (tw: Timewindow) => void;
  onClose: () => void;
}

export function TimewindowDialog({ initial, onApply, onClose }: Props) {
  const [realtime, setRealtime] = useState(initial.selectedTab === 0);
  const [minutes, setMinutes] = useState(String(Math.round(initial.realtime.timewindowMs / MINUTE)));
  const [from, setFrom] = useState(toLocalInput(initial.history.fixedTimewindow.startTimeMs));
  const [to, setTo] = useState(toLocalInput(initial.history.fixedTimewindow.endTimeMs));
  const [agg, setAgg] = useState<Aggregation>(initial.aggregation.type);
  const [interval, setInterval] = useState(intervalOf(initial));
  const [errors, setErrors] = useState<{ minutes?: string | null; range?: string | null }>({});

  const n = Number(minutes);
  const minutesError = Number.isInteger(n) && n >= 1 && n <= 7 * 24 * 60 ? null : 'Enter whole minutes between 1 and 10080 (a week)';
  const build = (): Timewindow => ({
    ...initial,
    selectedTab: realtime ? 0 : 1,
    realtime: { timewindowMs: (minutesError ? 5 : n) * MINUTE, interval },
    history: { ...initial.history, fixedTimewindow: { startTimeMs: fromLocalInput(from), endTimeMs: fromLocalInput(to) }, interval },
    aggregation: { ...initial.aggregation, type: agg },
  });
  // An interval that no longer fits the window moves to one that does.
  const candidate = fitInterval(build());
  const span = spanOf(candidate);

  const validate = () => {
    const found = {
      minutes: realtime ? minutesError : null,
      range: !realtime && !(span > 0) ? 'Choose a start before the end' : null,
    };
    setErrors(found);
    return !found.minutes && !found.range && timewindowError(candidate) === null;
  };

  return (
    <FormDialog<Timewindow>
      title="Time window"
      submitLabel="Apply"
      validate={validate}
      save={async () => candidate}
      onSaved={onApply}
      onClose={onClose}
    >
      <div className="segmented" role="group" aria-label="Kind of time window">
        {[true, false].map((r) => (
          <button key={String(r)} type="button" className={r === realtime ? 'seg seg-active' : 'seg'} aria-pressed={r === realtime} onClick={() => setRealtime(r)}>
            {r ? 'Realtime' : 'Fixed range'}
          </button>
        ))}
      </div>
      <div className="form-gap" />
      {realtime ? (
        <InputField id="tw-minutes" label="Last (minutes)" value={minutes} onChange={setMinutes} inputMode="numeric" error={errors.minutes} required />
      ) : (
        <div className="field-row">
          <InputField id="tw-from" label="From" type="datetime-local" value={from} onChange={setFrom} error={errors.range} />
          <InputField id="tw-to" label="To" type="datetime-local" value={to} onChange={setTo} />
        </div>
      )}
      <div className="field-row">
        <SelectField id="tw-agg" label="Aggregation" value={agg} options={AGGREGATIONS.map((a) => ({ value: a.id, label: a.label }))} onChange={setAgg} />
        {agg !== 'NONE' && span > 0 && (
          <SelectField
            id="tw-interval"
            label="Interval"
            value={intervalOf(candidate)}
            options={intervalsFor(span).map((i) => ({ value: i.ms, label: i.label }))}
            onChange={setInterval}
          />
        )}
      </div>
    </FormDialog>
  );
}
