// The palette of the rule chain editor: one row per node type the server runs (docs/rule_nodes.md),
// under the reference's type names, with its default configuration (the reference's), the
// relations it sends messages on and the configuration fields the node form shows. A new node type
// is one more row here; types missing from the table still load, show and save (edited as JSON).

export const NODE_TYPE_PREFIX = 'org.thingsboard.rule.engine.';

export type NodeCategory = 'filter' | 'enrichment' | 'transformation' | 'action' | 'external' | 'flow';

export const CATEGORY_LABELS: Record<NodeCategory, string> = {
  filter: 'Filter',
  enrichment: 'Enrichment',
  transformation: 'Transformation',
  action: 'Action',
  external: 'External',
  flow: 'Flow',
};

/** A configuration key the node form edits with its own control; the rest stay JSON. */
export interface ConfigField {
  key: string;
  label: string;
  /** script: JavaScript, a function body; list: an array of strings typed comma-separated. */
  kind: 'text' | 'number' | 'boolean' | 'select' | 'list' | 'script';
  options?: { value: string; label: string }[];
  hint?: string;
  required?: boolean;
}

export interface NodeTypeDef {
  /** The full type name, e.g. org.thingsboard.rule.engine.filter.TbJsFilterNode. */
  type: string;
  label: string;
  category: NodeCategory;
  description: string;
  /** The relation names the node sends messages on, offered when connecting it. */
  relations: string[];
  configuration: Record<string, unknown>;
  fields: ConfigField[];
}

/** The relation names of the message type switch (the reference's, as the server sends them). */
export const MESSAGE_TYPE_RELATIONS = [
  'Post telemetry',
  'Post attributes',
  'RPC Request from Device',
  'RPC Request to Device',
  'Activity Event',
  'Inactivity Event',
  'Connect Event',
  'Disconnect Event',
  'Entity Created',
  'Entity Updated',
  'Entity Deleted',
  'Entity Assigned',
  'Entity Unassigned',
  'Attributes Updated',
  'Attributes Deleted',
  'Timeseries Updated',
  'Alarm',
  'Alarm Acknowledged',
  'Other',
];

/** Offered for every node, whatever it declares. */
export const COMMON_RELATIONS = ['Success', 'Failure', 'True', 'False'];

const SEVERITIES = ['CRITICAL', 'MAJOR', 'MINOR', 'WARNING', 'INDETERMINATE'].map((s) => ({ value: s, label: s }));
const ALARM_DETAILS_JS =
  'var details = {};\nif (metadata.prevAlarmDetails) {\n    details = JSON.parse(metadata.prevAlarmDetails);\n}\nreturn details;';
const LOG_JS = "return '\\nIncoming message:\\n' + JSON.stringify(msg) + '\\nIncoming metadata:\\n' + JSON.stringify(metadata);";

const script = (hint: string): ConfigField => ({ key: 'jsScript', label: 'Script (JavaScript)', kind: 'script', required: true, hint });
const FN = 'The body of function(msg, metadata, msgType)';

const def = (short: string, rest: Omit<NodeTypeDef, 'type'>): NodeTypeDef => ({ type: NODE_TYPE_PREFIX + short, ...rest });

