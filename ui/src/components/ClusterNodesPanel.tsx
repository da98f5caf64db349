// The cluster's nodes for the system administrator: readiness, services and the queue partitions
// each consumes, read again every few seconds since they move when a node joins or leaves.
import { useEffect } from 'react';
import { clusterApi } from '../api/endpoints';
import type { ClusterNode } from '../api/types';
import { ErrorAlert, Spinner } from './Feedback';
import { useAsync } from './useAsync';

const REFRESH_MS = 5000;

function ReadyBadge({ ready }: { ready: boolean }) {
  return (
    <span className={`cluster-state ${ready ? 'cluster-ready' : 'cluster-starting'}`}>{ready ? 'Ready' : 'Starting'}</span>
  );
}

function PartitionList({ partitions }: { partitions: ClusterNode['partitions'] }) {
  const queues = Object.entries(partitions).sort(([a], [b]) => a.localeCompare(b));
  if (queues.length === 0) return <span className="muted">None</span>;
  return (
    <>
      {queues.map(([queue, owned]) => (
        <div key={queue}>
          <strong>{queue}</strong>: {owned.length > 0 ? owned.join(', ') : '—'}{' '}
          <span className="muted">({owned.length})</span>
        </div>
      ))}
    </>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function ClusterNodesPanel() {
  const { data, loading, error, reload } = useAsync(clusterApi.nodes, []);

  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  return (
    <section className="panel home-section">
      <div className="table-toolbar">
        <h2>Cluster</h2>
        {data && (
          <span className="muted">
            {plural(data.length, 'node')}, {data.filter((n) => n.ready).length} ready · refreshed every{' '}
            {REFRESH_MS / 1000} s
          </span>
        )}
      </div>
      <ErrorAlert message={error} onRetry={reload} />
      {loading && !data && <Spinner label="Loading the cluster's nodes…" />}
      {data && (
        <table className="data-table data-table-compact" aria-label="Cluster nodes">
          <thead>
            <tr>
              <th>Node</th>
              <th>State</th>
              <th>Services</th>
              <th>Partitions</th>
            </tr>
          </thead>
          <tbody>
            {data.length === 0 && (
              <tr>
                <td colSpan={4} className="empty-cell">
                  No nodes.
                </td>
              </tr>
            )}
            {data.map((node) => (
              <tr key={node.id}>
                <td>
                  <strong>{node.id}</strong>
                  {node.grpcAddress && <div className="muted small">{node.grpcAddress}</div>}
                </td>
                <td>
                  <ReadyBadge ready={node.ready} />
                </td>
                <td>{node.serviceTypes.length > 0 ? node.serviceTypes.join(', ') : '—'}</td>
                <td>
                  <PartitionList partitions={node.partitions} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
