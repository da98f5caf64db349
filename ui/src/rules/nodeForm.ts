// A node's configuration as the node form edits it: the type's own fields as text, the rest as a
// JSON object; and back, with a message per field that does not parse.
import { parseJson } from '../components/json';
import type { ConfigField } from './nodeTypes';

export interface NodeFormText {
  fields: Record<string, string>;
  /** The configuration without the fields' keys, pretty-printed. */
  other: string;
}

export function formTextOf(configuration: Record<string, unknown>, fields: ConfigField[]): NodeFormText {
  const text: Record<string, string> = {};
  const rest = { ...configuration };
  for (const f of fields) {
    const value = configuration[f.key];
    delete rest[f.key];
    if (f.kind === 'boolean') text[f.key] = value === true ? 'true' : 'false';
    else if (f.kind === 'list') text[f.key] = Array.isArray(value) ? value.map(String).join(', ') : '';
    else text[f.key] = value === undefined || value === null ? '' : String(value);
  }
  return { fields: text, other: JSON.stringify(rest, null, 2) };
}

export interface ParsedConfiguration {
  configuration: Record<string, unknown>;
  /** By field key, and `other` for the JSON. */
  errors: Record<string, string>;
}

export function parseFormText(form: NodeFormText, fields: ConfigField[]): ParsedConfiguration {
  const errors: Record<string, string> = {};
  let configuration: Record<string, unknown> = {};
  const other = parseJson(form.other.trim() || '{}', 'Configuration');
  if (!other.ok) errors.other = other.error;
  else if (typeof other.value !== 'object' || other.value === null || Array.isArray(other.value)) {
    errors.other = 'Configuration must be a JSON object';
  } else configuration = { ...(other.value as Record<string, unknown>) };

  for (const f of fields) {
    const raw = form.fields[f.key] ?? '';
    if (f.required && !raw.trim()) {
      errors[f.key] = `${f.label} is required`;
      continue;
    }
    switch (f.kind) {
      case 'boolean':
        configuration[f.key] = raw === 'true';
        break;
      case 'number': {
        if (!raw.trim()) break;
        const n = Number(raw);
        if (Number.isFinite(n)) configuration[f.key] = n;
        else errors[f.key] = `${f.label} must be a number`;
        break;
      }
      case 'list':
        configuration[f.key] = raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case 'script':
        configuration[f.key] = raw;
        break;
      default:
        configuration[f.key] = raw.trim();
    }
  }
  return { configuration, errors };
}
