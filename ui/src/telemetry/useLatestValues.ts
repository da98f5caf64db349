// The latest time-series values of some keys (or all keys) of some entities, live: read over REST,
// then kept current by a TIMESERIES subscription per entity. Used by the device's latest
// telemetry tab and by the dashboard widgets that show current values.
import { useCallback, useEffect, useState } from 'react';
import { telemetryApi } from '../api/telemetry';
import type { SocketStatus, SubscriptionCmd, SubscriptionUpdate } from '../api/telemetrySocket';
import type { EntityId } from '../api/types';
import { useAsync } from '../components/useAsync';
import { useSubscriptions } from './useSubscription';
import { keepNewer, latestFromRest, mergeUpdate, type LatestValue } from './values';

export interface LatestSource {
  entity: EntityId;
  /** Absent: every key of the entity. */
  keys?: string[];
}

/** entity id → key → newest value. */
export type LatestByEntity = Map<string, Map<string, LatestValue>>;

export interface LatestValuesState {
  /** Null until the first REST answer. */
  values: LatestByEntity | null;
  loading: boolean;
  error: string | null;
  /** The server refused a subscription. */
  pushError: string | null;
  reload: () => void;
  status: SocketStatus;
}

export function useLatestValues(sources: LatestSource[]): LatestValuesState {
  const sourcesKey = JSON.stringify(sources);
  const loaded = useAsync(async () => {
    const list = JSON.parse(sourcesKey) as LatestSource[];
    const answers = await Promise.all(list.map((s) => telemetryApi.latest(s.entity, s.keys)));
    return list.map((s, i) => [s.entity.id, latestFromRest(answers[i])] as const);
  }, [sourcesKey]);

  const [values, setValues] = useState<LatestByEntity | null>(null);
  const [pushError, setPushError] = useState<string | null>(null);

  // A (re)load replaces what we have, keeping pushed values that are newer.
  useEffect(() => {
    if (!loaded.data) return;
    const fromRest = loaded.data;
    setValues((current) => new Map(fromRest.map(([id, rest]) => [id, keepNewer(rest, current?.get(id))])));
  }, [loaded.data]);

  const cmds: SubscriptionCmd[] = sources.map((s) => ({
    type: 'TIMESERIES',
    entityType: s.entity.entityType,
    entityId: s.entity.id,
    ...(s.keys ? { keys: s.keys } : {}),
  }));
  const onUpdate = useCallback(
    (update: SubscriptionUpdate, index: number) => {
      if (update.errorCode !== 0) {
        setPushError(update.errorMsg || `Live updates failed (error ${update.errorCode})`);
        return;
      }
      setPushError(null);
      const id = (JSON.parse(sourcesKey) as LatestSource[])[index]?.entity.id;
      if (!id) return;
      setValues((current) => {
        const next: LatestByEntity = new Map(current ?? []);
        next.set(id, mergeUpdate(next.get(id) ?? new Map(), update));
        return next;
      });
    },
    [sourcesKey],
  );
  const status = useSubscriptions(cmds, onUpdate);

  return { values, loading: loaded.loading, error: loaded.error, pushError, reload: loaded.reload, status };
}
