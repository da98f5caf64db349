// Telemetry and attributes of an entity over REST (/api/plugins/telemetry/{type}/{id}/...).
import { api } from './client';
import type { EntityId } from './types';

export type AttributeScope = 'CLIENT_SCOPE' | 'SERVER_SCOPE' | 'SHARED_SCOPE';
export type Aggregation = 'NONE' | 'AVG' | 'MIN' | 'MAX' | 'SUM' | 'COUNT';

/** One time-series point; values are strings on the wire (no useStrictDataTypes). */
export interface TsPoint {
  ts: number;
  value: string;
}

/** key → points, as GET .../values/timeseries answers. */
export type TsData = Record<string, TsPoint[]>;

export interface AttributeKv {
  key: string;
  value: unknown;
  lastUpdateTs: number;
}

export interface HistoryQuery {
  keys: string[];
  startTs: number;
  endTs: number;
  agg: Aggregation;
  /** Bucket width in ms when agg is not NONE. */
  interval: number;
  limit: number;
}

const base = (entity: EntityId) =>
  `/api/plugins/telemetry/${encodeURIComponent(entity.entityType)}/${encodeURIComponent(entity.id)}`;

export const telemetryApi = {
  timeseriesKeys: (entity: EntityId) => api.get<string[]>(`${base(entity)}/keys/timeseries`),
  /** The latest value of every key, or of these keys. */
  latest: (entity: EntityId, keys?: string[]) =>
    api.get<TsData>(`${base(entity)}/values/timeseries`, { query: { keys: keys?.join(',') } }),
  /** Points of a time range, oldest first. */
  history: (entity: EntityId, q: HistoryQuery) =>
    api.get<TsData>(`${base(entity)}/values/timeseries`, {
      query: {
        keys: q.keys.join(','),
        startTs: q.startTs,
        endTs: q.endTs,
        interval: q.agg === 'NONE' ? undefined : q.interval,
        agg: q.agg,
        limit: q.limit,
        orderBy: 'ASC',
      },
    }),
  /** Attributes of every scope with these keys. */
  attributesByKeys: (entity: EntityId, keys: string[]) =>
    api.get<AttributeKv[]>(`${base(entity)}/values/attributes`, { query: { keys: keys.join(',') } }),
  attributes: (entity: EntityId, scope: AttributeScope) =>
    api.get<AttributeKv[]>(`${base(entity)}/values/attributes/${scope}`),
  saveAttributes: (entity: EntityId, scope: AttributeScope, values: Record<string, unknown>) =>
    api.post<void>(`${base(entity)}/attributes/${scope}`, values, { response: 'none' }),
  deleteAttributes: (entity: EntityId, scope: AttributeScope, keys: string[]) =>
    api.delete(`${base(entity)}/${scope}`, { query: { keys: keys.join(',') } }),
};
