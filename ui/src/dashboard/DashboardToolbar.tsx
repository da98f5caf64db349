// The dashboard's header buttons: the time window, and for a manager Edit, or in edit mode
// Add widget, Cancel and Save.
import { describeTimewindow } from './timewindow';
import type { DashboardState } from './useDashboard';

interface Props {
  state: DashboardState;
  manage: boolean;
  onTimewindow: () => void;
  onAddWidget: () => void;
}

export function DashboardToolbar({ state, manage, onTimewindow, onAddWidget }: Props) {
  const { editing, saving, dirty } = state;
  return (
    <>
      <button type="button" className="btn" onClick={onTimewindow} aria-label={`Time window: ${describeTimewindow(state.timewindow)}`}>
        {describeTimewindow(state.timewindow)}
      </button>
      {manage && !editing && (
        <button type="button" className="btn btn-primary" onClick={state.startEdit} disabled={!state.configuration}>
          Edit
        </button>
      )}
      {editing && (
        <>
          <button type="button" className="btn" onClick={onAddWidget} disabled={saving}>
            Add widget
          </button>
          <button type="button" className="btn" onClick={state.cancel} disabled={saving}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void state.save()} disabled={saving || !dirty}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </>
      )}
    </>
  );
}
