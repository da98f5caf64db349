// TENANT_ADMIN: rule chains; the root chain processes every message not routed elsewhere. A row
// opens the chain in the editor (screens/RuleChainPage).
import { useNavigate } from 'react-router-dom';
import { ruleChainApi } from '../api/endpoints';
import type { RuleChain } from '../api/types';
import { createdColumn, nameColumn } from '../components/columns';
import type { Column } from '../components/DataTable';
import { dash } from '../components/format';
import { NamedEntityListPage } from '../components/NamedEntityListPage';

const descriptionOf = (c: RuleChain) => String(c.additionalInfo?.description ?? '');

const columns: Column<RuleChain>[] = [
  createdColumn(),
  nameColumn('Name', 'name', (c) => c.name, { text: 'Root', shown: (c) => c.root }),
  { key: 'description', header: 'Description', render: (c) => dash(descriptionOf(c)) },
];

export function RuleChainsPage() {
  const navigate = useNavigate();
  return (
    <NamedEntityListPage<RuleChain>
      onRowClick={(c) => navigate(`/ruleChains/${c.id!.id}`)}
      title="Rule chains"
      noun="rule chain"
      columns={columns}
      fetchPage={ruleChainApi.list}
      nameOf={(c) => c.name}
      descriptionOf={descriptionOf}
      save={(chain, name, description) =>
        ruleChainApi.save({
          ...(chain ?? { type: 'CORE', debugMode: false }),
          name,
          additionalInfo: { ...(chain?.additionalInfo ?? {}), description },
        })
      }
      remove={ruleChainApi.remove}
      deleteNote=" and all its rule nodes? This cannot be undone."
      mark={{
        isMarked: (c) => !!c.root,
        label: 'Make root',
        confirmTitle: 'Make root rule chain',
        message: (name) => (
          <>
            Make {name} the root rule chain? Messages of devices whose profile names no chain are processed by it from
            now on.
          </>
        ),
        run: ruleChainApi.setRoot,
        deleteBlocked: 'The root rule chain cannot be deleted',
      }}
    />
  );
}
