// One dashboard: its widgets on a grid under a shared time window. A tenant administrator edits
// it (add, move, resize, configure, remove widgets; Save posts the configuration); a customer
// user views it. Loaded lazily with the widgets' code.
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useSession } from '../auth/AuthContext';
import { ErrorAlert, InfoAlert, Spinner } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { layoutsOf, removeWidget, withLayouts } from '../dashboard/config';
import { DashboardGrid } from '../dashboard/DashboardGrid';
import { DashboardToolbar } from '../dashboard/DashboardToolbar';
import { compact } from '../dashboard/gridLayout';
import { TimewindowDialog } from '../dashboard/TimewindowDialog';
import { useDashboard } from '../dashboard/useDashboard';
import { WidgetDialog } from '../dashboard/WidgetDialog';
import { applyDraft, draftOf } from '../dashboard/widgetDraft';

type Pending = { kind: 'timewindow' } | { kind: 'widget'; widgetId: string | null };

export default function DashboardPage() {
  const { dashboardId = '' } = useParams();
  const manage = useSession().authority === 'TENANT_ADMIN';
  const state = useDashboard(dashboardId);
  const [pending, setPending] = useState<Pending | null>(null);
  const close = () => setPending(null);
  const { dashboard, configuration, editing } = state;

  if (!dashboard || !configuration) {
    return (
      <>
        <PageHeader title="Dashboard" crumbs={[{ label: 'Dashboards', to: '/dashboards' }]} />
        <ErrorAlert message={state.loadError} onRetry={state.reload} />
        {state.loading && <Spinner label="Loading the dashboard…" />}
      </>
    );
  }

  const editedWidget = pending?.kind === 'widget' && pending.widgetId ? configuration.widgets[pending.widgetId] ?? null : null;
  const empty = Object.keys(configuration.widgets).length === 0;
  return (
    <>
      <PageHeader
        title={dashboard.title}
        crumbs={[{ label: 'Dashboards', to: '/dashboards' }, { label: dashboard.title }]}
        actions={
          <DashboardToolbar
            state={state}
            manage={manage}
            onTimewindow={() => setPending({ kind: 'timewindow' })}
            onAddWidget={() => setPending({ kind: 'widget', widgetId: null })}
          />
        }
      />
      <ErrorAlert message={state.saveError} />
      {editing && <p className="muted small edit-hint">Edit mode: drag a widget by its title bar, resize it from its lower right corner. Changes are kept when you save.</p>}
      {empty && <InfoAlert>{manage ? 'No widgets yet. Choose Edit, then Add widget.' : 'This dashboard has no widgets yet.'}</InfoAlert>}
      <DashboardGrid
        configuration={configuration}
        timewindow={state.timewindow}
        edit={
          editing
            ? {
                onChange: state.change,
                onConfigure: (widgetId) => setPending({ kind: 'widget', widgetId }),
                onRemove: (widgetId) => {
                  const next = removeWidget(configuration, widgetId);
                  state.change(withLayouts(next, compact(layoutsOf(next))));
                },
              }
            : undefined
        }
      />
      {pending?.kind === 'timewindow' && (
        <TimewindowDialog
          initial={state.timewindow}
          onApply={(tw) => {
            state.setTimewindow(tw);
            close();
          }}
          onClose={close}
        />
      )}
      {pending?.kind === 'widget' && (
        <WidgetDialog
          initial={editedWidget ? draftOf(configuration, editedWidget) : null}
          onDone={(draft) => {
            state.change(applyDraft(configuration, editedWidget, draft));
            close();
          }}
          onClose={close}
        />
      )}
    </>
  );
}
