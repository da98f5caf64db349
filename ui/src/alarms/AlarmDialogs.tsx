// What can be done to an alarm — acknowledge, clear, delete (each asked first) and a look at its
// details (a click on its row) — as one pending action and its dialog, shared by the alarms tables
// and the widget.
import { alarmApi } from '../api/endpoints';
import type { Alarm } from '../api/types';
import { ActionButton } from '../components/ActionButton';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Dialog } from '../components/Dialog';
import { EntityName } from '../components/EntityName';
import { formatDateTime } from '../components/format';
import { prettyJson } from '../components/json';
import { isAcknowledged, isCleared, SeverityBadge, STATUS_LABELS, statusOf } from './alarmFormat';

export type AlarmAction = { kind: 'ack' | 'clear' | 'delete' | 'details'; alarm: Alarm };

export function AlarmButtons({ alarm, open, canDelete = true }: { alarm: Alarm; open: (a: AlarmAction) => void; canDelete?: boolean }) {
  return (
    <>
      <ActionButton disabled={isAcknowledged(alarm)} onClick={() => open({ kind: 'ack', alarm })}>
        Acknowledge
      </ActionButton>
      <ActionButton disabled={isCleared(alarm)} onClick={() => open({ kind: 'clear', alarm })}>
        Clear
      </ActionButton>
      {canDelete && (
        <ActionButton danger onClick={() => open({ kind: 'delete', alarm })}>
          Delete
        </ActionButton>
      )}
    </>
  );
}

const VERBS = {
  ack: { title: 'Acknowledge alarm', label: 'Acknowledge', run: alarmApi.ack },
  clear: { title: 'Clear alarm', label: 'Clear', run: alarmApi.clear },
  delete: { title: 'Delete alarm', label: 'Delete', run: alarmApi.remove },
};

export function AlarmActionDialog({ action, done, close }: { action: AlarmAction | null; done: () => void; close: () => void }) {
  if (!action) return null;
  const { alarm } = action;
  if (action.kind === 'details') return <AlarmDetailsDialog alarm={alarm} onClose={close} />;
  const verb = VERBS[action.kind];
  return (
    <ConfirmDialog
      title={verb.title}
      confirmLabel={verb.label}
      danger={action.kind === 'delete'}
      message={
        <>
          {verb.label} the alarm <strong>{alarm.type}</strong> of <EntityName entity={alarm.originator} link={false} />?
          {action.kind === 'delete' && ' This cannot be undone.'}
        </>
      }
      onConfirm={() => verb.run(alarm.id!.id)}
      onDone={done}
      onCancel={close}
    />
  );
}

function AlarmDetailsDialog({ alarm, onClose }: { alarm: Alarm; onClose: () => void }) {
  const details = alarm.details && typeof alarm.details === 'object' && Object.keys(alarm.details).length ? alarm.details : null;
  return (
    <Dialog
      title={`Alarm ${alarm.type}`}
      onClose={onClose}
      wide
      footer={
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      }
    >
      <dl className="details-list">
        <dt>Originator</dt>
        <dd>
          <EntityName entity={alarm.originator} />
        </dd>
        <dt>Severity</dt>
        <dd>
          <SeverityBadge severity={alarm.severity} />
        </dd>
        <dt>Status</dt>
        <dd>{STATUS_LABELS[statusOf(alarm)]}</dd>
        <dt>Started</dt>
        <dd>{formatDateTime(alarm.startTs ?? alarm.createdTime)}</dd>
        <dt>Last raised</dt>
        <dd>{formatDateTime(alarm.endTs)}</dd>
        <dt>Acknowledged</dt>
        <dd>{formatDateTime(alarm.ackTs)}</dd>
        <dt>Cleared</dt>
        <dd>{formatDateTime(alarm.clearTs)}</dd>
      </dl>
      <h3 className="section-title">Details</h3>
      {details ? <pre className="code-block">{prettyJson(details)}</pre> : <p className="muted">No details.</p>}
    </Dialog>
  );
}
