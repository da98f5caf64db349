// A dialog around a form: validates first, then saves, showing the server's error on failure.
import type { FormEvent, ReactNode } from 'react';
import { Dialog } from './Dialog';
import { ErrorAlert } from './Feedback';
import { useSubmit } from './useSubmit';

interface FormDialogProps<T> {
  title: string;
  submitLabel?: string;
  /** Returns true when the form may be sent (and shows its own field errors otherwise). */
  validate: () => boolean;
  save: () => Promise<T>;
  onSaved: (result: T) => void;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}

export function FormDialog<T>({ title, submitLabel = 'Save', validate, save, onSaved, onClose, children, wide }: FormDialogProps<T>) {
  const { busy, error, run } = useSubmit();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy || !validate()) return;
    void run(async () => onSaved(await save()));
  };

  return (
    <Dialog title={title} onClose={onClose} busy={busy} wide={wide}>
      <form onSubmit={submit} noValidate>
        <ErrorAlert message={error} />
        <fieldset disabled={busy} className="form-fields">
          {children}
        </fieldset>
        <div className="dialog-footer form-footer">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
