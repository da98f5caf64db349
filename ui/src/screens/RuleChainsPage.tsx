// TENANT_ADMIN: rule chains; the root chain processes every message not routed elsewhere.
// (The chain editor arrives with React Flow in a later part.)
import { useState } from 'react';
import { ruleChainApi } from '../api/endpoints';
import type { RuleChain } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { DataTable, type Column } from '../components/DataTable';
import { dash, formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { NameDialog } from '../dialogs/NameDialog';

const columns: Column<RuleChain>[] = [
  { key: 'createdTime', header: 'Created', sortProperty: 'createdTime', className: 'col-date', render: (c) => formatDateTime(c.createdTime) },
  {
    key: 'name',
    header: 'Name',
    sortProperty: 'name',
    render: (c) => (
      <>
        <strong>{c.name}</strong>
        {c.root && <span className="badge">Root</span>}
      </>
    ),
  },
  { key: 'description', header: 'Description', render: (c) => dash(c.additionalInfo?.description as string | undefined) },
];

type Pending =
  | { kind: 'edit'; chain: RuleChain | null }
  | { kind: 'root'; chain: RuleChain }
  | { kind: 'delete'; chain: RuleChain };

export function RuleChainsPage() {
  const [refresh, setRefresh] = useState(0);
  const [pending, setPending] = useState<Pending | null>(null);
  const done = () => {
    setPending(null);
    setRefresh((r) => r + 1);
  };

  return (
    <>
      <PageHeader title="Rule chains" />
      <DataTable
        label="Rule chains"
        columns={columns}
        fetchPage={ruleChainApi.list}
        rowKey={(c) => c.id!.id}
        refreshKey={refresh}
        searchPlaceholder="Search rule chains"
        toolbar={
          <button type="button" className="btn btn-primary" onClick={() => setPending({ kind: 'edit', chain: null })}>
            Add rule chain
          </button>
        }
        actions={(c) => (
          <>
            <button
              type="button"
              className="btn btn-small"
              disabled={c.root}
              onClick={() => setPending({ kind: 'root', chain: c })}
            >
              Make root
            </button>
            <button type="button" className="btn btn-small" onClick={() => setPending({ kind: 'edit', chain: c })}>
              Edit
            </button>
            <button
              type="button"
              className="btn btn-small btn-danger-outline"
              disabled={c.root}
              title={c.root ? 'The root rule chain cannot be deleted' : undefined}
              onClick={() => setPending({ kind: 'delete', chain: c })}
            >
              Delete
            </button>
          </>
        )}
      />
      {pending?.kind === 'edit' && (
        <NameDialog
          title={pending.chain ? 'Edit rule chain' : 'Add rule chain'}
          submitLabel={pending.chain ? 'Save' : 'Add'}
          initialName={pending.chain?.name}
          initialDescription={String(pending.chain?.additionalInfo?.description ?? '')}
          save={(name, description) =>
            ruleChainApi.save({
              ...(pending.chain ?? { type: 'CORE', debugMode: false }),
              name,
              additionalInfo: { ...(pending.chain?.additionalInfo ?? {}), description },
            })
          }
          onSaved={done}
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === 'root' && (
        <ConfirmDialog
          title="Make root rule chain"
          confirmLabel="Make root"
          danger={false}
          message={
            <>
              Make <strong>{pending.chain.name}</strong> the root rule chain? Messages of devices whose profile names no
              chain are processed by it from now on.
            </>
          }
          onConfirm={() => ruleChainApi.setRoot(pending.chain.id!.id)}
          onDone={done}
          onCancel={() => setPending(null)}
        />
      )}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete rule chain"
          message={
            <>
              Delete rule chain <strong>{pending.chain.name}</strong> and all its rule nodes? This cannot be undone.
            </>
          }
          onConfirm={() => ruleChainApi.remove(pending.chain.id!.id)}
          onDone={done}
          onCancel={() => setPending(null)}
        />
      )}
    </>
  );
}
