// Moving and resizing widgets with the pointer (or the arrow keys): while a drag is on, the
// widget shows where it would land; on release the new layout is handed to `onPlace`.
import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import type { WidgetLayout } from './config';
import { cellDelta, clampLayout } from './gridLayout';

export type DragMode = 'move' | 'resize';

interface Drag {
  id: string;
  mode: DragMode;
  startX: number;
  startY: number;
  start: WidgetLayout;
}

function moved(start: WidgetLayout, mode: DragMode, cols: number, rows: number): WidgetLayout {
  return clampLayout(
    mode === 'move'
      ? { ...start, col: start.col + cols, row: start.row + rows }
      : { ...start, sizeX: start.sizeX + cols, sizeY: start.sizeY + rows },
  );
}

const KEY_STEPS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

export function useGridDrag(grid: RefObject<HTMLElement>, onPlace: (id: string, layout: WidgetLayout) => void) {
  const drag = useRef<Drag | null>(null);
  const [preview, setPreview] = useState<{ id: string; layout: WidgetLayout } | null>(null);

  const onPointerDown = useCallback((e: PointerEvent<HTMLElement>, id: string, mode: DragMode, start: WidgetLayout) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { id, mode, startX: e.clientX, startY: e.clientY, start };
    setPreview({ id, layout: start });
  }, []);

  const onPointerMove = useCallback(
    (e: PointerEvent<HTMLElement>) => {
      const d = drag.current;
      if (!d) return;
      const { cols, rows } = cellDelta(grid.current?.clientWidth ?? 1, e.clientX - d.startX, e.clientY - d.startY);
      setPreview({ id: d.id, layout: moved(d.start, d.mode, cols, rows) });
    },
    [grid],
  );

  const onPointerUp = useCallback(
    (e: PointerEvent<HTMLElement>) => {
      const d = drag.current;
      if (!d) return;
      drag.current = null;
      const { cols, rows } = cellDelta(grid.current?.clientWidth ?? 1, e.clientX - d.startX, e.clientY - d.startY);
      setPreview(null);
      if (cols !== 0 || rows !== 0) onPlace(d.id, moved(d.start, d.mode, cols, rows));
    },
    [grid, onPlace],
  );

  /** Arrow keys move the widget by a cell; with Shift they resize it. */
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLElement>, id: string, start: WidgetLayout) => {
      const step = KEY_STEPS[e.key];
      if (!step || e.target !== e.currentTarget) return;
      e.preventDefault();
      onPlace(id, moved(start, e.shiftKey ? 'resize' : 'move', step[0], step[1]));
    },
    [onPlace],
  );

  const handlers = (id: string, mode: DragMode, layout: WidgetLayout) => ({
    onPointerDown: (e: PointerEvent<HTMLElement>) => onPointerDown(e, id, mode, layout),
    onPointerMove,
    onPointerUp,
    onPointerCancel: () => {
      drag.current = null;
      setPreview(null);
    },
  });

  return { preview, handlers, onKeyDown };
}
