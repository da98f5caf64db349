// A list of things edited as a name (or title) and a description: device profiles, asset
// profiles, rule chains, dashboards. Managers add, edit and delete; a screen may bring its own
// edit dialog (device profiles) and one more row action (a dashboard's customers); one row may be
// "marked" (the default profile, the root chain) through a confirmed action, and the marked row
// cannot be deleted.
import type { ReactNode } from 'react';
import type { EntityId, PageData, PageQuery, SortOrder } from '../api/types';
import { NameDialog } from '../dialogs/NameDialog';
import { ActionButton } from './ActionButton';
import type { ExtraAction } from './AssignableActionDialogs';
import { ConfirmDialog } from './ConfirmDialog';
import type { Column } from './DataTable';
import { EntityTablePage } from './EntityTablePage';
import { useDialogState } from './useDialogState';

/** "Make default" / "Make root": the one row that plays a special part. */
export interface MarkAction<T> {
  isMarked: (e: T) => boolean;
  label: string;
  confirmTitle: string;
  message: (name: ReactNode) => ReactNode;
  run: (id: string) => Promise<unknown>;
  /** Why the marked row's Delete is disabled. */
  deleteBlocked: string;
}

/** How a row is edited: the name dialog with a save function, or the screen's own dialog. */
type Editing<T> =
  | {
      descriptionOf: (e: T) => string;
      save: (entity: T | null, name: string, description: string) => Promise<T>;
      editor?: never;
    }
  | {
      editor: (entity: T | null, onSaved: () => void, onClose: () => void) => ReactNode;
      descriptionOf?: never;
      save?: never;
    };

type Props<T extends { id?: EntityId }> = BaseProps<T> & Editing<T>;

interface BaseProps<T extends { id?: EntityId }> {
  title: string;
  /** Lower-case singular: 'device profile'. */
  noun: string;
  columns: Column<T>[];
  fetchPage: (q: PageQuery) => Promise<PageData<T>>;
  /** Whether the user may change anything; default true. */
  manage?: boolean;
  emptyText?: string;
  defaultSort?: { property: string; order: SortOrder };
  nameLabel?: string;
  nameOf: (e: T) => string;
  remove: (id: string) => Promise<void>;
  /** What the delete question says after the name; default "? This cannot be undone." */
  deleteNote?: string;
  mark?: MarkAction<T>;
  /** One more row action; the list reloads when its dialog closes. */
  extra?: ExtraAction<T>;
  /** Opens a row (the dashboard screen). */
  onRowClick?: (e: T) => void;
}

type Pending<T> = { kind: 'edit'; entity: T | null } | { kind: 'mark' | 'delete' | 'extra'; entity: T };

export function NamedEntityListPage<T extends { id?: EntityId }>(props: Props<T>) {
  const { title, noun, columns, fetchPage, manage = true, nameLabel, nameOf, mark, extra } = props;
  const dialogs = useDialogState<Pending<T>>();
  const { pending } = dialogs;
  const act = (p: Pending<T>) => () => dialogs.open(p);

  const rowActions = (e: T) => {
    const marked = mark?.isMarked(e) ?? false;
    return (
      <>
        {extra && <ActionButton onClick={act({ kind: 'extra', entity: e })}>{extra.label}</ActionButton>}
        {mark && (
          <ActionButton disabled={marked} onClick={act({ kind: 'mark', entity: e })}>
            {mark.label}
          </ActionButton>
        )}
        <ActionButton onClick={act({ kind: 'edit', entity: e })}>Edit</ActionButton>
        <ActionButton
          danger
          disabled={marked}
          title={marked ? mark?.deleteBlocked : undefined}
          onClick={act({ kind: 'delete', entity: e })}
        >
          Delete
        </ActionButton>
      </>
    );
  };

  return (
    <>
      <EntityTablePage
        title={title}
        columns={columns}
        fetchPage={fetchPage}
        refreshKey={dialogs.refreshKey}
        defaultSort={props.defaultSort}
        onRowClick={props.onRowClick}
        emptyText={props.emptyText}
        add={manage && { label: `Add ${noun}`, onClick: act({ kind: 'edit', entity: null }) }}
        actions={manage ? rowActions : undefined}
      />
      {pending?.kind === 'edit' && props.editor?.(pending.entity, dialogs.done, dialogs.close)}
      {pending?.kind === 'extra' && extra?.render(pending.entity, dialogs.done)}
      {pending?.kind === 'edit' && props.save && (
        <NameDialog
          title={`${pending.entity ? 'Edit' : 'Add'} ${noun}`}
          nameLabel={nameLabel}
          submitLabel={pending.entity ? 'Save' : 'Add'}
          initialName={pending.entity ? nameOf(pending.entity) : ''}
          initialDescription={pending.entity ? props.descriptionOf(pending.entity) : ''}
          save={(name, description) => props.save(pending.entity, name, description)}
          onSaved={dialogs.done}
          onClose={dialogs.close}
        />
      )}
      {pending?.kind === 'mark' && mark && (
        <ConfirmDialog
          title={mark.confirmTitle}
          confirmLabel={mark.label}
          danger={false}
          message={mark.message(<strong>{nameOf(pending.entity)}</strong>)}
          onConfirm={() => mark.run(pending.entity.id!.id)}
          onDone={dialogs.done}
          onCancel={dialogs.close}
        />
      )}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${noun}`}
          message={
            <>
              Delete {noun} <strong>{nameOf(pending.entity)}</strong>
              {props.deleteNote ?? '? This cannot be undone.'}
            </>
          }
          onConfirm={() => props.remove(pending.entity.id!.id)}
          onDone={dialogs.done}
          onCancel={dialogs.close}
        />
      )}
    </>
  );
}
