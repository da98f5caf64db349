// The dialogs behind the actions on a device or an asset (edit, assign, unassign, delete), shared
// by its list and its details page.
import type { ReactNode } from 'react';
import { AssignCustomerDialog } from '../dialogs/AssignCustomerDialog';
import { ProfiledEntityDialog } from '../dialogs/ProfiledEntityDialog';
import type { AssignableEntity, AssignableKind } from '../kinds/assignable';
import { ConfirmDialog } from './ConfirmDialog';

/** An action the user started; `extra` is the kind's own one (a device's credentials). */
export type AssignableAction<T> =
  | { kind: 'edit'; entity: T | null }
  | { kind: 'assign' | 'unassign' | 'delete' | 'extra'; entity: T };

/** An action a screen adds to the standard ones: its button label and the dialog it opens. */
export interface ExtraAction<T> {
  label: string;
  render: (entity: T, close: () => void) => ReactNode;
}

interface Props<T extends AssignableEntity> {
  kind: AssignableKind<T>;
  action: AssignableAction<T> | null;
  extra?: ExtraAction<T>;
  close: () => void;
  /** After a successful edit, assignment or unassignment. */
  done: () => void;
  onDeleted: () => void;
}

export function AssignableActionDialogs<T extends AssignableEntity>({ kind, action, extra, close, done, onDeleted }: Props<T>) {
  if (!action) return null;
  const { noun, api } = kind;
  const id = action.entity?.id?.id ?? '';
  const name = <strong>{action.entity?.name}</strong>;
  switch (action.kind) {
    case 'edit':
      return <ProfiledEntityDialog form={kind.form} entity={action.entity} onSaved={done} onClose={close} />;
    case 'extra':
      return <>{extra?.render(action.entity, close)}</>;
    case 'assign':
      return <AssignCustomerDialog what={noun} assign={(cid) => api.assign(cid, id)} onSaved={done} onClose={close} />;
    case 'unassign':
      return (
        <ConfirmDialog
          title={`Unassign ${noun}`}
          confirmLabel="Unassign"
          message={<>Unassign {name} from its customer? The customer's users no longer see it.</>}
          onConfirm={() => api.unassign(id)}
          onDone={done}
          onCancel={close}
        />
      );
    case 'delete':
      return (
        <ConfirmDialog
          title={`Delete ${noun}`}
          message={
            <>
              Delete {noun} {name}? {kind.deleteWarning ? `${kind.deleteWarning} ` : ''}This cannot be undone.
            </>
          }
          onConfirm={() => api.remove(id)}
          onDone={onDeleted}
          onCancel={close}
        />
      );
  }
}
