// Action nodes: save, raise and clear alarms, log, answer and send RPC, count, generate and delay
// messages.
import { def, FN, options, script, type NodeTypeDef } from './defs';

const SEVERITIES = options('CRITICAL', 'MAJOR', 'MINOR', 'WARNING', 'INDETERMINATE');
const ALARM_DETAILS_JS =
  'var details = {};\nif (metadata.prevAlarmDetails) {\n    details = JSON.parse(metadata.prevAlarmDetails);\n}\nreturn details;';
const LOG_JS = "return '\\nIncoming message:\\n' + JSON.stringify(msg) + '\\nIncoming metadata:\\n' + JSON.stringify(metadata);";
const GENERATOR_JS =
  'var msg = { temp: 42, humidity: 77 };\nvar metadata = { data: 40 };\nvar msgType = "POST_TELEMETRY_REQUEST";\n\nreturn { msg: msg, metadata: metadata, msgType: msgType };';

export const ACTION_NODES: NodeTypeDef[] = [
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
    fields: [{ key: 'scope', label: 'Scope', kind: 'select', options: options('CLIENT_SCOPE', 'SERVER_SCOPE', 'SHARED_SCOPE') }],
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
  def('profile.TbDeviceProfileNode', {
    label: 'Device profile',
    category: 'action',
    description: "Applies the device profile's alarm rules.",
    relations: ['Success', 'Failure', 'Alarm Created', 'Alarm Updated', 'Alarm Severity Updated', 'Alarm Cleared'],
    configuration: { persistAlarmRulesState: false, fetchAlarmRulesStateOnStart: false },
    fields: [],
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
  def('rpc.TbSendRPCRequestNode', {
    label: 'RPC call request',
    category: 'action',
    description: "Sends the message's {method, params} to its device and goes on with the answer.",
    relations: ['Success', 'Failure'],
    configuration: { timeoutInSeconds: 60 },
    fields: [{ key: 'timeoutInSeconds', label: 'Time-out (seconds)', kind: 'number', hint: 'Unless metadata expirationTime says otherwise' }],
  }),
  def('action.TbMsgCountNode', {
    label: 'Message count',
    category: 'action',
    description: 'Counts the messages reaching it and sends the count as telemetry of the tenant.',
    relations: ['Success'],
    configuration: { interval: 1, telemetryPrefix: 'messageCount' },
    fields: [
      { key: 'interval', label: 'Interval (seconds)', kind: 'number', required: true },
      { key: 'telemetryPrefix', label: 'Telemetry key prefix', kind: 'text', required: true, hint: 'The key is <prefix>_<server>' },
    ],
  }),
  def('debug.TbMsgGeneratorNode', {
    label: 'Generator',
    category: 'action',
    description: 'Makes messages with a script, periodically.',
    relations: ['Success'],
    noInput: true,
    configuration: { msgCount: 0, periodInSeconds: 1, originatorType: 'RULE_NODE', scriptLang: 'JS', jsScript: GENERATOR_JS },
    fields: [
      { key: 'msgCount', label: 'Number of messages', kind: 'number', required: true, hint: '0: no end' },
      { key: 'periodInSeconds', label: 'Period (seconds)', kind: 'number', required: true },
      {
        key: 'originatorType',
        label: 'Originator',
        kind: 'select',
        options: [{ value: 'RULE_NODE', label: 'This node' }, ...options('DEVICE', 'ASSET', 'CUSTOMER', 'TENANT')],
      },
      { key: 'originatorId', label: 'Originator id', kind: 'text', required: true, showIf: { key: 'originatorType', in: ['DEVICE', 'ASSET', 'CUSTOMER', 'TENANT'] } },
      script('The body of function(prevMsg, prevMetadata, prevMsgType); returns {msg, metadata, msgType}.'),
    ],
  }),
  def('delay.TbMsgDelayNode', {
    label: 'Delay',
    category: 'action',
    description: 'Holds the message for a while, then sends it on.',
    relations: ['Success', 'Failure'],
    configuration: { periodInSeconds: 60, maxPendingMsgs: 1000, useMetadataPeriodInSecondsPatterns: false },
    fields: [
      { key: 'useMetadataPeriodInSecondsPatterns', label: 'Period from the message', kind: 'boolean' },
      { key: 'periodInSeconds', label: 'Period (seconds)', kind: 'number', required: true, showIf: { key: 'useMetadataPeriodInSecondsPatterns', in: ['false'] } },
      {
        key: 'periodInSecondsPattern',
        label: 'Period pattern (seconds)',
        kind: 'text',
        required: true,
        hint: '${metadataKey} or $[dataKey]',
        showIf: { key: 'useMetadataPeriodInSecondsPatterns', in: ['true'] },
      },
      { key: 'maxPendingMsgs', label: 'Most messages held', kind: 'number', required: true, hint: 'More go to Failure' },
    ],
  }),
];
