// The buttons of table rows and page headers: small in rows, regular in headers; "danger" for
// destructive actions.
import type { ReactNode } from 'react';

interface ActionButtonProps {
  onClick: () => void;
  children: ReactNode;
  danger?: boolean;
  primary?: boolean;
  /** Row buttons are small; header buttons are not. */
  small?: boolean;
  disabled?: boolean;
  title?: string;
}

export function ActionButton({ onClick, children, danger, primary, small = true, disabled, title }: ActionButtonProps) {
  const classes = ['btn'];
  if (small) classes.push('btn-small');
  if (primary) classes.push('btn-primary');
  if (danger) classes.push('btn-danger-outline');
  return (
    <button type="button" className={classes.join(' ')} onClick={onClick} disabled={disabled} title={title}>
      {children}
    </button>
  );
}

/** The "Add …" button of a table toolbar. */
export function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <ActionButton primary small={false} onClick={onClick}>
      {label}
    </ActionButton>
  );
}
