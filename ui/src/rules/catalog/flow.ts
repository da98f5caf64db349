// Flow nodes: hand the message to another rule chain and back.
import { def, type NodeTypeDef } from './defs';

export const FLOW_NODES: NodeTypeDef[] = [
  def('flow.TbRuleChainInputNode', {
    label: 'Rule chain',
    category: 'flow',
    description: "Goes on in another rule chain; comes back by the relation named as that chain's output node.",
    // The called chain's output node names come on top, typed as custom relations.
    relations: ['Failure'],
    configuration: { ruleChainId: null, forwardMsgToDefaultRuleChain: false },
    fields: [{ key: 'ruleChainId', label: 'Rule chain', kind: 'ruleChain', required: true }],
  }),
  def('flow.TbRuleChainOutputNode', {
    label: 'Output',
    category: 'flow',
    description: 'Ends the message here; the calling chain goes on by the relation named as this node.',
    relations: [],
    noOutput: true,
    configuration: { version: 0 },
    fields: [],
  }),
];
