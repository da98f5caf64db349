// The state every list or details screen keeps for its dialogs: which action is pending (an
// edit, a confirmation, ...) and a counter that, when bumped, loads the data again.
import { useCallback, useState } from 'react';

export interface DialogState<P> {
  pending: P | null;
  open: (pending: P) => void;
  close: () => void;
  /** Closes the dialog and loads the data again: the usual end of a successful action. */
  done: () => void;
  /** Pass to DataTable's refreshKey. */
  refreshKey: number;
  reload: () => void;
}

export function useDialogState<P>(onReload?: () => void): DialogState<P> {
  const [pending, setPending] = useState<P | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const close = useCallback(() => setPending(null), []);
  const reload = useCallback(() => {
    setRefreshKey((k) => k + 1);
    onReload?.();
  }, [onReload]);
  const done = useCallback(() => {
    setPending(null);
    reload();
  }, [reload]);
  return { pending, open: setPending, close, done, refreshKey, reload };
}
