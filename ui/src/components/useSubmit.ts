// Runs one action at a time and keeps its busy flag and the server's error message: what every
// form and confirmation does around its call.
import { useCallback, useState } from 'react';
import { errorMessage } from '../api/client';

export interface Submit {
  busy: boolean;
  error: string | null;
  /** Runs the action; on failure keeps its message. Idle again afterwards. Resolves true on success. */
  run: (action: () => Promise<void>) => Promise<boolean>;
}

export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
