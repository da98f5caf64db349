// What the one-key widgets (value card, gauge) share: the first entity and key of the widget,
// that key's latest value kept live, and what to show instead while there is none to show.
import type { ReactElement } from 'react';
import { useLatestValues, type LatestValuesState } from '../../telemetry/useLatestValues';
import type { LatestValue } from '../../telemetry/values';
import type { WidgetSource } from './types';
import { WidgetMessage } from './WidgetMessage';

export interface SingleValue {
  source: WidgetSource | undefined;
  key: string | undefined;
  value: LatestValue | undefined;
  latest: LatestValuesState;
  /** Not configured, loading or failed: show this instead of the widget. */
  placeholder: ReactElement | null;
}

export function useSingleValue(sources: WidgetSource[]): SingleValue {
  const source = sources[0];
  const key = source?.keys[0];
  const latest = useLatestValues(source && key ? [{ entity: source.entity, keys: [key] }] : []);
  const value = source && key ? latest.values?.get(source.entity.id)?.get(key) : undefined;
  let placeholder: ReactElement | null = null;
  if (!source || !key) placeholder = <WidgetMessage text="Choose an entity and a key." />;
  else if (!latest.values) placeholder = <WidgetMessage loading={latest.loading} error={latest.error} onRetry={latest.reload} />;
  return { source, key, value, latest, placeholder };
}
