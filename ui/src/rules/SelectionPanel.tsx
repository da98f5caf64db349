// The editor's right-hand panel: what is selected and what can be done to it — every canvas
// gesture (edit, delete, connect, mark the first node) also as a button, for the keyboard.
import { useState } from 'react';
import { ActionButton } from '../components/ActionButton';
import { INPUT_ID, type RuleFlowEdge, type RuleFlowNode } from './chainGraph';
import { nodeTypeDef, shortTypeName } from './nodeTypes';

interface Props {
  nodes: RuleFlowNode[];
  edges: RuleFlowEdge[];
  onEditNode: (key: string) => void;
  onEditEdge: (edge: RuleFlowEdge) => void;
  onConnect: (source: string, target: string) => void;
  onDelete: (ids: { nodes: string[]; edges: string[] }) => void;
}

const nameOf = (nodes: RuleFlowNode[], key: string) => {
  const n = nodes.find((x) => x.id === key);
  return !n ? key : n.type === 'rule' ? n.data.node.name : 'Input';
};

export function SelectionPanel({ nodes, edges, onEditNode, onEditEdge, onConnect, onDelete }: Props) {
  const [target, setTarget] = useState('');
  const selectedNodes = nodes.filter((n) => n.selected);
  const selectedEdges = edges.filter((e) => e.selected);
  const count = selectedNodes.length + selectedEdges.length;

  if (count === 0) {
    return (
      <aside className="rule-side" aria-label="Selection">
        <h3 className="rule-palette-title">Nothing selected</h3>
        <ul className="rule-help muted small">
          <li>Click a node type on the left (or drag it here) to add a node.</li>
          <li>Drag from a node&apos;s right dot to another node&apos;s left dot to connect them.</li>
          <li>Connect the Input to the node messages enter first.</li>
          <li>Double-click a node or a connection to edit it; Delete removes the selection.</li>
        </ul>
      </aside>
    );
  }
  if (count > 1) {
    return (
      <aside className="rule-side" aria-label="Selection">
        <h3 className="rule-palette-title">{count} items selected</h3>
        <ActionButton
          danger
          onClick={() =>
            onDelete({
              nodes: selectedNodes.filter((n) => n.id !== INPUT_ID).map((n) => n.id),
              edges: selectedEdges.map((e) => e.id),
            })
          }
        >
          Delete selected
        </ActionButton>
      </aside>
    );
  }

  if (selectedEdges.length === 1) {
    const edge = selectedEdges[0];
    const fromInput = edge.source === INPUT_ID;
    return (
      <aside className="rule-side" aria-label="Selection">
        <h3 className="rule-palette-title">Connection</h3>
        <p>
          <strong>{nameOf(nodes, edge.source)}</strong> → <strong>{nameOf(nodes, edge.target)}</strong>
        </p>
        <p className="muted">{fromInput ? 'The first node of the chain.' : `Relations: ${(edge.data?.types ?? []).join(', ')}`}</p>
        <div className="row-actions">
          {!fromInput && <ActionButton onClick={() => onEditEdge(edge)}>Edit relations</ActionButton>}
          <ActionButton danger onClick={() => onDelete({ nodes: [], edges: [edge.id] })}>
            Delete connection
          </ActionButton>
        </div>
      </aside>
    );
  }

  const node = selectedNodes[0];
  // Nodes that take no messages (a generator) are no one's target.
  const others = nodes.filter((n) => n.type === 'rule' && n.id !== node.id && !nodeTypeDef(n.data.node.type)?.noInput);
  const outgoing = edges.filter((e) => e.source === node.id);
  if (node.type !== 'rule') {
    return (
      <aside className="rule-side" aria-label="Selection">
        <h3 className="rule-palette-title">Input</h3>
        <p className="muted">Messages enter the chain here and go to the node it is connected to.</p>
        <ConnectControl others={others} target={target} setTarget={setTarget} label="First node" onConnect={(t) => onConnect(INPUT_ID, t)} />
      </aside>
    );
  }
  const ruleNode = node.data.node;
  const def = nodeTypeDef(ruleNode.type);
  const isFirst = edges.some((e) => e.source === INPUT_ID && e.target === node.id);
  return (
    <aside className="rule-side" aria-label="Selection">
      <h3 className="rule-palette-title">{def?.label ?? shortTypeName(ruleNode.type)}</h3>
      <p>
        <strong>{ruleNode.name}</strong>
        {isFirst && <span className="badge">First node</span>}
      </p>
      <p className="muted small rule-type-name">{ruleNode.type}</p>
      <div className="row-actions">
        <ActionButton onClick={() => onEditNode(node.id)}>Edit node</ActionButton>
        <ActionButton danger onClick={() => onDelete({ nodes: [node.id], edges: [] })}>
          Delete node
        </ActionButton>
      </div>
      {!isFirst && !def?.noInput && (
        <p>
          <ActionButton onClick={() => onConnect(INPUT_ID, node.id)}>Make first node</ActionButton>
        </p>
      )}
      {!def?.noOutput && (
        <ConnectControl others={others} target={target} setTarget={setTarget} label="Connect to" onConnect={(t) => onConnect(node.id, t)} />
      )}
      {outgoing.length > 0 && (
        <>
          <h4 className="section-title">Outgoing</h4>
          <ul className="plain-list small">
            {outgoing.map((e) => (
              <li key={e.id}>
                {(e.data?.types ?? []).join(' / ')} → {nameOf(nodes, e.target)}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}

function ConnectControl(props: {
  others: RuleFlowNode[];
  target: string;
  setTarget: (t: string) => void;
  label: string;
  onConnect: (target: string) => void;
}) {
  const { others, target, setTarget, label, onConnect } = props;
  if (others.length === 0) return null;
  const chosen = others.some((n) => n.id === target) ? target : '';
  return (
    <div className="field">
      <label htmlFor="rule-connect-target">{label}</label>
      <div className="input-with-button">
        <select id="rule-connect-target" value={chosen} onChange={(e) => setTarget(e.target.value)}>
          <option value="">Choose a node</option>
          {others.map((n) => (
            <option key={n.id} value={n.id}>
              {n.type === 'rule' ? n.data.node.name : n.id}
            </option>
          ))}
        </select>
        <ActionButton disabled={!chosen} onClick={() => onConnect(chosen)}>
          Connect
        </ActionButton>
      </div>
    </div>
  );
}
