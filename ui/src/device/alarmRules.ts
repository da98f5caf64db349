// A device profile's alarm rules (profileData.alarms) in the reference's JSON, and the simple
// form of them the profile page edits. The JSON, per rule (DeviceProfileAlarm):
//
//   { "id", "alarmType": "High temperature",
//     "createRules": { "CRITICAL": { "condition": AlarmCondition, "schedule": null, "alarmDetails": null, "dashboardId": null } },
//     "clearRule": { "condition": AlarmCondition, … } | null,
//     "propagate": false, "propagateToOwner": false, "propagateToTenant": false, "propagateRelationTypes": null }
//   AlarmCondition = { "condition": [KeyFilter], "spec": { "type": "SIMPLE" } }
//   KeyFilter = { "key": { "type": "TIME_SERIES", "key": "temperature" }, "valueType": "NUMERIC", "value": null,
//                 "predicate": { "type": "NUMERIC", "operation": "GREATER",
//                                "value": { "defaultValue": 30, "userValue": null, "dynamicValue": null } } }
//
// The form covers a condition of one key filter with a constant value and a SIMPLE spec, at any
// time; a rule using more (several filters, COMPLEX predicates, dynamic values, DURATION or
// REPEATING specs, schedules) is edited as JSON. Writing back keeps every field the form does not
// edit as it was.
import { parseJson } from '../components/json';
import { newId } from '../dashboard/config';

type Json = Record<string, unknown>;

