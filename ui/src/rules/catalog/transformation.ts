// Transformation nodes: change the message's data, metadata, type or originator.
import { def, FN, RELATIONS_QUERY, script, type ConfigField, type NodeTypeDef } from './defs';

const dataOrMetadata = (key: string, label: string): ConfigField => ({
  key,
  label,
  kind: 'select',
  options: [
    { value: 'DATA', label: 'Message data' },
    { value: 'METADATA', label: 'Metadata' },
  ],
});

const REGEX_KEYS = 'Comma-separated regular expressions, each matching a whole key';

export const TRANSFORMATION_NODES: NodeTypeDef[] = [
  def('transform.TbTransformMsgNode', {
    label: 'Script transformation',
    category: 'transformation',
    description: 'Changes the message, metadata or type with a script.',
    relations: ['Success', 'Failure'],
    configuration: { scriptLang: 'JS', jsScript: 'return {msg: msg, metadata: metadata, msgType: msgType};' },
    fields: [script(`${FN}; returns {msg, metadata, msgType}.`)],
  }),
  def('transform.TbChangeOriginatorNode', {
    label: 'Change originator',
    category: 'transformation',
    description: 'The message goes on from another originator: its customer, the tenant, a related entity, …',
    relations: ['Success', 'Failure'],
    configuration: { originatorSource: 'CUSTOMER', relationsQuery: RELATIONS_QUERY },
    fields: [
      {
        key: 'originatorSource',
        label: 'New originator',
        kind: 'select',
        options: [
          { value: 'CUSTOMER', label: 'Customer' },
          { value: 'TENANT', label: 'Tenant' },
          { value: 'RELATED', label: 'Related entity (relations query below)' },
          { value: 'ALARM_ORIGINATOR', label: 'Alarm originator' },
          { value: 'ENTITY', label: 'Entity by name' },
        ],
      },
      {
        key: 'entityType',
        label: 'Entity type',
        kind: 'select',
        options: ['DEVICE', 'ASSET', 'CUSTOMER', 'USER'].map((t) => ({ value: t, label: t })),
        showIf: { key: 'originatorSource', in: ['ENTITY'] },
      },
      {
        key: 'entityNamePattern',
        label: 'Entity name',
        kind: 'text',
        required: true,
        hint: '${metadataKey} and $[dataKey] patterns allowed',
        showIf: { key: 'originatorSource', in: ['ENTITY'] },
      },
    ],
  }),
  def('transform.TbRenameKeysNode', {
    label: 'Rename keys',
    category: 'transformation',
    description: 'Renames keys of the message data or metadata.',
    relations: ['Success'],
    configuration: { renameKeysMapping: { temperatureCelsius: 'temperature' }, renameIn: 'DATA' },
    fields: [
      { key: 'renameKeysMapping', label: 'Keys (old: new)', kind: 'map', required: true, hint: 'One a line: the key, then its new name' },
      dataOrMetadata('renameIn', 'Rename in'),
    ],
  }),
  def('transform.TbDeleteKeysNode', {
    label: 'Delete keys',
    category: 'transformation',
    description: 'Deletes keys of the message data or metadata.',
    relations: ['Success'],
    configuration: { keys: [], deleteFrom: 'DATA' },
    fields: [{ key: 'keys', label: 'Keys', kind: 'list', required: true, hint: REGEX_KEYS }, dataOrMetadata('deleteFrom', 'Delete from')],
  }),
  def('transform.TbCopyKeysNode', {
    label: 'Copy keys',
    category: 'transformation',
    description: 'Copies keys from the message data to the metadata or back.',
    relations: ['Success'],
    configuration: { keys: [], copyFrom: 'DATA' },
    fields: [
      { key: 'keys', label: 'Keys', kind: 'list', required: true, hint: REGEX_KEYS },
      {
        key: 'copyFrom',
        label: 'Copy',
        kind: 'select',
        options: [
          { value: 'DATA', label: 'Message data → metadata' },
          { value: 'METADATA', label: 'Metadata → message data' },
        ],
      },
    ],
  }),
];
