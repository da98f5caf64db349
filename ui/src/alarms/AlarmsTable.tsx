// A table of alarms — all the user may see, or one entity's — with status and severity filters,
// paging, acknowledge / clear / delete per row, and a row's details on click.
import { useState } from 'react';
import type { Alarm, AlarmSearchStatus, EntityId } from '../api/types';
import { DataTable, type Column } from '../components/DataTable';
import { EntityName } from '../components/EntityName';
import { formatDateTime } from '../components/format';
import { useDialogState } from '../components/useDialogState';
import { AlarmActionDialog, AlarmButtons, type AlarmAction } from './AlarmDialogs';
import { SEARCH_STATUS_OPTIONS, SEVERITIES, SEVERITY_LABELS, SeverityBadge, STATUS_LABELS, statusOf } from './alarmFormat';
import { fetchAlarms, type AlarmFilter } from './alarmQuery';

interface Props {
  /** One entity's alarms; null: all the user may see. */
  entity: EntityId | null;
  label: string;
}

export function AlarmsTable({ entity, label }: Props) {
  const [filter, setFilter] = useState<AlarmFilter>({ status: 'ACTIVE', severity: 'ANY' });
  const dialogs = useDialogState<AlarmAction>();

  const columns: Column<Alarm>[] = [
    { key: 'createdTime', header: 'Created', className: 'col-date', render: (a) => formatDateTime(a.createdTime) },
    ...(entity ? [] : [{ key: 'originator', header: 'Originator', render: (a: Alarm) => <EntityName entity={a.originator} /> }]),
    { key: 'type', header: 'Type', render: (a) => <strong>{a.type}</strong> },
    { key: 'severity', header: 'Severity', render: (a) => <SeverityBadge severity={a.severity} /> },
    { key: 'status', header: 'Status', render: (a) => STATUS_LABELS[statusOf(a)] },
  ];

  const filters = (
    <>
      <select
        aria-label="Alarm status"
        className="filter-select"
        value={filter.status}
        onChange={(e) => setFilter((f) => ({ ...f, status: e.target.value as AlarmSearchStatus }))}
      >
        {SEARCH_STATUS_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <select
        aria-label="Alarm severity"
        className="filter-select"
        value={filter.severity}
        onChange={(e) => setFilter((f) => ({ ...f, severity: e.target.value as AlarmFilter['severity'] }))}
      >
        <option value="ANY">Any severity</option>
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {SEVERITY_LABELS[s]}
          </option>
        ))}
      </select>
    </>
  );

  return (
    <>
      <DataTable<Alarm>
        label={label}
        columns={columns}
        fetchPage={(q) => fetchAlarms(entity, filter, q)}
        rowKey={(a) => a.id!.id}
        refreshKey={dialogs.refreshKey}
        resetKey={`${entity?.id ?? ''}/${filter.status}/${filter.severity}`}
        searchPlaceholder="Search alarm types"
        toolbar={filters}
        emptyText="No alarms match."
        onRowClick={(alarm) => dialogs.open({ kind: 'details', alarm })}
        actions={(a) => <AlarmButtons alarm={a} open={dialogs.open} />}
      />
      <AlarmActionDialog action={dialogs.pending} done={dialogs.done} close={dialogs.close} />
    </>
  );
}
