// A node's configuration as the node form edits it: the type's own fields as text, the rest as a
// JSON object; and back, with a message per field that does not parse. Field keys may be dotted
// paths into nested objects (credentials.type); a field hidden by its showIf is left out.
import { parseJson } from '../components/json';
import type { ConfigField } from './nodeTypes';

export interface NodeFormText {
  fields: Record<string, string>;
  /** The configuration without the fields' keys, pretty-printed. */
  other: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function getPath(object: Json, path: string): unknown {
  return path.split('.').reduce<unknown>((at, part) => (isObject(at) ? at[part] : undefined), object);
}

/** Removes the key at `path`, and parents it leaves empty. */
function deletePath(object: Json, path: string) {
  const [head, ...rest] = path.split('.');
  if (!rest.length) {
    delete object[head];
    return;
  }
  const child = object[head];
  if (!isObject(child)) return;
  deletePath(child, rest.join('.'));
  if (Object.keys(child).length === 0) delete object[head];
}

function setPath(object: Json, path: string, value: unknown) {
  const parts = path.split('.');
  let at = object;
  for (const part of parts.slice(0, -1)) {
    if (!isObject(at[part])) at[part] = {};
    at = at[part] as Json;
  }
  at[parts[parts.length - 1]] = value;
}

/** Whether the field shows, given the form's current texts. */
export function isShown(field: ConfigField, texts: Record<string, string>): boolean {
  return !field.showIf || field.showIf.in.includes(texts[field.showIf.key] ?? '');
}

export function formTextOf(configuration: Json, fields: ConfigField[]): NodeFormText {
  const text: Record<string, string> = {};
  const rest = structuredClone(configuration);
  for (const f of fields) {
    const value = getPath(configuration, f.key);
    deletePath(rest, f.key);
    if (f.kind === 'boolean') text[f.key] = value === true ? 'true' : 'false';
    else if (f.kind === 'list') text[f.key] = Array.isArray(value) ? value.map(String).join(', ') : '';
    else if (f.kind === 'map') {
      text[f.key] = isObject(value)
        ? Object.entries(value)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join('\n')
        : '';
    } else if (value === undefined || value === null) {
      // A select starts at its first option rather than at a value it does not offer.
      text[f.key] = f.kind === 'select' ? f.options?.[0]?.value ?? '' : '';
    } else text[f.key] = String(value);
  }
  return { fields: text, other: JSON.stringify(rest, null, 2) };
}

export interface ParsedConfiguration {
  configuration: Json;
  /** By field key, and `other` for the JSON. */
  errors: Record<string, string>;
}

/** `key: value` lines as an object; the first bad line as an error. */
function parseMap(raw: string, label: string): { value: Record<string, string> } | { error: string } {
  const value: Record<string, string> = {};
  for (const line of raw.split('\n').map((l) => l.trim())) {
    if (!line) continue;
    const colon = line.indexOf(':');
    const key = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!key) return { error: `${label}: write “${line}” as key: value` };
    value[key] = line.slice(colon + 1).trim();
  }
  return { value };
}

export function parseFormText(form: NodeFormText, fields: ConfigField[]): ParsedConfiguration {
  const errors: Record<string, string> = {};
  let configuration: Json = {};
  const other = parseJson(form.other.trim() || '{}', 'Configuration');
  if (!other.ok) errors.other = other.error;
  else if (!isObject(other.value)) {
    errors.other = 'Configuration must be a JSON object';
  } else configuration = { ...other.value };

  for (const f of fields) {
    if (!isShown(f, form.fields)) continue;
    const raw = form.fields[f.key] ?? '';
    if (f.required && f.kind !== 'boolean' && !raw.trim()) {
      errors[f.key] = f.kind === 'ruleChain' ? `Choose a ${f.label.toLowerCase()}` : `${f.label} is required`;
      continue;
    }
    switch (f.kind) {
      case 'boolean':
        setPath(configuration, f.key, raw === 'true');
        break;
      case 'number': {
        if (!raw.trim()) break;
        const n = Number(raw);
        if (Number.isFinite(n)) setPath(configuration, f.key, n);
        else errors[f.key] = `${f.label} must be a number`;
        break;
      }
      case 'list':
        setPath(
          configuration,
          f.key,
          raw
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
        break;
      case 'map': {
        const map = parseMap(raw, f.label);
        if ('error' in map) errors[f.key] = map.error;
        else setPath(configuration, f.key, map.value);
        break;
      }
      case 'script':
      case 'password':
        setPath(configuration, f.key, raw);
        break;
      default:
        setPath(configuration, f.key, raw.trim());
    }
  }
  return { configuration, errors };
}
