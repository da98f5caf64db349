// How a node looks on the canvas: a box coloured by category with its name and type, messages
// coming in on the left and leaving on the right (a dot only where the type has that way); and
// the chain's Input, which has only an exit.
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { RuleNodeData } from './chainGraph';
import { CATEGORY_LABELS, categoryOf, nodeTypeDef, shortTypeName } from './nodeTypes';

export function RuleNodeView({ data, selected }: NodeProps<Node<RuleNodeData, 'rule'>>) {
  const { node } = data;
  const category = categoryOf(node.type);
  const def = nodeTypeDef(node.type);
  const label = def?.label ?? shortTypeName(node.type);
  return (
    <div
      className={`rule-node rule-node-${category}${selected ? ' rule-node-selected' : ''}`}
      title={node.type}
      data-testid="rule-node"
      data-name={node.name}
    >
      {!def?.noInput && <Handle type="target" position={Position.Left} className="rule-handle" />}
      <div className="rule-node-type">
        {CATEGORY_LABELS[category]} · {label}
      </div>
      <div className="rule-node-name">{node.name}</div>
      {node.debugMode && <span className="rule-node-debug">debug</span>}
      {!def?.noOutput && <Handle type="source" position={Position.Right} className="rule-handle" />}
    </div>
  );
}

export function InputNodeView({ selected }: NodeProps) {
  return (
    <div className={`rule-input${selected ? ' rule-node-selected' : ''}`} title="Messages enter the chain here" data-testid="rule-input">
      <span aria-hidden="true">➜ </span>Input
      <Handle type="source" position={Position.Right} className="rule-handle" />
    </div>
  );
}

export const NODE_VIEWS = { rule: RuleNodeView, chainInput: InputNodeView };
