// Asks before a destructive action; runs it, shows the server's error if it fails.
import { Dialog } from './Dialog';
import { ErrorAlert } from './Feedback';
import { useSubmit } from './useSubmit';

interface ConfirmDialogProps {
  title: string;
  message: React.ReactNode;
  confirmLabel?: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown>;
  onDone: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({
  title,
  message,
  confirmLabel = 'Delete',
  danger = true,
  onConfirm,
  onDone,
  onCancel,
}: ConfirmDialogProps) {
  const { busy, error, run } = useSubmit();

  const confirm = () =>
    run(async () => {
      await onConfirm();
      onDone();
    });

  return (
    <Dialog
      title={title}
      onClose={onCancel}
      busy={busy}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button
            type="button"
            className={danger ? 'btn btn-danger' : 'btn btn-primary'}
            onClick={confirm}
            disabled={busy}
          >
            {busy ? 'Working…' : confirmLabel}
          </button>
        </>
      }
    >
      <ErrorAlert message={error} />
      <div className="confirm-message">{message}</div>
    </Dialog>
  );
}
