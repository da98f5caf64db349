// What the signed-in user may manage, with a count for each list; for the system administrator,
// the cluster's nodes too.
import { Link } from 'react-router-dom';
import {
  alarmApi,
  assetApi,
  assetProfileApi,
  customerApi,
  dashboardApi,
  deviceApi,
  deviceProfileApi,
  ruleChainApi,
  tenantApi,
} from '../api/endpoints';
import type { PageData, PageQuery } from '../api/types';
import { AUTHORITY_LABELS, displayName, useSession, type Session } from '../auth/AuthContext';
import { ClusterNodesPanel } from '../components/ClusterNodesPanel';
import { PageHeader } from '../components/PageHeader';
import { NAV_ITEMS } from '../components/navigation';
import { useAsync } from '../components/useAsync';

type Counter = (q: PageQuery) => Promise<PageData<unknown>>;

function counterFor(path: string, session: Session): Counter | null {
  const cid = session.customerId;
  const customer = session.authority === 'CUSTOMER_USER';
  switch (path) {
    case '/tenants':
      return tenantApi.list;
    case '/customers':
      return customerApi.list;
    case '/devices':
      return customer ? (cid ? (q) => deviceApi.customerList(cid, q) : null) : deviceApi.tenantList;
    case '/deviceProfiles':
      return deviceProfileApi.list;
    case '/assetProfiles':
      return assetProfileApi.list;
    case '/assets':
      return customer ? (cid ? (q) => assetApi.customerList(cid, q) : null) : assetApi.tenantList;
    case '/dashboards':
      return customer ? (cid ? (q) => dashboardApi.customerList(cid, q) : null) : dashboardApi.tenantList;
    case '/ruleChains':
      return ruleChainApi.list;
    case '/alarms':
      return (q) => alarmApi.list(null, 'ACTIVE', q);
    default:
      return null;
  }
}

function CountBadge({ path, session }: { path: string; session: Session }) {
  const counter = counterFor(path, session);
  const { data, error, loading } = useAsync(
    () => (counter ? counter({ pageSize: 1, page: 0 }) : Promise.resolve(null)),
    [path, session.authority, session.customerId],
  );
  if (!counter) return null;
  if (loading) return <span className="count muted">…</span>;
  if (error) return <span className="count count-error" title={error}>!</span>;
  return <span className="count">{data?.totalElements ?? 0}</span>;
}

export function HomePage() {
  const session = useSession();
  const items = NAV_ITEMS[session.authority];
  return (
    <>
      <PageHeader title={`Welcome, ${displayName(session)}`} />
      <p className="muted">
        Signed in as <strong>{session.claims.sub}</strong> — {AUTHORITY_LABELS[session.authority]}. You may manage:
      </p>
      <div className="card-grid">
        {items.map((item) => (
          <Link key={item.to} to={item.to} className="home-card">
            <div className="home-card-title">
              {item.label}
              <CountBadge path={item.to} session={session} />
            </div>
            <div className="muted">{item.description}</div>
          </Link>
        ))}
      </div>
      {session.authority === 'SYS_ADMIN' && <ClusterNodesPanel />}
    </>
  );
}
