// The dashboard's `configuration` JSON, kept close to ThingsBoard's so that it is recognisable:
//
//   {
//     "description": "…",
//     "widgets": { "<widgetId>": { "id", "typeFullFqn": "system.cards.value_card", "type": "latest",
//                                  "sizeX", "sizeY",
//                                  "config": { "title", "datasources": [Datasource], "settings": {…} } } },
//     "entityAliases": { "<aliasId>": { "id", "alias": "Thermostat",
//                                       "filter": { "type": "singleEntity", "singleEntity": EntityId } } },
//     "states": { "default": { "name", "root": true,
//                              "layouts": { "main": { "widgets": { "<widgetId>": { "col", "row", "sizeX", "sizeY" } },
//                                                     "gridSettings": { "columns": 24 } } } } },
//     "timewindow": Timewindow (see timewindow.ts)
//   }
//
// A Datasource is { "type": "entity", "entityAliasId", "dataKeys": [{ "name", "type": "timeseries", "label" }] }.
// Fields this UI does not know are kept as they are: every edit copies the objects it changes.
import type { EntityId } from '../api/types';
import type { Timewindow } from './timewindow';
import type { WidgetSource } from './widgets/types';

export const GRID_COLUMNS = 24;

export interface DataKey {
  name: string;
  type: 'timeseries' | 'attribute';
  label?: string;
}

export interface Datasource {
  type: 'entity';
  entityAliasId: string;
  dataKeys: DataKey[];
}

export interface EntityAlias {
  id: string;
  alias: string;
  filter: { type: 'singleEntity'; singleEntity: EntityId };
}

export interface WidgetConfig {
  title: string;
  datasources: Datasource[];
  /** What the widget type adds: gauge range, RPC method, … */
  settings: Record<string, unknown>;
}

export interface Widget {
  id: string;
  typeFullFqn: string;
  /** ThingsBoard's widget family: timeseries, latest, rpc or alarm. */
  type: string;
  sizeX: number;
  sizeY: number;
  config: WidgetConfig;
}

export interface WidgetLayout {
  col: number;
  row: number;
  sizeX: number;
  sizeY: number;
}

export type Layouts = Record<string, WidgetLayout>;

export interface DashboardConfiguration {
  description?: string;
  widgets: Record<string, Widget>;
  entityAliases: Record<string, EntityAlias>;
  states: Record<string, unknown> & { default?: DashboardState };
  timewindow?: Timewindow;
  [other: string]: unknown;
}

interface DashboardState {
  name?: string;
  root?: boolean;
  layouts?: { main?: { widgets?: Layouts; gridSettings?: Record<string, unknown> } & Record<string, unknown> } & Record<string, unknown>;
  [other: string]: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Widgets keyed by id whose `id` field says otherwise (or is missing) get the key as id. */
function withIds(widgets: Record<string, Widget>): Record<string, Widget> {
  const entries = Object.entries(widgets).filter(([, w]) => isObject(w));
  if (entries.every(([key, w]) => w.id === key) && entries.length === Object.keys(widgets).length) return widgets;
  return Object.fromEntries(entries.map(([key, w]) => [key, { ...w, id: key }]));
}

/** Whatever the server holds, as a configuration with the parts this UI needs present. */
export function normalize(raw: unknown): DashboardConfiguration {
  const base = isObject(raw) ? raw : {};
  return {
    ...base,
    widgets: isObject(base.widgets) ? withIds(base.widgets as Record<string, Widget>) : {},
    entityAliases: isObject(base.entityAliases) ? (base.entityAliases as Record<string, EntityAlias>) : {},
    states: isObject(base.states) ? (base.states as DashboardConfiguration['states']) : {},
  };
}

/** The main layout of the default state; widgets without a layout are placed below the others. */
export function layoutsOf(config: DashboardConfiguration): Layouts {
  const stored = config.states.default?.layouts?.main?.widgets ?? {};
  const result: Layouts = {};
  let bottom = Object.values(stored).reduce((max, l) => Math.max(max, l.row + l.sizeY), 0);
  for (const widget of Object.values(config.widgets)) {
    const layout = stored[widget.id];
    if (layout) {
      result[widget.id] = { col: layout.col, row: layout.row, sizeX: layout.sizeX, sizeY: layout.sizeY };
    } else {
      const sizeX = widget.sizeX > 0 ? widget.sizeX : 8;
      const sizeY = widget.sizeY > 0 ? widget.sizeY : 4;
      result[widget.id] = { col: 0, row: bottom, sizeX, sizeY };
      bottom += sizeY;
    }
  }
  return result;
}

/** The configuration with the main layout of the default state replaced. */
export function withLayouts(config: DashboardConfiguration, layouts: Layouts): DashboardConfiguration {
  const state: DashboardState = config.states.default ?? { name: 'Default', root: true };
  const main = state.layouts?.main ?? {};
  return {
    ...config,
    states: {
      ...config.states,
      default: {
        ...state,
        layouts: {
          ...state.layouts,
          main: { ...main, widgets: layouts, gridSettings: { ...main.gridSettings, columns: GRID_COLUMNS } },
        },
      },
    },
  };
}

/** Adds or replaces a widget; `layout` places a new one. */
export function putWidget(config: DashboardConfiguration, widget: Widget, layout?: WidgetLayout): DashboardConfiguration {
  const next = { ...config, widgets: { ...config.widgets, [widget.id]: widget } };
  return layout ? withLayouts(next, { ...layoutsOf(config), [widget.id]: layout }) : next;
}

export function removeWidget(config: DashboardConfiguration, id: string): DashboardConfiguration {
  const widgets = { ...config.widgets };
  delete widgets[id];
  const layouts = { ...layoutsOf(config) };
  delete layouts[id];
  return withLayouts({ ...config, widgets }, layouts);
}

/** A random UUID (crypto.randomUUID needs a secure context; this does not). */
export function newId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the single-entity alias of `entity`, adding one when there is none. */
export function aliasFor(config: DashboardConfiguration, entity: EntityId, name: string): [DashboardConfiguration, string] {
  const known = Object.values(config.entityAliases).find(
    (a) => a.filter?.type === 'singleEntity' && a.filter.singleEntity?.id === entity.id,
  );
  if (known) return [config, known.id];
  const id = newId();
  const alias: EntityAlias = { id, alias: name, filter: { type: 'singleEntity', singleEntity: entity } };
  return [{ ...config, entityAliases: { ...config.entityAliases, [id]: alias } }, id];
}

/** What a datasource points at, or null when its alias is missing or not a single entity. */
export function resolveDatasource(config: DashboardConfiguration, ds: Datasource): { entity: EntityId; name: string } | null {
  const alias = config.entityAliases[ds.entityAliasId];
  if (!alias || alias.filter?.type !== 'singleEntity' || !alias.filter.singleEntity) return null;
  return { entity: alias.filter.singleEntity, name: alias.alias };
}

/** The entities a widget shows, with its keys, skipping datasources whose alias is gone. */
export function sourcesOf(configuration: DashboardConfiguration, widget: Widget): WidgetSource[] {
  const sources: WidgetSource[] = [];
  for (const ds of widget.config?.datasources ?? []) {
    const target = resolveDatasource(configuration, ds);
    if (target) sources.push({ ...target, keys: (ds.dataKeys ?? []).map((k) => k.name) });
  }
  return sources;
}
