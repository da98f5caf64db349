// Alarms table: the newest alarms of the chosen devices (none chosen: all the user may see) with
// the status the settings ask for, read again every few seconds; acknowledge and clear in place.
import { useEffect } from 'react';
import { AlarmActionDialog, AlarmButtons, type AlarmAction } from '../../alarms/AlarmDialogs';
import { SeverityBadge, STATUS_LABELS, statusOf } from '../../alarms/alarmFormat';
import { alarmApi } from '../../api/endpoints';
import type { Alarm, AlarmSearchStatus } from '../../api/types';
import { EntityName } from '../../components/EntityName';
import { formatDateTime } from '../../components/format';
import { useAsync } from '../../components/useAsync';
import { useDialogState } from '../../components/useDialogState';
import type { WidgetProps } from './types';
import { WidgetMessage } from './WidgetMessage';

const REFRESH_MS = 5000;

export default function AlarmsTableWidget({ title, sources, settings }: WidgetProps) {
  const status = (settings.searchStatus as AlarmSearchStatus | undefined) ?? 'ACTIVE';
  const rows = Number(settings.maxRows) || 10;
  const entities = sources.map((s) => s.entity);
  const dialogs = useDialogState<AlarmAction>();
  const alarms = useAsync(async () => {
    const page = { page: 0, pageSize: rows };
    if (entities.length === 0) return (await alarmApi.list(null, status, page)).data;
    const lists = await Promise.all(entities.map((e) => alarmApi.list(e, status, page)));
    return lists
      .flatMap((l) => l.data)
      .sort((a, b) => (b.createdTime ?? 0) - (a.createdTime ?? 0))
      .slice(0, rows);
  }, [entities.map((e) => e.id).join(','), status, rows, dialogs.refreshKey]);

  const { reload } = alarms;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  if (!alarms.data) return <WidgetMessage loading={alarms.loading} error={alarms.error} onRetry={reload} />;
  return (
    <div className="widget-scroll">
      {alarms.error && <WidgetMessage error={alarms.error} onRetry={reload} />}
      <table className="data-table data-table-compact" aria-label={title}>
        <thead>
          <tr>
            <th>Created</th>
            <th>Originator</th>
            <th>Type</th>
            <th>Severity</th>
            <th>Status</th>
            <th className="col-actions">Actions</th>
          </tr>
        </thead>
        <tbody>
          {alarms.data.length === 0 && (
            <tr>
              <td colSpan={6} className="empty-cell">
                No alarms.
              </td>
            </tr>
          )}
          {alarms.data.map((a: Alarm) => (
            <tr key={a.id!.id} className="clickable" onClick={() => dialogs.open({ kind: 'details', alarm: a })}>
              <td className="col-date">{formatDateTime(a.createdTime)}</td>
              <td>
                <EntityName entity={a.originator} />
              </td>
              <td>
                <strong>{a.type}</strong>
              </td>
              <td>
                <SeverityBadge severity={a.severity} />
              </td>
              <td>{STATUS_LABELS[statusOf(a)]}</td>
              <td className="col-actions" onClick={(e) => e.stopPropagation()}>
                <div className="row-actions">
                  <AlarmButtons alarm={a} open={dialogs.open} canDelete={false} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <AlarmActionDialog action={dialogs.pending} done={dialogs.done} close={dialogs.close} />
    </div>
  );
}