export const NODE_TYPES: NodeTypeDef[] = [
  def('filter.TbJsFilterNode', {
    label: 'Script filter',
    category: 'filter',
    description: 'Routes by a script returning true or false.',
    relations: ['True', 'False', 'Failure'],
    configuration: { scriptLang: 'JS', jsScript: 'return msg.temperature > 20;' },
    fields: [script(`${FN}; returns a boolean.`)],
  }),
  def('filter.TbJsSwitchNode', {
    label: 'Script switch',
    category: 'filter',
    description: 'Routes by the relation names a script returns.',
    relations: ['Failure'],
    configuration: {
      scriptLang: 'JS',
      jsScript:
        "function nextRelation(metadata, msg) {\n    return ['one','nine'];\n}\nif (msgType === 'POST_TELEMETRY_REQUEST') {\n    return ['two'];\n}\nreturn nextRelation(metadata, msg);",
    },
    fields: [script(`${FN}; returns an array of relation names.`)],
  }),
  def('filter.TbMsgTypeSwitchNode', {
    label: 'Message type switch',
    category: 'filter',
    description: 'Routes by message type.',
    relations: MESSAGE_TYPE_RELATIONS,
    configuration: { version: 0 },
    fields: [],
  }),
  def('filter.TbMsgTypeFilterNode', {
    label: 'Message type filter',
    category: 'filter',
    description: 'Whether the message type is one of those listed.',
    relations: ['True', 'False'],
    configuration: { messageTypes: ['POST_ATTRIBUTES_REQUEST', 'POST_TELEMETRY_REQUEST'] },
    fields: [{ key: 'messageTypes', label: 'Message types', kind: 'list', hint: 'Comma-separated, e.g. POST_TELEMETRY_REQUEST' }],
  }),
  def('filter.TbOriginatorTypeFilterNode', {
    label: 'Originator type filter',
    category: 'filter',
    description: "Whether the originator's entity type is one of those listed.",
    relations: ['True', 'False'],
    configuration: { originatorTypes: ['DEVICE'] },
    fields: [{ key: 'originatorTypes', label: 'Originator types', kind: 'list', hint: 'Comma-separated, e.g. DEVICE, ASSET' }],
  }),
  def('filter.TbCheckMessageNode', {
    label: 'Check fields presence',
    category: 'filter',
    description: 'Whether the message data and metadata have the named fields.',
    relations: ['True', 'False'],
    configuration: { messageNames: [], metadataNames: [], checkAllKeys: true },
    fields: [
      { key: 'messageNames', label: 'Message data fields', kind: 'list', hint: 'Comma-separated' },
      { key: 'metadataNames', label: 'Metadata fields', kind: 'list', hint: 'Comma-separated' },
      { key: 'checkAllKeys', label: 'All of them (otherwise any)', kind: 'boolean' },
    ],
  }),
  def('transform.TbTransformMsgNode', {
    label: 'Script transformation',
    category: 'transformation',
    description: 'Changes the message, metadata or type with a script.',
    relations: ['Success', 'Failure'],
    configuration: { scriptLang: 'JS', jsScript: 'return {msg: msg, metadata: metadata, msgType: msgType};' },
    fields: [script(`${FN}; returns {msg, metadata, msgType}.`)],
  }),
  def('telemetry.TbMsgTimeseriesNode', {
    label: 'Save time series',
    category: 'action',
    description: "Saves the message's data as time series.",
    relations: ['Success', 'Failure'],
    configuration: { defaultTTL: 0 },
    fields: [{ key: 'defaultTTL', label: 'Default TTL (seconds)', kind: 'number', hint: '0: kept forever' }],
  }),
  def('telemetry.TbMsgAttributesNode', {
    label: 'Save attributes',
    category: 'action',
    description: "Saves the message's data as attributes.",
    relations: ['Success', 'Failure'],
    configuration: { scope: 'SERVER_SCOPE', notifyDevice: false },
    fields: [
      {
        key: 'scope',
        label: 'Scope',
        kind: 'select',
        options: ['CLIENT_SCOPE', 'SERVER_SCOPE', 'SHARED_SCOPE'].map((s) => ({ value: s, label: s })),
      },
    ],
  }),
  def('action.TbCreateAlarmNode', {
    label: 'Create alarm',
    category: 'action',
    description: "Raises (or updates) the originator's alarm of a type.",
    relations: ['Created', 'Updated', 'Failure'],
    configuration: {
      alarmDetailsBuildJs: ALARM_DETAILS_JS,
      useMessageAlarmData: false,
      overwriteAlarmDetails: false,
      alarmType: 'General Alarm',
      severity: 'CRITICAL',
      propagate: false,
      relationTypes: [],
      propagateToOwner: false,
      propagateToTenant: false,
      dynamicSeverity: false,
      scriptLang: 'JS',
    },
    fields: [
      { key: 'alarmType', label: 'Alarm type', kind: 'text', required: true },
      { key: 'severity', label: 'Severity', kind: 'select', options: SEVERITIES },
      { key: 'alarmDetailsBuildJs', label: 'Details script (JavaScript)', kind: 'script', hint: `${FN}; returns the details object.` },
    ],
  }),
  def('action.TbClearAlarmNode', {
    label: 'Clear alarm',
    category: 'action',
    description: "Clears the originator's active alarm of a type.",
    relations: ['Cleared', 'False'],
    configuration: { alarmDetailsBuildJs: ALARM_DETAILS_JS, alarmType: 'General Alarm', scriptLang: 'JS' },
    fields: [{ key: 'alarmType', label: 'Alarm type', kind: 'text', required: true }],
  }),
  def('action.TbLogNode', {
    label: 'Log',
    category: 'action',
    description: 'Writes the message to the server log.',
    relations: ['Success', 'Failure'],
    configuration: { scriptLang: 'JS', jsScript: LOG_JS },
    fields: [script(`${FN}; returns the text to log.`)],
  }),
  def('rpc.TbSendRPCReplyNode', {
    label: 'RPC call reply',
    category: 'action',
    description: "Answers a device's RPC request with the message data.",
    relations: ['Success', 'Failure'],
    configuration: { requestIdMetaDataAttribute: 'requestId' },
    fields: [{ key: 'requestIdMetaDataAttribute', label: 'Request id metadata attribute', kind: 'text' }],
  }),
  def('profile.TbDeviceProfileNode', {
    label: 'Device profile',
    category: 'action',
    description: "Applies the device profile's alarm rules.",
    relations: ['Success', 'Failure', 'Alarm Created', 'Alarm Updated', 'Alarm Severity Updated', 'Alarm Cleared'],
    configuration: { persistAlarmRulesState: false, fetchAlarmRulesStateOnStart: false },
    fields: [],
  }),
];

export function nodeTypeDef(type: string): NodeTypeDef | undefined {
  return NODE_TYPES.find((d) => d.type === type);
}

/** The last part of a type name: TbJsFilterNode. */
export function shortTypeName(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

/** The category of a known type, else guessed from its package (filter., transform., …). */
export function categoryOf(type: string): NodeCategory {
  const known = nodeTypeDef(type);
  if (known) return known.category;
  const pkg = type.startsWith(NODE_TYPE_PREFIX) ? type.slice(NODE_TYPE_PREFIX.length).split('.')[0] : '';
  if (pkg === 'filter') return 'filter';
  if (pkg === 'transform') return 'transformation';
  if (pkg === 'metadata') return 'enrichment';
  if (pkg === 'flow') return 'flow';
  if (['rest', 'mqtt', 'kafka', 'mail', 'sms', 'aws', 'gcp', 'rabbitmq'].includes(pkg)) return 'external';
  return 'action';
}

/** The relations to offer on a connection from a node of `type`: its own, then the common ones. */
export function relationsFor(type: string): string[] {
  return [...new Set([...(nodeTypeDef(type)?.relations ?? []), ...COMMON_RELATIONS])];
}
