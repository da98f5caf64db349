// One widget on the grid: its title bar and body. In edit mode the title bar moves the widget
// (pointer or arrow keys), the corner resizes it (pointer or Shift + arrow keys), and the
// buttons configure or remove it.
import { Suspense, type CSSProperties, type KeyboardEvent, type PointerEvent } from 'react';
import { Spinner } from '../components/Feedback';
import { sourcesOf, type DashboardConfiguration, type Widget, type WidgetLayout } from './config';
import type { Timewindow } from './timewindow';
import { WIDGET_COMPONENTS } from './widgetComponents';
import { WidgetErrorBoundary } from './WidgetErrorBoundary';
import { widgetType } from './widgetTypes';

interface DragHandlers {
  onPointerDown: (e: PointerEvent<HTMLElement>) => void;
  onPointerMove: (e: PointerEvent<HTMLElement>) => void;
  onPointerUp: (e: PointerEvent<HTMLElement>) => void;
  onPointerCancel: () => void;
}

export interface WidgetEditing {
  move: DragHandlers;
  resize: DragHandlers;
  onKeyDown: (e: KeyboardEvent<HTMLElement>) => void;
  onConfigure: () => void;
  onRemove: () => void;
  dragging: boolean;
}

interface Props {
  widget: Widget;
  layout: WidgetLayout;
  configuration: DashboardConfiguration;
  timewindow: Timewindow;
  /** Absent in view mode. */
  editing?: WidgetEditing;
}

export function WidgetFrame({ widget, layout, configuration, timewindow, editing }: Props) {
  const title = widget.config?.title || widgetType(widget.typeFullFqn)?.label || 'Widget';
  const Body = WIDGET_COMPONENTS[widget.typeFullFqn];
  const style: CSSProperties = {
    gridColumn: `${layout.col + 1} / span ${layout.sizeX}`,
    gridRow: `${layout.row + 1} / span ${layout.sizeY}`,
  };
  const classes = ['widget', editing ? 'widget-editing' : '', editing?.dragging ? 'widget-dragging' : ''].join(' ');
  return (
    <section className={classes} style={style} aria-label={title} data-widget-id={widget.id} data-layout={`${layout.col},${layout.row},${layout.sizeX},${layout.sizeY}`}>
      <header
        className="widget-header"
        {...(editing
          ? { ...editing.move, onKeyDown: editing.onKeyDown, tabIndex: 0, title: 'Drag to move; arrow keys move, Shift + arrows resize', 'aria-roledescription': 'movable widget' }
          : {})}
      >
        <h3 className="widget-title">{title}</h3>
        {editing && (
          <div className="widget-actions" onPointerDown={(e) => e.stopPropagation()}>
            <button type="button" className="btn btn-small" aria-label={`Configure ${title}`} title="Configure" onClick={editing.onConfigure}>
              Edit
            </button>
            <button type="button" className="btn btn-small btn-danger-outline" aria-label={`Remove ${title}`} title="Remove" onClick={editing.onRemove}>
              ×
            </button>
          </div>
        )}
      </header>
      <div className="widget-body">
        <WidgetErrorBoundary>
          <Suspense fallback={<Spinner />}>
            {Body ? (
              <Body title={title} sources={sourcesOf(configuration, widget)} settings={widget.config?.settings ?? {}} timewindow={timewindow} />
            ) : (
              <p className="muted">This widget type ({widget.typeFullFqn}) is not supported here.</p>
            )}
          </Suspense>
        </WidgetErrorBoundary>
      </div>
      {editing && <div className="widget-resize" aria-hidden="true" {...editing.resize} />}
    </section>
  );
}
