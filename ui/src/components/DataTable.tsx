// A table whose paging, search and sort happen on the server (pageSize, page, textSearch,
// sortProperty, sortOrder), with loading, error and empty states.
import { useEffect, useState, type ReactNode } from 'react';
import type { PageData, PageQuery, SortOrder } from '../api/types';
import { ErrorAlert, Spinner } from './Feedback';
import { useAsync } from './useAsync';

export interface Column<T> {
  key: string;
  header: string;
  /** The server's sortProperty for this column; absent: not sortable. */
  sortProperty?: string;
  render: (row: T) => ReactNode;
  className?: string;
}

export interface DataTableProps<T> {
  columns: Column<T>[];
  fetchPage: (query: PageQuery) => Promise<PageData<T>>;
  rowKey: (row: T) => string;
  /** Change it to load the current page again (after a create, edit or delete). */
  refreshKey?: number;
  /** Change it to start over (another parent entity); resets page and search. */
  resetKey?: string;
  actions?: (row: T) => ReactNode;
  onRowClick?: (row: T) => void;
  toolbar?: ReactNode;
  searchPlaceholder?: string;
  defaultSort?: { property: string; order: SortOrder };
  emptyText?: string;
  label: string;
}

const PAGE_SIZES = [10, 20, 50, 100];

export function DataTable<T>({
  columns,
  fetchPage,
  rowKey,
  refreshKey = 0,
  resetKey = '',
  actions,
  onRowClick,
  toolbar,
  searchPlaceholder = 'Search',
  defaultSort = { property: 'createdTime', order: 'DESC' },
  emptyText = 'Nothing here yet.',
  label,
}: DataTableProps<T>) {
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(10);
  const [searchInput, setSearchInput] = useState('');
  const [textSearch, setTextSearch] = useState('');
  const [sort, setSort] = useState(defaultSort);

  // Debounce typing into the search box; a new search starts at the first page.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      if (searchInput !== textSearch) {
        setTextSearch(searchInput);
        setPage(0);
      }
    }, 300);
    return () => window.clearTimeout(timer);
  }, [searchInput, textSearch]);

  useEffect(() => {
    setPage(0);
    setSearchInput('');
    setTextSearch('');
  }, [resetKey]);

  const { data, loading, error, reload } = useAsync(
    () => fetchPage({ pageSize, page, textSearch, sortProperty: sort.property, sortOrder: sort.order }),
    [pageSize, page, textSearch, sort.property, sort.order, refreshKey, resetKey],
  );

  // A delete can empty the last page: step back to one that exists.
  useEffect(() => {
    if (data && page > 0 && data.data.length === 0 && data.totalPages <= page) {
      setPage(Math.max(0, data.totalPages - 1));
    }
  }, [data, page]);

  const toggleSort = (property: string) => {
    setSort((s) =>
      s.property === property ? { property, order: s.order === 'ASC' ? 'DESC' : 'ASC' } : { property, order: 'ASC' },
    );
    setPage(0);
  };

  const total = data?.totalElements ?? 0;
  const from = total === 0 ? 0 : page * pageSize + 1;
  const to = Math.min(total, page * pageSize + (data?.data.length ?? 0));
  const colCount = columns.length + (actions ? 1 : 0);

  return (
    <div className="table-card">
      <div className="table-toolbar">
        <input
          type="search"
          className="search-input"
          placeholder={searchPlaceholder}
          aria-label={`Search ${label}`}
          value={searchInput}
          onChange={(e) => setSearchInput(e.target.value)}
        />
        <div className="toolbar-actions">
          <button type="button" className="btn" onClick={reload} disabled={loading} title="Reload">
            Refresh
          </button>
          {toolbar}
        </div>
      </div>
      <ErrorAlert message={error} onRetry={reload} />
      <div className="table-scroll">
        <table className="data-table" aria-label={label} aria-busy={loading}>
          <thead>
            <tr>
              {columns.map((c) => {
                const active = c.sortProperty && sort.property === c.sortProperty;
                return (
                  <th
                    key={c.key}
                    className={c.className}
                    aria-sort={active ? (sort.order === 'ASC' ? 'ascending' : 'descending') : undefined}
                  >
                    {c.sortProperty ? (
                      <button type="button" className="sort-button" onClick={() => toggleSort(c.sortProperty!)}>
                        {c.header}
                        <span className="sort-mark" aria-hidden="true">
                          {active ? (sort.order === 'ASC' ? '▲' : '▼') : '↕'}
                        </span>
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
              {actions && <th className="col-actions">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {loading && !data && (
              <tr>
                <td colSpan={colCount}>
                  <Spinner />
                </td>
              </tr>
            )}
            {data && data.data.length === 0 && (
              <tr>
                <td colSpan={colCount} className="empty-cell">
                  {textSearch ? `No results for “${textSearch}”.` : emptyText}
                </td>
              </tr>
            )}
            {data?.data.map((row) => (
              <tr
                key={rowKey(row)}
                className={onRowClick ? 'clickable' : undefined}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
              >
                {columns.map((c) => (
                  <td key={c.key} className={c.className}>
                    {c.render(row)}
                  </td>
                ))}
                {actions && (
                  <td className="col-actions" onClick={(e) => e.stopPropagation()}>
                    <div className="row-actions">{actions(row)}</div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {loading && data && <div className="table-overlay" aria-hidden="true" />}
      </div>
      <div className="table-footer">
        <label className="page-size">
          Rows per page
          <select
            value={pageSize}
            onChange={(e) => {
              setPageSize(Number(e.target.value));
              setPage(0);
            }}
          >
            {PAGE_SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <span className="page-range">
          {from}–{to} of {total}
        </span>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setPage((p) => Math.max(0, p - 1))}
          disabled={page === 0 || loading}
          aria-label="Previous page"
        >
          ‹ Prev
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setPage((p) => p + 1)}
          disabled={!data?.hasNext || loading}
          aria-label="Next page"
        >
          Next ›
        </button>
      </div>
    </div>
  );
}
