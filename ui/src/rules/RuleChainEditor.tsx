// The rule chain editor (React Flow): the palette, the canvas of nodes and labelled connections,
// the selection panel, and Save, which posts the whole metadata and takes back the server's
// answer (new nodes get their ids). Nothing reaches the server before Save.
import '@xyflow/react/dist/style.css';
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
  type IsValidConnection,
} from '@xyflow/react';
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { RuleChainMetaData, RuleNode } from '../api/types';
import { ErrorAlert } from '../components/Feedback';
import { useSubmit } from '../components/useSubmit';
import {
  edgeId,
  graphOf,
  INPUT_ID,
  metadataOf,
  newNodeKey,
  relationEdge,
  ruleFlowNode,
  type RuleFlowEdge,
  type RuleFlowNode,
} from './chainGraph';
import { ConnectDialog } from './ConnectDialog';
import { NodeDialog } from './NodeDialog';
import { DRAG_MIME, NodePalette } from './NodePalette';
import { nodeTypeDef, type NodeTypeDef } from './nodeTypes';
import { NODE_VIEWS } from './RuleNodeView';
import { SelectionPanel } from './SelectionPanel';

interface Props {
  metadata: RuleChainMetaData;
  save: (metadata: RuleChainMetaData) => Promise<RuleChainMetaData>;
}

type Pending =
  | { kind: 'add'; node: RuleNode; position: { x: number; y: number } }
  | { kind: 'edit'; key: string }
  | { kind: 'relation'; source: string; target: string };

export function RuleChainEditor(props: Props) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}

const snapshot = (base: RuleChainMetaData, nodes: RuleFlowNode[], edges: RuleFlowEdge[]) =>
  JSON.stringify(metadataOf(base, { nodes, edges }));

/** Near `centre`, below any node that is already there, so new nodes do not hide each other. */
function freeSpot(nodes: RuleFlowNode[], centre: { x: number; y: number }) {
  const at = { x: Math.round(centre.x - 90), y: Math.round(centre.y - 25) };
  while (nodes.some((n) => Math.abs(n.position.x - at.x) < 200 && Math.abs(n.position.y - at.y) < 60)) at.y += 70;
  return at;
}

