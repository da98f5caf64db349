// A list screen of entities: the page title, then the server-paged table of them (rows keyed by
// id, searched by the title's words) with an optional "Add …" button.
import type { EntityId } from '../api/types';
import { AddButton } from './ActionButton';
import { DataTable, type DataTableProps } from './DataTable';
import { PageHeader } from './PageHeader';

interface Props<T extends { id?: EntityId }>
  extends Omit<DataTableProps<T>, 'label' | 'rowKey' | 'searchPlaceholder' | 'toolbar'> {
  title: string;
  /** The toolbar's add button; absent for read-only users. */
  add?: { label: string; onClick: () => void } | false;
}

export function EntityTablePage<T extends { id?: EntityId }>({ title, add, ...table }: Props<T>) {
  return (
    <>
      <PageHeader title={title} />
      <DataTable
        label={title}
        rowKey={(e) => e.id!.id}
        searchPlaceholder={`Search ${title.toLowerCase()}`}
        toolbar={add && <AddButton label={add.label} onClick={add.onClick} />}
        {...table}
      />
    </>
  );
}
