// Alarm lists with the filters of the alarms screen. The server filters by status
// (searchStatus) and pages; it has no severity filter or text search on alarms (the reference's
// v1 API neither), so with a severity or a search the matching alarms are read whole, newest
// first as the server sorts them, and filtered and paged here.
import { alarmApi } from '../api/endpoints';
import type { Alarm, AlarmSearchStatus, AlarmSeverity, EntityId, PageData, PageQuery } from '../api/types';

export interface AlarmFilter {
  status: AlarmSearchStatus;
  severity: AlarmSeverity | 'ANY';
}

const BATCH = 500;
/** Enough for any screen of alarms; more than that asks for a narrower filter. */
const MAX_SCANNED = 10000;

async function allAlarms(entity: EntityId | null, status: AlarmSearchStatus): Promise<Alarm[]> {
  const all: Alarm[] = [];
  for (let page = 0; all.length < MAX_SCANNED; page += 1) {
    const batch = await alarmApi.list(entity, status, { page, pageSize: BATCH });
    all.push(...batch.data);
    if (!batch.hasNext || batch.data.length === 0) break;
  }
  return all;
}

export async function fetchAlarms(entity: EntityId | null, filter: AlarmFilter, q: PageQuery): Promise<PageData<Alarm>> {
  const text = q.textSearch?.trim().toLowerCase() ?? '';
  if (filter.severity === 'ANY' && !text) {
    return alarmApi.list(entity, filter.status, { page: q.page, pageSize: q.pageSize });
  }
  const matching = (await allAlarms(entity, filter.status)).filter(
    (a) => (filter.severity === 'ANY' || a.severity === filter.severity) && (!text || a.type.toLowerCase().includes(text)),
  );
  const start = q.page * q.pageSize;
  return {
    data: matching.slice(start, start + q.pageSize),
    totalElements: matching.length,
    totalPages: Math.ceil(matching.length / q.pageSize),
    hasNext: start + q.pageSize < matching.length,
  };
}
