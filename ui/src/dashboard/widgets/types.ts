// What every widget component gets: the entities it shows (resolved from the datasources' aliases)
// with the keys chosen for each, its settings, and the dashboard's time window.
import type { EntityId } from '../../api/types';
import type { Timewindow } from '../timewindow';

export interface WidgetSource {
  entity: EntityId;
  /** The entity's name when the widget was configured (the alias name). */
  name: string;
  keys: string[];
}

export interface WidgetProps {
  title: string;
  sources: WidgetSource[];
  settings: Record<string, unknown>;
  timewindow: Timewindow;
}
