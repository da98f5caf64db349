// A dashboard as the screen edits it: the version last read from or saved to the server, and,
// in edit mode, a draft of its configuration. Saving posts the whole dashboard object with the
// draft as its configuration, so fields the UI does not know survive.
import { useEffect, useMemo, useState } from 'react';
import { dashboardApi } from '../api/endpoints';
import type { Dashboard } from '../api/types';
import { useAsync } from '../components/useAsync';
import { useSubmit } from '../components/useSubmit';
import { normalize, type DashboardConfiguration } from './config';
import { readTimewindow, type Timewindow } from './timewindow';

export function useDashboard(id: string) {
  const loaded = useAsync(() => dashboardApi.get(id), [id]);
  const [saved, setSaved] = useState<Dashboard | null>(null);
  useEffect(() => setSaved(loaded.data), [loaded.data]);
  const savedConfig = useMemo(() => (saved ? normalize(saved.configuration) : null), [saved]);

  const [draft, setDraft] = useState<DashboardConfiguration | null>(null);
  // In view mode the time window may be changed for a look; that is not saved.
  const [viewTimewindow, setViewTimewindow] = useState<Timewindow | null>(null);
  const submit = useSubmit();
  // Another dashboard: nothing of this one's edits carries over.
  useEffect(() => {
    setSaved(null);
    setDraft(null);
    setViewTimewindow(null);
  }, [id]);
  const editing = draft !== null;
  const dirty = editing && draft !== savedConfig;

  // Leaving the page with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const configuration = draft ?? savedConfig;
  const timewindow = draft ? readTimewindow(draft.timewindow) : viewTimewindow ?? readTimewindow(savedConfig?.timewindow);

  return {
    dashboard: saved,
    loading: loaded.loading,
    loadError: loaded.error,
    reload: loaded.reload,
    configuration,
    timewindow,
    editing,
    dirty,
    saving: submit.busy,
    saveError: submit.error,
    startEdit: () => {
      if (!savedConfig) return;
      setDraft(viewTimewindow ? { ...savedConfig, timewindow: viewTimewindow } : savedConfig);
      setViewTimewindow(null);
    },
    cancel: () => setDraft(null),
    change: (next: DashboardConfiguration) => setDraft(next),
    setTimewindow: (tw: Timewindow) => (draft ? setDraft({ ...draft, timewindow: tw }) : setViewTimewindow(tw)),
    save: () =>
      submit.run(async () => {
        if (!saved || !draft) return;
        const result = await dashboardApi.save({ ...saved, configuration: draft });
        setSaved(result);
        setDraft(null);
      }),
  };
}

export type DashboardState = ReturnType<typeof useDashboard>;
