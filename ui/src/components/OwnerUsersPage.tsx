// The users of one tenant or customer (their owner): the owner's title in the header, the users
// table below.
import type { Authority, EntityId, PageData, PageQuery, User } from '../api/types';
import { ErrorAlert } from './Feedback';
import { PageHeader } from './PageHeader';
import { useAsync } from './useAsync';
import { UsersTable } from './UsersTable';

interface Props {
  owner: EntityId<'TENANT' | 'CUSTOMER'>;
  /** The owners' list: its breadcrumb label and route. */
  parent: { label: string; to: string };
  /** Shown after the owner's title: 'users', 'administrators'. */
  what: string;
  tableLabel: string;
  authority: Authority;
  loadOwner: (id: string) => Promise<{ title: string }>;
  fetchPage: (ownerId: string, q: PageQuery) => Promise<PageData<User>>;
}

export function OwnerUsersPage({ owner, parent, what, tableLabel, authority, loadOwner, fetchPage }: Props) {
  const loaded = useAsync(() => loadOwner(owner.id), [owner.id]);
  const title = loaded.data?.title ?? (loaded.loading ? '…' : parent.label.replace(/s$/, ''));
  const ownerIds =
    owner.entityType === 'TENANT'
      ? { tenantId: { entityType: 'TENANT' as const, id: owner.id } }
      : { customerId: { entityType: 'CUSTOMER' as const, id: owner.id } };

  return (
    <>
      <PageHeader title={`${title}: ${what}`} crumbs={[parent, { label: title }]} />
      <ErrorAlert message={loaded.error} onRetry={loaded.reload} />
      <UsersTable
        label={tableLabel}
        authority={authority}
        {...ownerIds}
        fetchPage={(q) => fetchPage(owner.id, q)}
        resetKey={owner.id}
      />
    </>
  );
}
