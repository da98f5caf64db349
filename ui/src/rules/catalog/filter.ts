// Filter nodes: route a message by what it is or what a script says.
import { def, FN, script, type NodeTypeDef } from './defs';

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

export const FILTER_NODES: NodeTypeDef[] = [
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
];
