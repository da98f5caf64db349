// Words for alarm severities and statuses, shared by the alarms screen, the device tab and the
// dashboard widget.
import type { Alarm, AlarmSearchStatus, AlarmSeverity, AlarmStatus } from '../api/types';

export const SEVERITIES: AlarmSeverity[] = ['CRITICAL', 'MAJOR', 'MINOR', 'WARNING', 'INDETERMINATE'];

export const SEVERITY_LABELS: Record<AlarmSeverity, string> = {
  CRITICAL: 'Critical',
  MAJOR: 'Major',
  MINOR: 'Minor',
  WARNING: 'Warning',
  INDETERMINATE: 'Indeterminate',
};

export const STATUS_LABELS: Record<AlarmStatus, string> = {
  ACTIVE_UNACK: 'Active, unacknowledged',
  ACTIVE_ACK: 'Active, acknowledged',
  CLEARED_UNACK: 'Cleared, unacknowledged',
  CLEARED_ACK: 'Cleared, acknowledged',
};

export const SEARCH_STATUS_OPTIONS: { value: AlarmSearchStatus; label: string }[] = [
  { value: 'ANY', label: 'Any status' },
  { value: 'ACTIVE', label: 'Active' },
  { value: 'CLEARED', label: 'Cleared' },
  { value: 'ACK', label: 'Acknowledged' },
  { value: 'UNACK', label: 'Unacknowledged' },
];

/** The status, from the flags when the server left `status` out. */
export function statusOf(alarm: Alarm): AlarmStatus {
  if (alarm.status) return alarm.status;
  return `${alarm.cleared ? 'CLEARED' : 'ACTIVE'}_${alarm.acknowledged ? 'ACK' : 'UNACK'}`;
}

export const isCleared = (a: Alarm) => statusOf(a).startsWith('CLEARED');
export const isAcknowledged = (a: Alarm) => statusOf(a).endsWith('_ACK');

export function SeverityBadge({ severity }: { severity: AlarmSeverity }) {
  return <span className={`severity severity-${severity.toLowerCase()}`}>{SEVERITY_LABELS[severity] ?? severity}</span>;
}
