// The relation dialog for a connection from a rule node: it offers the node type's relations, and
// for a rule chain node first the names of the output nodes of the chain it calls (the relations
// the message comes back by), read before the dialog opens.
import { ruleChainApi } from '../api/endpoints';
import type { RuleNode } from '../api/types';
import { useAsync } from '../components/useAsync';
import { NODE_TYPE_PREFIX, relationsFor } from './nodeTypes';
import { RelationDialog } from './RelationDialog';

const RULE_CHAIN_INPUT = `${NODE_TYPE_PREFIX}flow.TbRuleChainInputNode`;
const RULE_CHAIN_OUTPUT = `${NODE_TYPE_PREFIX}flow.TbRuleChainOutputNode`;

interface Props {
  source: RuleNode;
  target: RuleNode;
  initial: string[];
  onApply: (types: string[]) => void;
  onClose: () => void;
}

export function ConnectDialog({ source, target, initial, onApply, onClose }: Props) {
  const called = source.type === RULE_CHAIN_INPUT ? source.configuration?.ruleChainId : undefined;
  const outputs = useAsync(async () => {
    if (typeof called !== 'string' || !called) return [];
    const metadata = await ruleChainApi.metadata(called);
    return metadata.nodes.filter((n) => n.type === RULE_CHAIN_OUTPUT).map((n) => n.name);
  }, [called]);
  // A chain that cannot be read offers what the type has; the names can still be typed.
  if (outputs.loading) return null;
  return (
    <RelationDialog
      title={`Connect ${source.name} → ${target.name}`}
      offered={[...new Set([...(outputs.data ?? []), ...relationsFor(source.type)])]}
      initial={initial}
      onApply={onApply}
      onClose={onClose}
    />
  );
}
