// The palette of the rule chain editor: one row per node type the server runs (docs/rule_nodes.md),
// under the reference's type names, with its default configuration (the reference's), the
// relations it sends messages on and the configuration fields the node form shows. The rows live
// in catalog/, one file per category; a new node type is one more row there. Types missing from
// the table still load, show and save (edited as JSON).
import { ACTION_NODES } from './catalog/action';
import { NODE_TYPE_PREFIX, type NodeCategory, type NodeTypeDef } from './catalog/defs';
import { ENRICHMENT_NODES } from './catalog/enrichment';
import { EXTERNAL_NODES } from './catalog/external';
import { FILTER_NODES } from './catalog/filter';
import { FLOW_NODES } from './catalog/flow';
import { TRANSFORMATION_NODES } from './catalog/transformation';

export { CATEGORY_LABELS, NODE_TYPE_PREFIX } from './catalog/defs';
export type { ConfigField, NodeCategory, NodeTypeDef } from './catalog/defs';

export const NODE_TYPES: NodeTypeDef[] = [
  ...FILTER_NODES,
  ...ENRICHMENT_NODES,
  ...TRANSFORMATION_NODES,
  ...ACTION_NODES,
  ...EXTERNAL_NODES,
  ...FLOW_NODES,
];

/** Offered for every node, whatever it declares. */
export const COMMON_RELATIONS = ['Success', 'Failure', 'True', 'False'];

export function nodeTypeDef(type: string): NodeTypeDef | undefined {
  return NODE_TYPES.find((d) => d.type === type);
}

/** The last part of a type name: TbJsFilterNode. */
export function shortTypeName(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

/** The category of a known type, else guessed from its package (filter., transform., …). */
export function categoryOf(type: string): NodeCategory {
  const known = nodeTypeDef(type);
  if (known) return known.category;
  const pkg = type.startsWith(NODE_TYPE_PREFIX) ? type.slice(NODE_TYPE_PREFIX.length).split('.')[0] : '';
  if (pkg === 'filter') return 'filter';
  if (pkg === 'transform') return 'transformation';
  if (pkg === 'metadata') return 'enrichment';
  if (pkg === 'flow') return 'flow';
  if (['rest', 'mqtt', 'kafka', 'mail', 'sms', 'aws', 'gcp', 'rabbitmq'].includes(pkg)) return 'external';
  return 'action';
}

/** The relations to offer on a connection from a node of `type`: its own, then the common ones. */
export function relationsFor(type: string): string[] {
  return [...new Set([...(nodeTypeDef(type)?.relations ?? []), ...COMMON_RELATIONS])];
}