export const SEVERITIES = ['CRITICAL', 'MAJOR', 'MINOR', 'WARNING', 'INDETERMINATE'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const KEY_TYPES = [
  { value: 'TIME_SERIES', label: 'Time series' },
  { value: 'ATTRIBUTE', label: 'Attribute' },
  { value: 'ENTITY_FIELD', label: 'Entity field' },
] as const;
export type KeyType = (typeof KEY_TYPES)[number]['value'];

export type ValueType = 'NUMERIC' | 'STRING' | 'BOOLEAN';
export const VALUE_TYPES: { value: ValueType; label: string }[] = [
  { value: 'NUMERIC', label: 'Number' },
  { value: 'STRING', label: 'Text' },
  { value: 'BOOLEAN', label: 'Boolean' },
];

export const OPERATIONS: Record<ValueType, { value: string; label: string }[]> = {
  NUMERIC: [
    { value: 'GREATER', label: '>' },
    { value: 'GREATER_OR_EQUAL', label: '≥' },
    { value: 'LESS', label: '<' },
    { value: 'LESS_OR_EQUAL', label: '≤' },
    { value: 'EQUAL', label: '=' },
    { value: 'NOT_EQUAL', label: '≠' },
  ],
  STRING: [
    { value: 'EQUAL', label: 'equals' },
    { value: 'NOT_EQUAL', label: 'does not equal' },
    { value: 'STARTS_WITH', label: 'starts with' },
    { value: 'ENDS_WITH', label: 'ends with' },
    { value: 'CONTAINS', label: 'contains' },
    { value: 'NOT_CONTAINS', label: 'does not contain' },
  ],
  BOOLEAN: [
    { value: 'EQUAL', label: '=' },
    { value: 'NOT_EQUAL', label: '≠' },
  ],
};

/** One key compared with a constant. */
export interface SimpleCondition {
  keyType: KeyType;
  key: string;
  valueType: ValueType;
  operation: string;
  /** As typed; 'true'/'false' for booleans. */
  value: string;
}

export interface RuleDraft {
  /** The rule as read (fields the form does not edit), or {} for a new one. */
  original: Json;
  alarmType: string;
  create: { severity: Severity; condition: SimpleCondition }[];
  clear: SimpleCondition | null;
  propagate: boolean;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function emptyCondition(): SimpleCondition {
  return { keyType: 'TIME_SERIES', key: '', valueType: 'NUMERIC', operation: 'GREATER', value: '' };
}

export function newRule(): RuleDraft {
  return { original: {}, alarmType: '', create: [{ severity: 'CRITICAL', condition: emptyCondition() }], clear: null, propagate: false };
}

/** The rules stored in profileData.alarms (null and missing: none). */
export function alarmsOf(profileData: Json | null | undefined): Json[] {
  const alarms = profileData?.alarms;
  return Array.isArray(alarms) ? alarms.filter(isObject) : [];
}

// ---- JSON → form ----------------------------------------------------------------------------

/** Why `rule` does not fit the form, or null when it does. */
function simpleConditionOf(rule: unknown): SimpleCondition | string {
  if (!isObject(rule)) return 'a rule without a condition';
  const schedule = rule.schedule;
  if (isObject(schedule) && schedule.type !== undefined && schedule.type !== 'ANY_TIME') return 'a schedule';
  const condition = rule.condition;
  if (!isObject(condition)) return 'a rule without a condition';
  const spec = condition.spec;
  if (isObject(spec) && spec.type !== 'SIMPLE') return `a ${String(spec.type).toLowerCase()} condition`;
  const filters = condition.condition;
  if (!Array.isArray(filters) || filters.length !== 1) return 'several keys in one condition';
  const filter = filters[0];
  if (!isObject(filter) || !isObject(filter.key) || !isObject(filter.predicate)) return 'an incomplete key filter';
  const keyType = filter.key.type as KeyType;
  if (!KEY_TYPES.some((k) => k.value === keyType)) return `a ${String(keyType).toLowerCase()} key`;
  const predicate = filter.predicate;
  const valueType = predicate.type as ValueType;
  if (!(valueType in OPERATIONS)) return `a ${String(valueType).toLowerCase()} predicate`;
  const operation = String(predicate.operation);
  if (!OPERATIONS[valueType].some((o) => o.value === operation)) return `the operation ${operation}`;
  if (valueType === 'STRING' && predicate.ignoreCase === true) return 'a case-insensitive comparison';
  const value = isObject(predicate.value) ? predicate.value : {};
  if (isObject(value.dynamicValue) && value.dynamicValue.sourceType) return 'a dynamic value';
  const constant = value.defaultValue;
  return {
    keyType,
    key: String(filter.key.key ?? ''),
    valueType,
    operation,
    value: constant === undefined || constant === null ? '' : String(constant),
  };
}

/** The form of every rule, or the first reason one does not fit it. */
export function draftsOf(alarms: Json[]): { drafts: RuleDraft[] } | { reason: string } {
  const drafts: RuleDraft[] = [];
  for (const alarm of alarms) {
    const name = String(alarm.alarmType ?? '');
    const create: RuleDraft['create'] = [];
    const rules = isObject(alarm.createRules) ? alarm.createRules : {};
    for (const [severity, rule] of Object.entries(rules)) {
      if (!SEVERITIES.includes(severity as Severity)) return { reason: `“${name}” has an unknown severity ${severity}` };
      const condition = simpleConditionOf(rule);
      if (typeof condition === 'string') return { reason: `“${name}” uses ${condition}` };
      create.push({ severity: severity as Severity, condition });
    }
    let clear: SimpleCondition | null = null;
    if (alarm.clearRule !== null && alarm.clearRule !== undefined) {
      const condition = simpleConditionOf(alarm.clearRule);
      if (typeof condition === 'string') return { reason: `“${name}” clears on ${condition}` };
      clear = condition;
    }
    drafts.push({ original: alarm, alarmType: name, create, clear, propagate: alarm.propagate === true });
  }
  return { drafts };
}

// ---- form → JSON ----------------------------------------------------------------------------

export type ConditionErrors = Partial<Record<'key' | 'value', string>>;
export interface RuleErrors {
  alarmType?: string;
  create?: string;
  /** By index in `create`. */
  conditions: ConditionErrors[];
  clear?: ConditionErrors;
}

function checkCondition(c: SimpleCondition): ConditionErrors {
  const errors: ConditionErrors = {};
  if (!c.key.trim()) errors.key = 'Key is required';
  if (c.valueType === 'NUMERIC' && (!c.value.trim() || !Number.isFinite(Number(c.value)))) errors.value = 'Enter a number';
  if (c.valueType === 'BOOLEAN' && c.value !== 'true' && c.value !== 'false') errors.value = 'Choose true or false';
  return errors;
}

/** The problems of each rule; every entry empty when all may be saved. */
export function checkDrafts(drafts: RuleDraft[]): RuleErrors[] {
  return drafts.map((d, i) => {
    const type = d.alarmType.trim();
    const errors: RuleErrors = { conditions: d.create.map((c) => checkCondition(c.condition)) };
    if (!type) errors.alarmType = 'Alarm type is required';
    else if (drafts.findIndex((o) => o.alarmType.trim() === type) !== i) errors.alarmType = 'Another rule has this alarm type';
    if (d.create.length === 0) errors.create = 'Add at least one condition that creates the alarm';
    const severities = d.create.map((c) => c.severity);
    if (new Set(severities).size !== severities.length) errors.create = 'One condition per severity';
    if (d.clear) errors.clear = checkCondition(d.clear);
    return errors;
  });
}

export function hasErrors(errors: RuleErrors[]): boolean {
  const conditionBad = (c: ConditionErrors | undefined) => !!c && Object.keys(c).length > 0;
  return errors.some((e) => e.alarmType || e.create || e.conditions.some(conditionBad) || conditionBad(e.clear));
}

function constantOf(c: SimpleCondition): unknown {
  if (c.valueType === 'NUMERIC') return Number(c.value);
  if (c.valueType === 'BOOLEAN') return c.value === 'true';
  return c.value;
}

function keyFilter(c: SimpleCondition): Json {
  const predicate: Json = {
    type: c.valueType,
    operation: c.operation,
    value: { defaultValue: constantOf(c), userValue: null, dynamicValue: null },
  };
  if (c.valueType === 'STRING') predicate.ignoreCase = false;
  return { key: { type: c.keyType, key: c.key.trim() }, valueType: c.valueType, value: null, predicate };
}

/** A rule (createRules entry or clearRule) with its condition replaced, other fields kept. */
function ruleJson(previous: unknown, c: SimpleCondition): Json {
  const base = isObject(previous) ? previous : {};
  const condition = { ...(isObject(base.condition) ? base.condition : {}), condition: [keyFilter(c)], spec: { type: 'SIMPLE' } };
  const defaults = { condition, schedule: null, alarmDetails: null, dashboardId: null };
  return { ...defaults, ...base, condition };
}

export function alarmOf(d: RuleDraft): Json {
  const original = d.original;
  const previousCreate = isObject(original.createRules) ? original.createRules : {};
  const createRules: Json = {};
  // In the reference's order, most severe first.
  for (const severity of SEVERITIES) {
    const entry = d.create.find((c) => c.severity === severity);
    if (entry) createRules[severity] = ruleJson(previousCreate[severity], entry.condition);
  }
  const edited = {
    id: typeof original.id === 'string' && original.id ? original.id : newId(),
    alarmType: d.alarmType.trim(),
    createRules,
    clearRule: d.clear ? ruleJson(original.clearRule, d.clear) : null,
    propagate: d.propagate,
  };
  // The reference's order of fields; the ones the form does not edit as they were.
  return { ...edited, propagateToOwner: false, propagateToTenant: false, propagateRelationTypes: null, ...original, ...edited };
}

/** The JSON text's rules, or why they cannot be saved. */
export function parseAlarmsJson(text: string): { ok: true; alarms: Json[] } | { ok: false; error: string } {
  const parsed = parseJson(text.trim() || '[]', 'Alarm rules');
  if (!parsed.ok) return parsed;
  const value = parsed.value === null ? [] : parsed.value;
  if (!Array.isArray(value)) return { ok: false, error: 'Alarm rules must be a JSON array' };
  for (const [i, rule] of value.entries()) {
    if (!isObject(rule)) return { ok: false, error: `Rule ${i + 1} must be an object` };
    if (typeof rule.alarmType !== 'string' || !rule.alarmType.trim()) return { ok: false, error: `Rule ${i + 1} needs an alarmType` };
    if (!isObject(rule.createRules)) return { ok: false, error: `Rule ${i + 1} needs createRules (an object by severity)` };
  }
  return { ok: true, alarms: value as Json[] };
}
