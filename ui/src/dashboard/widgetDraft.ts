// What the widget dialog edits (type, title, entities, keys, settings) and how it becomes a
// widget of the configuration: one datasource per entity through a single-entity alias.
import type { EntityId } from '../api/types';
import { aliasFor, layoutsOf, newId, putWidget, sourcesOf, type DashboardConfiguration, type Datasource, type Widget } from './config';
import { newLayout } from './gridLayout';
import { widgetType } from './widgetTypes';

export interface WidgetDraft {
  fqn: string;
  title: string;
  entities: { entity: EntityId; name: string }[];
  keys: string[];
  settings: Record<string, unknown>;
}

export function draftOf(configuration: DashboardConfiguration, widget: Widget): WidgetDraft {
  const sources = sourcesOf(configuration, widget);
  return {
    fqn: widget.typeFullFqn,
    title: widget.config?.title ?? '',
    entities: sources.map(({ entity, name }) => ({ entity, name })),
    keys: sources[0]?.keys ?? [],
    settings: widget.config?.settings ?? {},
  };
}

/** The configuration with the drafted widget added (existing: null) or changed. */
export function applyDraft(configuration: DashboardConfiguration, existing: Widget | null, draft: WidgetDraft): DashboardConfiguration {
  const def = widgetType(draft.fqn);
  if (!def) throw new Error(`Unknown widget type ${draft.fqn}`);
  let next = configuration;
  const datasources: Datasource[] = [];
  for (const { entity, name } of draft.entities) {
    const [withAlias, entityAliasId] = aliasFor(next, entity, name);
    next = withAlias;
    datasources.push({ type: 'entity', entityAliasId, dataKeys: draft.keys.map((key) => ({ name: key, type: 'timeseries', label: key })) });
  }
  // Settings the form does not edit (set by another tool) are kept.
  const kept = { ...(existing?.config?.settings ?? {}) };
  def.settings.forEach((f) => delete kept[f.name]);
  const widget: Widget = {
    ...existing,
    id: existing?.id ?? newId(),
    typeFullFqn: draft.fqn,
    type: def.family,
    sizeX: existing?.sizeX ?? def.size[0],
    sizeY: existing?.sizeY ?? def.size[1],
    config: { ...existing?.config, title: draft.title.trim(), datasources, settings: { ...kept, ...draft.settings } },
  };
  const layout = existing ? undefined : newLayout(layoutsOf(next), def.size[0], def.size[1]);
  return putWidget(next, widget, layout);
}
