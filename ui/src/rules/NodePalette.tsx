// The node types to add, by the reference's categories (each folds under its heading; a search
// shows every match): click one (it lands in the middle of the view) or drag it onto the canvas.
import { useState } from 'react';
import { CATEGORY_LABELS, NODE_TYPES, type NodeCategory, type NodeTypeDef } from './nodeTypes';

export const DRAG_MIME = 'application/x-pacificsoft-rule-node';

export function NodePalette({ onPick }: { onPick: (def: NodeTypeDef) => void }) {
  const [filter, setFilter] = useState('');
  const [folded, setFolded] = useState<ReadonlySet<NodeCategory>>(new Set());
  const words = filter.trim().toLowerCase();
  const shown = NODE_TYPES.filter((d) => !words || `${d.label} ${d.type} ${d.description}`.toLowerCase().includes(words));
  const categories = (Object.keys(CATEGORY_LABELS) as NodeCategory[]).filter((c) => shown.some((d) => d.category === c));
  return (
    <aside className="rule-palette" aria-label="Node types">
      <input type="search" className="search-input" placeholder="Search nodes" aria-label="Search node types" value={filter} onChange={(e) => setFilter(e.target.value)} />
      {categories.map((c) => (
        <section key={c}>
          <h3 className="rule-palette-title">
            <button
              type="button"
              className="rule-palette-toggle"
              aria-expanded={!!words || !folded.has(c)}
              onClick={() =>
                setFolded((f) => {
                  const next = new Set(f);
                  if (!next.delete(c)) next.add(c);
                  return next;
                })
              }
            >
              <span className="rule-palette-chevron" aria-hidden="true" />
              {CATEGORY_LABELS[c]}
            </button>
          </h3>
          {shown
            .filter((d) => d.category === c && (words || !folded.has(c)))
            .map((d) => (
              <button
                key={d.type}
                type="button"
                className={`rule-palette-item rule-node-${c}`}
                title={`${d.description}\n${d.type}`}
                aria-label={`Add ${d.label}`}
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(DRAG_MIME, d.type);
                  e.dataTransfer.effectAllowed = 'move';
                }}
                onClick={() => onPick(d)}
              >
                {d.label}
              </button>
            ))}
        </section>
      ))}
      {categories.length === 0 && <p className="muted small">No node type matches.</p>}
    </aside>
  );
}
