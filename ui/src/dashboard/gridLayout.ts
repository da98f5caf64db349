// Placing widgets on the dashboard grid: GRID_COLUMNS columns of equal width, rows of a fixed
// height. A moved or resized widget keeps its place; the widgets it would overlap are pushed down,
// and then every widget floats up as far as it can (no empty rows between widgets).
import { GRID_COLUMNS, type Layouts, type WidgetLayout } from './config';

export const ROW_HEIGHT = 48;
export const GRID_GAP = 10;
export const MIN_SIZE = 2;

/** A layout kept inside the grid and at least MIN_SIZE cells each way. */
export function clampLayout(l: WidgetLayout): WidgetLayout {
  const sizeX = Math.min(GRID_COLUMNS, Math.max(MIN_SIZE, Math.round(l.sizeX)));
  const sizeY = Math.max(MIN_SIZE, Math.round(l.sizeY));
  const col = Math.min(GRID_COLUMNS - sizeX, Math.max(0, Math.round(l.col)));
  const row = Math.max(0, Math.round(l.row));
  return { col, row, sizeX, sizeY };
}

function overlaps(a: WidgetLayout, b: WidgetLayout): boolean {
  return a.col < b.col + b.sizeX && b.col < a.col + a.sizeX && a.row < b.row + b.sizeY && b.row < a.row + a.sizeY;
}

/** The first free row below every widget. */
export function bottomOf(layouts: Layouts): number {
  return Object.values(layouts).reduce((max, l) => Math.max(max, l.row + l.sizeY), 0);
}

/** Every widget moved up as far as it goes (top to bottom), so that no row is left empty. */
export function compact(layouts: Layouts): Layouts {
  const result: Layouts = {};
  const order = Object.keys(layouts).sort((a, b) => layouts[a].row - layouts[b].row || layouts[a].col - layouts[b].col);
  for (const key of order) {
    let current = { ...layouts[key] };
    while (current.row > 0) {
      const up = { ...current, row: current.row - 1 };
      if (Object.values(result).some((placed) => overlaps(placed, up))) break;
      current = up;
    }
    result[key] = current;
  }
  return result;
}

/**
 * `layouts` with `id` at `layout`, pushing down the widgets it overlaps (and those they then
 * overlap), top to bottom so that the pushed ones keep their order; then compacted.
 */
export function placeWidget(layouts: Layouts, id: string, layout: WidgetLayout): Layouts {
  const result: Layouts = { ...layouts, [id]: clampLayout(layout) };
  const settled = [id];
  const others = Object.keys(result)
    .filter((k) => k !== id)
    .sort((a, b) => result[a].row - result[b].row || result[a].col - result[b].col);
  for (const key of others) {
    let current = result[key];
    for (;;) {
      const blocker = settled.map((s) => result[s]).find((s) => overlaps(s, current));
      if (!blocker) break;
      current = { ...current, row: blocker.row + blocker.sizeY };
    }
    result[key] = current;
    settled.push(key);
  }
  return compact(result);
}

/** Where a new widget of this size goes: at the left, below everything. */
export function newLayout(layouts: Layouts, sizeX: number, sizeY: number): WidgetLayout {
  return clampLayout({ col: 0, row: bottomOf(layouts), sizeX, sizeY });
}

/** How many cells a pointer movement of dx, dy pixels is on a grid this many pixels wide. */
export function cellDelta(gridWidth: number, dx: number, dy: number): { cols: number; rows: number } {
  const colStep = (gridWidth + GRID_GAP) / GRID_COLUMNS;
  return { cols: Math.round(dx / colStep), rows: Math.round(dy / (ROW_HEIGHT + GRID_GAP)) };
}
