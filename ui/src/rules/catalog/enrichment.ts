// Enrichment nodes: add attributes, telemetry or fields of the originator or of an entity related
// to it to the message's data or metadata.
import { def, FETCH_TO, options, RELATIONS_QUERY, TIME_UNITS, type ConfigField, type NodeTypeDef } from './defs';

const PATTERNS = 'Comma-separated; ${metadataKey} and $[dataKey] patterns allowed';

const mapping = (label: string, hint: string): ConfigField => ({ key: 'dataMapping', label, kind: 'map', required: true, hint });

const dataToFetch = (...extra: { value: string; label: string }[]): ConfigField => ({
  key: 'dataToFetch',
  label: 'Fetch',
  kind: 'select',
  options: [{ value: 'ATTRIBUTES', label: 'Server attributes' }, { value: 'LATEST_TELEMETRY', label: 'Latest telemetry' }, ...extra],
});

const entityData = (type: string, label: string, whose: string): NodeTypeDef =>
  def(type, {
    label,
    category: 'enrichment',
    description: `Adds attributes or latest telemetry of ${whose}.`,
    relations: ['Success', 'Failure'],
    configuration: { dataMapping: { alarmThreshold: 'threshold' }, dataToFetch: 'ATTRIBUTES', fetchTo: 'METADATA' },
    fields: [mapping('Keys (source: target)', `One a line: the key of ${whose}, then the name it gets in the message`), dataToFetch(), FETCH_TO],
  });

export const ENRICHMENT_NODES: NodeTypeDef[] = [
  def('metadata.TbGetAttributesNode', {
    label: 'Originator attributes',
    category: 'enrichment',
    description: "Adds the originator's attributes (prefixed cs_, shared_, ss_) and latest telemetry.",
    relations: ['Success', 'Failure'],
    configuration: {
      clientAttributeNames: [],
      sharedAttributeNames: [],
      serverAttributeNames: [],
      latestTsKeyNames: [],
      tellFailureIfAbsent: true,
      getLatestValueWithTs: false,
      fetchTo: 'METADATA',
    },
    fields: [
      { key: 'clientAttributeNames', label: 'Client attributes', kind: 'list', hint: PATTERNS },
      { key: 'sharedAttributeNames', label: 'Shared attributes', kind: 'list', hint: PATTERNS },
      { key: 'serverAttributeNames', label: 'Server attributes', kind: 'list', hint: PATTERNS },
      { key: 'latestTsKeyNames', label: 'Latest telemetry', kind: 'list', hint: PATTERNS },
      FETCH_TO,
      { key: 'tellFailureIfAbsent', label: 'Failure when a key is missing', kind: 'boolean' },
      { key: 'getLatestValueWithTs', label: 'Latest telemetry with its timestamp ({ts, value})', kind: 'boolean' },
    ],
  }),
  def('metadata.TbGetOriginatorFieldsNode', {
    label: 'Originator fields',
    category: 'enrichment',
    description: "Adds the originator's fields: name, type, label, email, …",
    relations: ['Success', 'Failure'],
    configuration: { dataMapping: { name: 'originatorName', type: 'originatorType' }, ignoreNullStrings: false, fetchTo: 'METADATA' },
    fields: [
      mapping('Fields (source: target)', 'One a line: the field (id, createdTime, name, type, label, title, email, phone, …), then the key it gets'),
      FETCH_TO,
      { key: 'ignoreNullStrings', label: 'Leave out empty fields', kind: 'boolean' },
    ],
  }),
  entityData('metadata.TbGetCustomerAttributeNode', 'Customer attributes', "the originator's customer"),
  entityData('metadata.TbGetTenantAttributeNode', 'Tenant attributes', 'the tenant'),
  def('metadata.TbGetRelatedAttributeNode', {
    label: 'Related entity data',
    category: 'enrichment',
    description: 'Adds attributes, latest telemetry or fields of the first entity related to the originator.',
    relations: ['Success', 'Failure'],
    configuration: { dataMapping: { serialNumber: 'sn' }, dataToFetch: 'ATTRIBUTES', fetchTo: 'METADATA', relationsQuery: RELATIONS_QUERY },
    fields: [
      mapping('Keys (source: target)', 'One a line: the key of the related entity, then the name it gets in the message'),
      dataToFetch({ value: 'FIELDS', label: 'Entity fields' }),
      FETCH_TO,
      { key: 'relationsQuery.direction', label: 'Relation direction', kind: 'select', options: [{ value: 'FROM', label: 'From the originator' }, { value: 'TO', label: 'To the originator' }] },
      { key: 'relationsQuery.maxLevel', label: 'Relation levels', kind: 'number', hint: 'How far to follow relations' },
      { key: 'relationsQuery.fetchLastLevelOnly', label: 'Last level only', kind: 'boolean' },
    ],
  }),
  def('metadata.TbGetTelemetryNode', {
    label: 'Originator telemetry',
    category: 'enrichment',
    description: "Adds the originator's time series of an interval before now to the metadata.",
    relations: ['Success', 'Failure'],
    configuration: {
      latestTsKeyNames: [],
      aggregation: 'NONE',
      fetchMode: 'FIRST',
      orderBy: 'ASC',
      limit: 1000,
      useMetadataIntervalPatterns: false,
      startInterval: 2,
      startIntervalTimeUnit: 'MINUTES',
      endInterval: 1,
      endIntervalTimeUnit: 'MINUTES',
      startIntervalPattern: '',
      endIntervalPattern: '',
    },
    fields: [
      { key: 'latestTsKeyNames', label: 'Time series keys', kind: 'list', required: true, hint: PATTERNS },
      { key: 'fetchMode', label: 'Fetch', kind: 'select', options: [{ value: 'FIRST', label: 'First value' }, { value: 'LAST', label: 'Last value' }, { value: 'ALL', label: 'All values' }] },
      { key: 'startInterval', label: 'From (before now)', kind: 'number' },
      { key: 'startIntervalTimeUnit', label: 'From: unit', kind: 'select', options: TIME_UNITS },
      { key: 'endInterval', label: 'To (before now)', kind: 'number' },
      { key: 'endIntervalTimeUnit', label: 'To: unit', kind: 'select', options: TIME_UNITS },
      { key: 'aggregation', label: 'Aggregation (all values)', kind: 'select', options: options('NONE', 'MIN', 'MAX', 'AVG', 'SUM', 'COUNT') },
      { key: 'orderBy', label: 'Order (all values)', kind: 'select', options: options('ASC', 'DESC') },
      { key: 'limit', label: 'Limit (all values)', kind: 'number', hint: '2 to 1000' },
    ],
  }),
];
