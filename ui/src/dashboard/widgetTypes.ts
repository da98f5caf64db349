// The widget types a dashboard may hold: what each shows, its default size, what it needs chosen
// (entities, keys) and its settings, described as form fields so that one form edits them all.
import { SEARCH_STATUS_OPTIONS } from '../alarms/alarmFormat';
import { parseJson } from '../components/json';

export type SettingKind = 'text' | 'number' | 'json' | 'select';

export interface SettingField {
  name: string;
  label: string;
  kind: SettingKind;
  required?: boolean;
  options?: { value: string; label: string }[];
  hint?: string;
  /** The form's initial text. */
  initial: string;
}

export interface WidgetTypeDef {
  fqn: string;
  label: string;
  /** ThingsBoard's widget family. */
  family: 'timeseries' | 'latest' | 'rpc' | 'alarm';
  size: [number, number];
  entities: 'one' | 'many';
  /** None chosen is allowed and means all the user's entities (the alarms table). */
  entitiesOptional?: boolean;
  keys: 'one' | 'many' | 'none';
  settings: SettingField[];
  /** A check across settings (already parsed), or null when they fit together. */
  check?: (settings: Record<string, unknown>) => string | null;
}

const units: SettingField = { name: 'units', label: 'Units', kind: 'text', initial: '', hint: 'Shown after the value, e.g. °C' };
const decimals: SettingField = { name: 'decimals', label: 'Decimals', kind: 'number', initial: '', hint: 'Empty: as received' };

export const WIDGET_TYPES: WidgetTypeDef[] = [
  {
    fqn: 'system.charts.timeseries_line',
    label: 'Time-series line chart',
    family: 'timeseries',
    size: [12, 6],
    entities: 'many',
    keys: 'many',
    settings: [],
  },
  {
    fqn: 'system.cards.value_card',
    label: 'Latest value card',
    family: 'latest',
    size: [6, 3],
    entities: 'one',
    keys: 'one',
    settings: [units, decimals],
  },
  {
    fqn: 'system.gauges.radial_gauge',
    label: 'Gauge',
    family: 'latest',
    size: [6, 5],
    entities: 'one',
    keys: 'one',
    settings: [
      { name: 'minValue', label: 'Minimum', kind: 'number', required: true, initial: '0' },
      { name: 'maxValue', label: 'Maximum', kind: 'number', required: true, initial: '100' },
      units,
    ],
    check: (s) => ((s.minValue as number) < (s.maxValue as number) ? null : 'The minimum must be below the maximum'),
  },
  {
    fqn: 'system.cards.entities_table',
    label: 'Entities table',
    family: 'latest',
    size: [12, 5],
    entities: 'many',
    keys: 'many',
    settings: [],
  },
  {
    fqn: 'system.maps.entities_map',
    label: 'Map',
    family: 'latest',
    size: [12, 7],
    entities: 'many',
    keys: 'none',
    settings: [
      { name: 'latitudeKey', label: 'Latitude key', kind: 'text', required: true, initial: 'latitude' },
      { name: 'longitudeKey', label: 'Longitude key', kind: 'text', required: true, initial: 'longitude' },
    ],
  },
  {
    fqn: 'system.control_widgets.rpc_button',
    label: 'RPC button / switch',
    family: 'rpc',
    size: [6, 3],
    entities: 'one',
    keys: 'none',
    settings: [
      {
        name: 'control',
        label: 'Control',
        kind: 'select',
        initial: 'button',
        options: [
          { value: 'button', label: 'Button (sends the parameters)' },
          { value: 'switch', label: 'Switch (sends true / false)' },
        ],
      },
      { name: 'method', label: 'Method', kind: 'text', required: true, initial: 'setValue' },
      { name: 'params', label: 'Parameters (JSON)', kind: 'json', initial: '{}', hint: 'Sent by the button; the switch sends its state' },
      {
        name: 'rpcType',
        label: 'Call',
        kind: 'select',
        initial: 'oneway',
        options: [
          { value: 'oneway', label: 'One-way (no reply)' },
          { value: 'twoway', label: 'Two-way (waits for the reply)' },
        ],
      },
      { name: 'requestTimeout', label: 'Timeout (ms)', kind: 'number', required: true, initial: '5000' },
    ],
  },
  {
    fqn: 'system.alarm_widgets.alarms_table',
    label: 'Alarms table',
    family: 'alarm',
    size: [24, 6],
    entities: 'many',
    entitiesOptional: true,
    keys: 'none',
    settings: [
      { name: 'searchStatus', label: 'Alarms shown', kind: 'select', initial: 'ACTIVE', options: SEARCH_STATUS_OPTIONS },
      { name: 'maxRows', label: 'Rows', kind: 'number', required: true, initial: '10', hint: 'The newest alarms, 1 to 100' },
    ],
    check: (s) => {
      const rows = s.maxRows as number;
      return Number.isInteger(rows) && rows >= 1 && rows <= 100 ? null : 'Rows must be a whole number from 1 to 100';
    },
  },
];

export function widgetType(fqn: string): WidgetTypeDef | undefined {
  return WIDGET_TYPES.find((t) => t.fqn === fqn);
}

/** Settings as the form shows them: stored values as text, defaults for the missing ones. */
export function settingsToText(def: WidgetTypeDef, stored: Record<string, unknown>): Record<string, string> {
  const text: Record<string, string> = {};
  for (const field of def.settings) {
    const value = stored[field.name];
    if (value === undefined || value === null) text[field.name] = field.initial;
    else text[field.name] = field.kind === 'json' ? JSON.stringify(value) : String(value);
  }
  return text;
}

/** The typed settings, or the message of each field that does not parse. */
export function parseSettings(
  def: WidgetTypeDef,
  text: Record<string, string>,
): { settings: Record<string, unknown>; errors: Record<string, string> } {
  const settings: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of def.settings) {
    const raw = (text[field.name] ?? '').trim();
    if (!raw) {
      if (field.required) errors[field.name] = `${field.label} is required`;
      continue;
    }
    if (field.kind === 'number') {
      const n = Number(raw);
      if (Number.isFinite(n)) settings[field.name] = n;
      else errors[field.name] = `${field.label} must be a number`;
    } else if (field.kind === 'json') {
      const parsed = parseJson(raw, field.label);
      if (parsed.ok) settings[field.name] = parsed.value;
      else errors[field.name] = parsed.error;
    } else {
      settings[field.name] = raw;
    }
  }
  if (Object.keys(errors).length === 0 && def.check) {
    const message = def.check(settings);
    if (message) errors[def.settings[0].name] = message;
  }
  return { settings, errors };
}
