// A rule chain's metadata as the editor's graph and back. Nodes keep every field the server sent
// (ids, debugMode, fields this UI does not know); their place is additionalInfo.layoutX/Y as in
// the reference. The connections between two nodes become one edge labelled with all their
// relation types; the reference's "Input" is a node of its own whose one edge points at
// firstNodeIndex.
import type { Edge, Node } from '@xyflow/react';
import type { NodeConnectionInfo, RuleChainMetaData, RuleNode } from '../api/types';

export const INPUT_ID = 'input';

export interface RuleNodeData extends Record<string, unknown> {
  node: RuleNode;
}

export interface RelationData extends Record<string, unknown> {
  types: string[];
}

export type RuleFlowNode = Node<RuleNodeData, 'rule'> | Node<Record<string, never>, 'chainInput'>;
export type RuleFlowEdge = Edge<RelationData>;

export interface ChainGraph {
  nodes: RuleFlowNode[];
  edges: RuleFlowEdge[];
}

let keyCounter = 0;
/** A key for a node on the canvas (server ids are given only on save). */
export function newNodeKey(): string {
  keyCounter += 1;
  return `node-${Date.now().toString(36)}-${keyCounter}`;
}

export const edgeId = (source: string, target: string) => `${source}->${target}`;

export function relationEdge(source: string, target: string, types: string[]): RuleFlowEdge {
  if (source === INPUT_ID) return { id: edgeId(source, target), source, target, className: 'input-edge', data: { types: [] } };
  return { id: edgeId(source, target), source, target, label: types.join(' / '), data: { types } };
}

export function ruleFlowNode(key: string, node: RuleNode, position: { x: number; y: number }): RuleFlowNode {
  return { id: key, type: 'rule', position, data: { node } };
}

function inputNode(position: { x: number; y: number }): RuleFlowNode {
  return { id: INPUT_ID, type: 'chainInput', position, data: {}, deletable: false };
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

export function graphOf(metadata: RuleChainMetaData): ChainGraph {
  const ruleNodes = metadata.nodes ?? [];
  const keys = ruleNodes.map((n, i) => n.id?.id ?? `index-${i}`);
  const nodes: RuleFlowNode[] = ruleNodes.map((n, i) => {
    const x = n.additionalInfo?.layoutX;
    const y = n.additionalInfo?.layoutY;
    // Nodes without a place (made by another tool) go on a grid.
    const position = finite(x) && finite(y) ? { x, y } : { x: 300 + (i % 4) * 240, y: 80 + Math.floor(i / 4) * 120 };
    return ruleFlowNode(keys[i], n, position);
  });

  const byPair = new Map<string, { source: string; target: string; types: string[] }>();
  for (const c of metadata.connections ?? []) {
    const source = keys[c.fromIndex];
    const target = keys[c.toIndex];
    if (source === undefined || target === undefined) continue;
    const id = edgeId(source, target);
    const pair = byPair.get(id) ?? { source, target, types: [] };
    if (!pair.types.includes(c.type)) pair.types.push(c.type);
    byPair.set(id, pair);
  }
  const edges = [...byPair.values()].map((p) => relationEdge(p.source, p.target, p.types));

  const first = metadata.firstNodeIndex;
  const firstNode = first !== null && first !== undefined && first >= 0 ? nodes[first] : undefined;
  const left = nodes.length ? Math.min(...nodes.map((n) => n.position.x)) : 240;
  nodes.unshift(inputNode({ x: left - 200, y: firstNode?.position.y ?? 150 }));
  if (firstNode) edges.push(relationEdge(INPUT_ID, firstNode.id, []));
  return { nodes, edges };
}

/** The metadata to post: `base` (ruleChainId and fields this UI does not know) with the graph's nodes and connections. */
export function metadataOf(base: RuleChainMetaData, graph: ChainGraph): RuleChainMetaData {
  const ruleNodes = graph.nodes.filter((n): n is Node<RuleNodeData, 'rule'> => n.type === 'rule');
  const index = new Map(ruleNodes.map((n, i) => [n.id, i]));
  const nodes: RuleNode[] = ruleNodes.map((n) => ({
    ...n.data.node,
    additionalInfo: {
      ...(n.data.node.additionalInfo ?? {}),
      layoutX: Math.round(n.position.x),
      layoutY: Math.round(n.position.y),
    },
  }));
  const connections: NodeConnectionInfo[] = [];
  let firstNodeIndex: number | null = null;
  for (const e of graph.edges) {
    const to = index.get(e.target);
    if (to === undefined) continue;
    if (e.source === INPUT_ID) {
      firstNodeIndex = to;
      continue;
    }
    const from = index.get(e.source);
    if (from === undefined) continue;
    for (const type of e.data?.types ?? []) connections.push({ fromIndex: from, toIndex: to, type });
  }
  return { ...base, firstNodeIndex, nodes, connections, ruleChainConnections: base.ruleChainConnections ?? null };
}
