// Columns most tables share.
import type { Column } from './DataTable';
import { formatDateTime } from './format';

export function createdColumn<T extends { createdTime?: number }>(): Column<T> {
  return { key: 'createdTime', header: 'Created', sortProperty: 'createdTime', className: 'col-date', render: (e) => formatDateTime(e.createdTime) };
}

/** The bold name (or title) column, with a badge for the marked row (default profile, root chain). */
export function nameColumn<T>(
  header: string,
  sortProperty: string,
  nameOf: (e: T) => string,
  badge?: { text: string; shown: (e: T) => boolean | undefined },
): Column<T> {
  return {
    key: sortProperty,
    header,
    sortProperty,
    render: (e) => (
      <>
        <strong>{nameOf(e)}</strong>
        {badge?.shown(e) && <span className="badge">{badge.text}</span>}
      </>
    ),
  };
}