function Editor({ metadata, save }: Props) {
  const initial = useMemo(() => graphOf(metadata), [metadata]);
  const [base, setBase] = useState(metadata);
  const [nodes, setNodes, onNodesChange] = useNodesState<RuleFlowNode>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<RuleFlowEdge>(initial.edges);
  const [saved, setSaved] = useState(() => snapshot(metadata, initial.nodes, initial.edges));
  const [pending, setPending] = useState<Pending | null>(null);
  const { busy, error, run } = useSubmit();
  const flow = useReactFlow<RuleFlowNode, RuleFlowEdge>();
  const canvas = useRef<HTMLDivElement>(null);

  const current = snapshot(base, nodes, edges);
  const dirty = current !== saved;
  const ruleNodeCount = nodes.length - 1;
  const hasFirst = edges.some((e) => e.source === INPUT_ID);

  // Leaving the page (reload, closing the tab) with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const close = () => setPending(null);

  const startAdd = (def: NodeTypeDef, position?: { x: number; y: number }) => {
    let at = position;
    if (!at) {
      const box = canvas.current?.getBoundingClientRect();
      const centre = box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : { x: 400, y: 300 };
      const input = nodes.find((n) => n.id === INPUT_ID);
      // The first node goes right of the Input; later ones in the middle of the view.
      at = freeSpot(nodes, ruleNodeCount === 0 && input ? { x: input.position.x + 330, y: input.position.y + 20 } : flow.screenToFlowPosition(centre));
    }
    const node: RuleNode = {
      type: def.type,
      name: '',
      debugMode: false,
      singletonMode: false,
      configuration: structuredClone(def.configuration),
      additionalInfo: {},
    };
    setPending({ kind: 'add', node, position: at });
  };

  const applyNode = (node: RuleNode) => {
    if (pending?.kind === 'add') {
      const key = newNodeKey();
      setNodes((ns) => [...ns.map((n) => ({ ...n, selected: false })), { ...ruleFlowNode(key, node, pending.position), selected: true }]);
      // The chain's first node: connected to the Input at once (unless it takes no messages).
      if (!hasFirst && !nodeTypeDef(node.type)?.noInput) setEdges((es) => [...es, relationEdge(INPUT_ID, key, [])]);
    } else if (pending?.kind === 'edit') {
      setNodes((ns) => ns.map((n) => (n.id === pending.key && n.type === 'rule' ? { ...n, data: { node } } : n)));
    }
    close();
  };

  const connect = (source: string, target: string) => {
    if (source === target) return;
    if (source === INPUT_ID) {
      // One first node: the Input's edge moves.
      setEdges((es) => [...es.filter((e) => e.source !== INPUT_ID), relationEdge(INPUT_ID, target, [])]);
      return;
    }
    setPending({ kind: 'relation', source, target });
  };

  const applyRelations = (types: string[]) => {
    if (pending?.kind !== 'relation') return;
    const { source, target } = pending;
    setEdges((es) => [...es.filter((e) => e.id !== edgeId(source, target)), relationEdge(source, target, types)]);
    close();
  };

  const isValidConnection: IsValidConnection<RuleFlowEdge> = (c) => c.source !== c.target && c.target !== INPUT_ID;

  const onDrop = (e: DragEvent) => {
    const type = e.dataTransfer.getData(DRAG_MIME);
    const def = type ? nodeTypeDef(type) : undefined;
    if (!def) return;
    e.preventDefault();
    startAdd(def, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  };

  const doSave = () =>
    run(async () => {
      const answer = await save(metadataOf(base, { nodes, edges }));
      const next = graphOf(answer);
      // The Input stays where it was put (it has no stored place).
      const input = nodes.find((n) => n.id === INPUT_ID);
      const nextNodes = next.nodes.map((n) => (n.id === INPUT_ID && input ? { ...n, position: input.position } : n));
      setBase(answer);
      setNodes(nextNodes);
      setEdges(next.edges);
      setSaved(snapshot(answer, nextNodes, next.edges));
    });

  const revert = () => {
    const back = graphOf(base);
    setNodes(back.nodes);
    setEdges(back.edges);
    setSaved(snapshot(base, back.nodes, back.edges));
  };

  const editedNode = pending?.kind === 'edit' ? nodes.find((n) => n.id === pending.key) : undefined;
  const relationSource = pending?.kind === 'relation' ? nodes.find((n) => n.id === pending.source) : undefined;
  const relationTarget = pending?.kind === 'relation' ? nodes.find((n) => n.id === pending.target) : undefined;
  const existingTypes = pending?.kind === 'relation' ? edges.find((e) => e.id === edgeId(pending.source, pending.target))?.data?.types ?? [] : [];

  return (
    <div className="rule-editor-wrap">
      <div className="rule-toolbar">
        <span className={dirty ? 'rule-status rule-status-dirty' : 'rule-status'} role="status">
          {busy ? 'Saving…' : dirty ? 'Unsaved changes' : 'All changes saved'}
        </span>
        {ruleNodeCount > 0 && !hasFirst && <span className="muted small">No node is connected to the Input yet.</span>}
        <div className="toolbar-actions">
          <button type="button" className="btn" onClick={revert} disabled={!dirty || busy}>
            Undo changes
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void doSave()} disabled={!dirty || busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </div>
      <ErrorAlert message={error} />
      <div className="rule-editor">
        <NodePalette onPick={(def) => startAdd(def)} />
        <div className="rule-canvas" ref={canvas} onDragOver={(e) => e.preventDefault()} onDrop={onDrop} aria-label="Rule chain canvas">
          <ReactFlow<RuleFlowNode, RuleFlowEdge>
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_VIEWS}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={(c: Connection) => connect(c.source, c.target)}
            isValidConnection={isValidConnection}
            onNodeDoubleClick={(_, n) => n.type === 'rule' && setPending({ kind: 'edit', key: n.id })}
            onEdgeDoubleClick={(_, e) => e.source !== INPUT_ID && setPending({ kind: 'relation', source: e.source, target: e.target })}
            deleteKeyCode={['Delete', 'Backspace']}
            defaultEdgeOptions={{ markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } }}
            // A new chain's lone Input sits at the left, not zoomed in the middle.
            fitView={initial.nodes.length > 1}
            defaultViewport={{ x: 0, y: 40, zoom: 1 }}
            fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
            minZoom={0.2}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={16} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
        <SelectionPanel
          nodes={nodes}
          edges={edges}
          onEditNode={(key) => setPending({ kind: 'edit', key })}
          onEditEdge={(e) => setPending({ kind: 'relation', source: e.source, target: e.target })}
          onConnect={connect}
          onDelete={(ids) => void flow.deleteElements({ nodes: ids.nodes.map((id) => ({ id })), edges: ids.edges.map((id) => ({ id })) })}
        />
      </div>
      {pending?.kind === 'add' && <NodeDialog node={pending.node} adding onApply={applyNode} onClose={close} />}
      {editedNode?.type === 'rule' && <NodeDialog node={editedNode.data.node} adding={false} onApply={applyNode} onClose={close} />}
      {relationSource?.type === 'rule' && relationTarget?.type === 'rule' && (
        <ConnectDialog source={relationSource.data.node} target={relationTarget.data.node} initial={existingTypes} onApply={applyRelations} onClose={close} />
      )}
    </div>
  );
}
