// The widgets of a dashboard on a CSS grid of GRID_COLUMNS columns and fixed-height rows. In edit
// mode widgets are moved and resized with the pointer; the others make room (placeWidget).
import { useCallback, useRef, type CSSProperties } from 'react';
import { GRID_COLUMNS, layoutsOf, withLayouts, type DashboardConfiguration, type WidgetLayout } from './config';
import { bottomOf, GRID_GAP, placeWidget, ROW_HEIGHT } from './gridLayout';
import type { Timewindow } from './timewindow';
import { useGridDrag } from './useGridDrag';
import { WidgetFrame } from './WidgetFrame';

interface Props {
  configuration: DashboardConfiguration;
  timewindow: Timewindow;
  /** Edit mode: how to change the configuration and what the widget buttons do. */
  edit?: {
    onChange: (next: DashboardConfiguration) => void;
    onConfigure: (widgetId: string) => void;
    onRemove: (widgetId: string) => void;
  };
}

export function DashboardGrid({ configuration, timewindow, edit }: Props) {
  const grid = useRef<HTMLDivElement>(null);
  const layouts = layoutsOf(configuration);
  const onChange = edit?.onChange;
  const onPlace = useCallback(
    (id: string, layout: WidgetLayout) => onChange?.(withLayouts(configuration, placeWidget(layoutsOf(configuration), id, layout))),
    [configuration, onChange],
  );
  const { preview, handlers, onKeyDown } = useGridDrag(grid, onPlace);
  const shown = preview ? { ...layouts, [preview.id]: preview.layout } : layouts;
  // Room for one more widget below the others while editing, so there is somewhere to drag to.
  const rows = bottomOf(shown) + (edit ? 4 : 0);
  const style: CSSProperties = {
    gridTemplateColumns: `repeat(${GRID_COLUMNS}, minmax(0, 1fr))`,
    gridAutoRows: `${ROW_HEIGHT}px`,
    gap: `${GRID_GAP}px`,
    minHeight: rows * (ROW_HEIGHT + GRID_GAP),
  };

  return (
    <div ref={grid} className={edit ? 'dashboard-grid dashboard-grid-editing' : 'dashboard-grid'} style={style} data-testid="dashboard-grid">
      {Object.values(configuration.widgets).map((widget) => {
        const layout = shown[widget.id];
        if (!layout) return null;
        return (
          <WidgetFrame
            key={widget.id}
            widget={widget}
            layout={layout}
            configuration={configuration}
            timewindow={timewindow}
            editing={
              edit && {
                move: handlers(widget.id, 'move', layouts[widget.id]),
                resize: handlers(widget.id, 'resize', layouts[widget.id]),
                onKeyDown: (e) => onKeyDown(e, widget.id, layouts[widget.id]),
                onConfigure: () => edit.onConfigure(widget.id),
                onRemove: () => edit.onRemove(widget.id),
                dragging: preview?.id === widget.id,
              }
            }
          />
        );
      })}
    </div>
  );
}
