// End-to-end test of the rule engine screens: the rule chain editor (React Flow, its own chunk),
// alarms raised by a chain and handled in the alarms screen, the device page and a dashboard
// widget, and a device profile's alarm rules. Screenshots: screenshots/rules-*.png.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logIn } from './browser.mjs';
import { browserSuite } from './harness.mjs';
import { apiCall } from './server.mjs';

const suite = browserSuite('rules');
const { shot, rest, row, openFromNav } = suite;
const NODES = 'org.thingsboard.rule.engine.';

/** The canvas box of the node named `name`. */
const nodeBox = (name) => suite.page.locator(`[data-testid="rule-node"][data-name="${name}"]`);

/** Drags from the right dot of node `from` to the left dot of node `to`. */
async function connectByMouse(from, to) {
  const { page } = suite;
  const source = await nodeBox(from).locator('xpath=..').locator('.react-flow__handle.source').boundingBox();
  const target = await nodeBox(to).locator('xpath=..').locator('.react-flow__handle.target').boundingBox();
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** Adds a node from the palette through its form. */
async function addNode(label, name, fill) {
  const { page } = suite;
  await page.getByRole('button', { name: `Add ${label}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Add rule node: ${label}` });
  await dialog.locator('#rule-node-name').fill(name);
  if (fill) await fill(dialog);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await nodeBox(name).waitFor();
}

/** The access token of a device made through REST. */
const deviceToken = async (device) =>
  (await rest('GET', `/api/device/${device.id.id}/credentials`)).credentialsId;

/** Posts `{ temperature }` through the HTTP device API as the device with `token`. */
async function postTemperature(token, temperature) {
  const answer = await fetch(`${suite.server.baseUrl}/api/v1/${token}/telemetry`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ temperature }),
  });
  assert.equal(answer.status, 200);
}

/** The device's alarms with `status` (ANY, ACTIVE, CLEARED, ...), first page. */
const deviceAlarms = async (device, status) =>
  (await rest('GET', `/api/alarm/DEVICE/${device.id.id}?searchStatus=${status}&pageSize=10&page=0`)).data;

async function saveChain() {
  const { page } = suite;
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor();
}

describe('rule chains, alarms and alarm rules', () => {
  const stamp = Date.now();
  const chainName = `e2e-chain-${stamp}`;
  let chainId;

  it('tenant admin: logs in', async () => {
    await logIn(suite.page, suite.server.baseUrl, 'tenant@pacificsoft.io', 'tenant');
  });

  it('rule chain editor: a chain built from the palette, connected, saved and read back', async () => {
    const { page } = suite;
    await openFromNav('Rule chains');
    await page.getByRole('button', { name: 'Add rule chain' }).click();
    const add = page.getByRole('dialog', { name: 'Add rule chain' });
    await add.getByLabel('Name').fill(chainName);
    await add.getByRole('button', { name: 'Add', exact: true }).click();
    await add.waitFor({ state: 'detached' });

    // The editor's code arrives as its own chunk, only when a chain is opened.
    const chunks = [];
    const onResponse = (response) => {
      if (/\/assets\/.*\.js$/.test(response.url())) chunks.push(response.url());
    };
    page.on('response', onResponse);
    await row(chainName).click();
    await page.getByRole('heading', { name: chainName }).waitFor();
    await page.getByTestId('rule-input').waitFor();
    page.off('response', onResponse);
    assert.ok(chunks.some((url) => /RuleChainPage/.test(url)), `the editor arrives as its own chunk: ${chunks}`);
    chainId = new URL(page.url()).pathname.split('/').pop();

    // A script filter: the form checks the name and the configuration JSON.
    await page.getByRole('button', { name: 'Add Script filter', exact: true }).click();
    let dialog = page.getByRole('dialog', { name: 'Add rule node: Script filter' });
    await dialog.getByLabel('Other configuration (JSON)').fill('{"scriptLang": ');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByText('Name is required').waitFor();
    await dialog.getByText(/Configuration must be valid JSON/).waitFor();
    await dialog.locator('#rule-node-name').fill('Hot?');
    await dialog.getByLabel('Script (JavaScript)').fill('return msg.temperature > 30;');
    await dialog.getByLabel('Other configuration (JSON)').fill('{"scriptLang": "JS"}');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await nodeBox('Hot?').waitFor();
    await page.getByRole('status').filter({ hasText: 'Unsaved changes' }).waitFor();

    await addNode('Save time series', 'Save hot', (d) => d.getByLabel('Default TTL (seconds)').fill('3600'));
    await addNode('Log', 'Log everything');

    // Connected by dragging between the dots; the relation is chosen in a dialog.
    await connectByMouse('Hot?', 'Save hot');
    dialog = page.getByRole('dialog', { name: 'Connect Hot? → Save hot' });
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.getByText('Choose or type at least one relation type').waitFor();
    await dialog.getByLabel('True', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.react-flow__edge-text', { hasText: 'True' }).waitFor();

    // The same through the selection panel, with a custom relation too.
    await nodeBox('Hot?').click();
    await page.getByLabel('Connect to').selectOption({ label: 'Log everything' });
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    dialog = page.getByRole('dialog', { name: 'Connect Hot? → Log everything' });
    await dialog.getByLabel('False', { exact: true }).check();
    await dialog.getByLabel('Custom relation types').fill('Cold, Failure');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await page.locator('.react-flow__edge-text', { hasText: 'False / Cold / Failure' }).waitFor();

    // Moved by the mouse.
    const before = await nodeBox('Save hot').boundingBox();
    await page.mouse.move(before.x + 40, before.y + 15);
    await page.mouse.down();
    await page.mouse.move(before.x + 300, before.y - 40, { steps: 10 });
    await page.mouse.up();
    await shot('01-editor');
    await saveChain();

    let metadata = await rest('GET', `/api/ruleChain/${chainId}/metadata`);
    assert.deepEqual(
      metadata.nodes.map((n) => [n.type, n.name]),
      [
        [`${NODES}filter.TbJsFilterNode`, 'Hot?'],
        [`${NODES}telemetry.TbMsgTimeseriesNode`, 'Save hot'],
        [`${NODES}action.TbLogNode`, 'Log everything'],
      ],
    );
    assert.equal(metadata.nodes[0].configuration.jsScript, 'return msg.temperature > 30;');
    assert.equal(metadata.nodes[0].configuration.scriptLang, 'JS');
    assert.equal(metadata.nodes[1].configuration.defaultTTL, 3600);
    assert.ok(metadata.nodes.every((n) => n.id?.entityType === 'RULE_NODE'), 'the server gave every node an id');
    assert.ok(metadata.nodes.every((n) => Number.isInteger(n.additionalInfo.layoutX) && Number.isInteger(n.additionalInfo.layoutY)));
    assert.equal(metadata.firstNodeIndex, 0, 'the first node added is connected to the Input');
    assert.deepEqual(
      metadata.connections.map((c) => [c.fromIndex, c.toIndex, c.type]).sort(),
      [
        [0, 1, 'True'],
        [0, 2, 'Cold'],
        [0, 2, 'False'],
        [0, 2, 'Failure'],
      ].sort(),
    );
    const moved = metadata.nodes[1].additionalInfo;

    // Read back after a reload: same nodes, same relations, same places.
    await page.reload();
    await nodeBox('Save hot').waitFor();
    await page.locator('.react-flow__edge-text', { hasText: 'True' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor();

    // Edit a node (double-click), remove one with the Delete key, make another the first node.
    await nodeBox('Save hot').dblclick();
    dialog = page.getByRole('dialog', { name: 'Edit rule node Save hot' });
    await dialog.locator('#rule-node-name').fill('Save hot values');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await nodeBox('Save hot values').waitFor();
    await nodeBox('Log everything').click();
    await page.keyboard.press('Delete');
    await nodeBox('Log everything').waitFor({ state: 'detached' });
    await nodeBox('Save hot values').click();
    await page.getByRole('button', { name: 'Make first node' }).click();
    await page.getByRole('complementary', { name: 'Selection' }).getByText('First node').waitFor();
    await shot('02-editor-edited');
    await saveChain();
    metadata = await rest('GET', `/api/ruleChain/${chainId}/metadata`);
    assert.deepEqual(metadata.nodes.map((n) => n.name), ['Hot?', 'Save hot values']);
    assert.deepEqual(metadata.connections, [{ fromIndex: 0, toIndex: 1, type: 'True' }]);
    assert.equal(metadata.firstNodeIndex, 1);
    assert.deepEqual(
      [metadata.nodes[1].additionalInfo.layoutX, metadata.nodes[1].additionalInfo.layoutY],
      [moved.layoutX, moved.layoutY],
    );

    // The server's error is shown: the chain is deleted behind the editor's back.
    await addNode('Log', 'Too late');
    await rest('DELETE', `/api/ruleChain/${chainId}`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: /wasn't found|not found/i }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Unsaved changes' }).waitFor();
    await shot('03-editor-server-error');
  });

  it('node library: the palette by category; a node of each new family added, configured, saved and read back', async () => {
    const { page, server } = suite;
    const chain = await rest('POST', '/api/ruleChain', { name: `e2e-library-${stamp}`, type: 'CORE', debugMode: false });
    const called = await rest('POST', '/api/ruleChain', { name: `e2e-called-${stamp}`, type: 'CORE', debugMode: false });
    // The called chain ends in an output node, whose name the calling node offers as a relation.
    await rest('POST', '/api/ruleChain/metadata', {
      ruleChainId: called.id,
      firstNodeIndex: 0,
      nodes: [{ type: `${NODES}flow.TbRuleChainOutputNode`, name: 'Checked', debugMode: false, configuration: { version: 0 }, additionalInfo: { layoutX: 300, layoutY: 150 } }],
      connections: [],
    });
    await page.goto(`${server.baseUrl}/ruleChains/${chain.id.id}`);
    await page.getByTestId('rule-input').waitFor();

    // The reference's categories, each under its heading; the search narrows them.
    const palette = page.getByRole('complementary', { name: 'Node types' });
    assert.deepEqual(await palette.getByRole('heading').allTextContents(), ['Filter', 'Enrichment', 'Transformation', 'Action', 'External', 'Flow']);
    const inCategory = (heading) =>
      palette.locator('section').filter({ has: page.getByRole('heading', { name: heading, exact: true }) }).locator('.rule-palette-item').allTextContents();
    assert.deepEqual(await inCategory('Enrichment'), [
      'Originator attributes',
      'Originator fields',
      'Customer attributes',
      'Tenant attributes',
      'Related entity data',
      'Originator telemetry',
    ]);
    assert.deepEqual(await inCategory('External'), ['REST API call', 'MQTT']);
    assert.deepEqual(await inCategory('Flow'), ['Rule chain', 'Output']);
    await shot('10-palette');
    // A category folds under its heading.
    const filterHeading = palette.getByRole('button', { name: 'Filter', exact: true });
    await filterHeading.click();
    assert.equal(await filterHeading.getAttribute('aria-expanded'), 'false');
    assert.deepEqual(await inCategory('Filter'), []);
    await filterHeading.click();
    assert.equal((await inCategory('Filter')).length, 6);
    await palette.getByLabel('Search node types').fill('keys');
    assert.deepEqual(await palette.getByRole('heading').allTextContents(), ['Transformation']);
    assert.deepEqual(await inCategory('Transformation'), ['Rename keys', 'Delete keys', 'Copy keys']);
    await shot('11-palette-search');
    await palette.getByLabel('Search node types').fill('');

    // metadata., transform., delay., debug., rpc., action., mqtt., rest., flow.: one of each.
    await addNode('Originator attributes', 'Fetch threshold', async (d) => {
      await d.getByLabel('Server attributes').fill('threshold, ${unitKey}');
      await d.getByLabel('Latest telemetry', { exact: true }).fill('temperature');
      await d.getByLabel('Add to').selectOption({ label: 'Message data' });
    });
    await addNode('Rename keys', 'Short names', async (d) => {
      await d.getByLabel('Keys (old: new)').fill('temperature');
      await d.getByRole('button', { name: 'Add', exact: true }).click();
      await d.getByText('Keys (old: new): write “temperature” as key: value').waitFor();
      await d.getByLabel('Keys (old: new)').fill('temperature: temp\nhumidity: hum');
      await d.getByLabel('Rename in').selectOption({ label: 'Metadata' });
    });
    await addNode('Change originator', 'To the asset', async (d) => {
      assert.equal(await d.getByLabel('Entity name').count(), 0, 'entity fields only for "Entity by name"');
      await d.getByLabel('New originator').selectOption({ label: 'Entity by name' });
      await d.getByLabel('Entity type').selectOption('ASSET');
      await d.getByLabel('Entity name').fill('${assetName}');
    });
    await addNode('Delay', 'Wait a bit', async (d) => {
      await d.getByLabel('Period (seconds)').fill('5');
      await d.getByLabel('Most messages held').fill('10');
    });
    await addNode('Generator', 'Tick', async (d) => {
      await d.getByLabel('Number of messages').fill('1');
      await d.getByLabel('Period (seconds)').fill('60');
      await d.getByLabel('Originator', { exact: true }).selectOption('DEVICE');
      await d.getByLabel('Originator id').waitFor();
      await d.getByLabel('Originator', { exact: true }).selectOption({ label: 'This node' });
      assert.equal(await d.getByLabel('Originator id').count(), 0);
    });
    await addNode('RPC call request', 'Ask the device', (d) => d.getByLabel('Time-out (seconds)').fill('30'));
    await addNode('Message count', 'Count them', async (d) => {
      await d.getByLabel('Interval (seconds)').fill('5');
      await d.getByLabel('Telemetry key prefix').fill('e2eCount');
    });
    await addNode('MQTT', 'Publish', async (d) => {
      await d.getByRole('button', { name: 'Add', exact: true }).click();
      await d.getByText('Host is required').waitFor();
      await d.getByLabel('Topic').fill('e2e/${deviceName}');
      await d.getByLabel('Host').fill('127.0.0.1');
      await d.getByLabel('Port').fill(String(server.mqttPort));
      await d.getByLabel('Credentials').selectOption('basic');
      await d.getByLabel('User name').fill('e2e-user');
      await d.getByLabel('Password').fill('e2e secret ');
    });
    await addNode('REST API call', 'Call out', async (d) => {
      assert.equal(await d.getByLabel('Headers (name: value)').inputValue(), 'Content-Type: application/json');
      await d.getByLabel('Endpoint URL').fill(`${server.baseUrl}/api/noauth/e2e/\${deviceName}`);
      await d.getByLabel('Method').selectOption('PUT');
      await d.getByLabel('Headers (name: value)').fill('Content-Type: application/json\nX-Trace: e2e: yes');
    });
    await addNode('Rule chain', 'Call the other chain', async (d) => {
      await d.getByRole('button', { name: 'Add', exact: true }).click();
      await d.locator('.field-error', { hasText: 'Choose a rule chain' }).waitFor();
      await d.locator('#rule-node-ruleChainId').selectOption({ label: `e2e-called-${stamp}` });
    });
    await addNode('Output', 'Done');
    // The output node has no exit dot, the generator no entry dot.
    assert.equal(await nodeBox('Done').locator('xpath=..').locator('.react-flow__handle.source').count(), 0);
    assert.equal(await nodeBox('Tick').locator('xpath=..').locator('.react-flow__handle.target').count(), 0);
    await nodeBox('Fetch threshold').click();
    await page.getByLabel('Connect to').selectOption({ label: 'Short names' });
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const connect = page.getByRole('dialog', { name: 'Connect Fetch threshold → Short names' });
    await connect.getByLabel('Success', { exact: true }).check();
    await connect.getByRole('button', { name: 'Apply' }).click();
    await nodeBox('Call the other chain').click();
    await page.getByLabel('Connect to').selectOption({ label: 'Done' });
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const back = page.getByRole('dialog', { name: 'Connect Call the other chain → Done' });
    await back.getByLabel('Checked', { exact: true }).check();
    await shot('12-rule-chain-relations');
    await back.getByRole('button', { name: 'Apply' }).click();
    await page.locator('.react-flow__edge-text', { hasText: 'Checked' }).waitFor();
    await saveChain();
    await shot('13-library-chain');

    const metadata = await rest('GET', `/api/ruleChain/${chain.id.id}/metadata`);
    const config = (short) => {
      const node = metadata.nodes.find((n) => n.type === NODES + short);
      assert.ok(node, `${short} saved`);
      return node.configuration;
    };
    assert.deepEqual(config('metadata.TbGetAttributesNode'), {
      clientAttributeNames: [],
      sharedAttributeNames: [],
      serverAttributeNames: ['threshold', '${unitKey}'],
      latestTsKeyNames: ['temperature'],
      tellFailureIfAbsent: true,
      getLatestValueWithTs: false,
      fetchTo: 'DATA',
    });
    assert.deepEqual(config('transform.TbRenameKeysNode'), { renameKeysMapping: { temperature: 'temp', humidity: 'hum' }, renameIn: 'METADATA' });
    assert.deepEqual(config('transform.TbChangeOriginatorNode'), {
      originatorSource: 'ENTITY',
      entityType: 'ASSET',
      entityNamePattern: '${assetName}',
      relationsQuery: { direction: 'FROM', maxLevel: 1, filters: [{ relationType: 'Contains', entityTypes: [] }], fetchLastLevelOnly: false },
    });
    assert.deepEqual(config('delay.TbMsgDelayNode'), { periodInSeconds: 5, maxPendingMsgs: 10, useMetadataPeriodInSecondsPatterns: false });
    const generator = config('debug.TbMsgGeneratorNode');
    assert.deepEqual([generator.msgCount, generator.periodInSeconds, generator.originatorType, generator.scriptLang], [1, 60, 'RULE_NODE', 'JS']);
    assert.ok(!('originatorId' in generator), 'no originator id for "This node"');
    assert.match(generator.jsScript, /return \{ msg: msg, metadata: metadata, msgType: msgType \};/);
    assert.deepEqual(config('rpc.TbSendRPCRequestNode'), { timeoutInSeconds: 30 });
    assert.deepEqual(config('action.TbMsgCountNode'), { interval: 5, telemetryPrefix: 'e2eCount' });
    const mqtt = config('mqtt.TbMqttNode');
    assert.deepEqual(
      [mqtt.topicPattern, mqtt.host, mqtt.port, mqtt.cleanSession, mqtt.ssl, mqtt.credentials],
      ['e2e/${deviceName}', '127.0.0.1', server.mqttPort, true, false, { type: 'basic', username: 'e2e-user', password: 'e2e secret ' }],
    );
    const restCall = config('rest.TbRestApiCallNode');
    assert.deepEqual(
      [restCall.restEndpointUrlPattern, restCall.requestMethod, restCall.headers, restCall.credentials, restCall.maxInMemoryBufferSizeInKb],
      [`${server.baseUrl}/api/noauth/e2e/\${deviceName}`, 'PUT', { 'Content-Type': 'application/json', 'X-Trace': 'e2e: yes' }, { type: 'anonymous' }, 256],
    );
    assert.deepEqual(config('flow.TbRuleChainInputNode'), { ruleChainId: called.id.id, forwardMsgToDefaultRuleChain: false });
    assert.deepEqual(config('flow.TbRuleChainOutputNode'), { version: 0 });
    const index = (name) => metadata.nodes.findIndex((n) => n.name === name);
    assert.deepEqual(
      metadata.connections.map((c) => [c.fromIndex, c.toIndex, c.type]).sort(),
      [
        [index('Fetch threshold'), index('Short names'), 'Success'],
        [index('Call the other chain'), index('Done'), 'Checked'],
      ].sort(),
    );

    // Read back into the forms after a reload.
    await page.reload();
    await nodeBox('Call the other chain').dblclick();
    let dialog = page.getByRole('dialog', { name: 'Edit rule node Call the other chain' });
    const select = dialog.locator('#rule-node-ruleChainId');
    await dialog.locator('option', { hasText: `e2e-called-${stamp}` }).waitFor({ state: 'attached' });
    assert.equal(await select.inputValue(), called.id.id);
    await shot('14-rule-chain-node-form');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await nodeBox('Publish').dblclick();
    dialog = page.getByRole('dialog', { name: 'Edit rule node Publish' });
    assert.equal(await dialog.getByLabel('User name').inputValue(), 'e2e-user');
    await dialog.getByLabel('Credentials').selectOption('anonymous');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await saveChain();
    const after = await rest('GET', `/api/ruleChain/${chain.id.id}/metadata`);
    assert.deepEqual(after.nodes.find((n) => n.name === 'Publish').configuration.credentials, { type: 'anonymous' }, 'switching to anonymous drops the password');
  });

  it('alarms: a chain made in the editor raises them from HTTP telemetry; listed, filtered, acknowledged, cleared, deleted', async () => {
    const { page, server } = suite;
    const alarmChain = `e2e-alarm-chain-${stamp}`;
    const chain = await rest('POST', '/api/ruleChain', { name: alarmChain, type: 'CORE', debugMode: false });
    await page.goto(`${server.baseUrl}/ruleChains/${chain.id.id}`);
    await page.getByTestId('rule-input').waitFor();
    await addNode('Script filter', 'Too hot?', (d) => d.getByLabel('Script (JavaScript)').fill('return msg.temperature > 30;'));
    await addNode('Create alarm', 'Raise high temperature', async (d) => {
      await d.getByLabel('Alarm type').fill('High temperature');
      await d.getByLabel('Severity').selectOption('MAJOR');
    });
    await nodeBox('Too hot?').click();
    await page.getByLabel('Connect to').selectOption({ label: 'Raise high temperature' });
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const connect = page.getByRole('dialog', { name: 'Connect Too hot? → Raise high temperature' });
    await connect.getByLabel('True', { exact: true }).check();
    await connect.getByRole('button', { name: 'Apply' }).click();
    await saveChain();
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Rule chains' }).click();
    await row(alarmChain).getByRole('button', { name: 'Make root' }).click();
    await page.getByRole('dialog', { name: 'Make root rule chain' }).getByRole('button', { name: 'Make root' }).click();
    await row(alarmChain).filter({ hasText: 'Root' }).waitFor();

    // A device of the demo customer (so that its users see the alarms) sends a hot reading.
    const deviceName = `e2e-alarm-device-${stamp}`;
    const device = await rest('POST', '/api/device', { name: deviceName, type: 'default' });
    const customers = await rest('GET', '/api/customers?pageSize=50&page=0&textSearch=Demo');
    const customer = customers.data.find((c) => c.title === 'Demo Customer');
    await rest('POST', `/api/customer/${customer.id.id}/device/${device.id.id}`);
    const token = await deviceToken(device);
    const post = (temperature) => postTemperature(token, temperature);
    const waitForAlarms = async (count, status = 'ANY') => {
      for (let i = 0; i < 100; i += 1) {
        const found = await deviceAlarms(device, status);
        if (found.length >= count) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.fail(`no ${count} alarm(s) of ${deviceName}`);
    };
    await post(20); // not hot: no alarm
    await post(42);
    const [raised] = await waitForAlarms(1);
    assert.equal(raised.type, 'High temperature');
    assert.equal(raised.severity, 'MAJOR');

    await openFromNav('Alarms');
    const alarmRow = row('High temperature').filter({ hasText: deviceName });
    await alarmRow.filter({ hasText: 'Major' }).filter({ hasText: 'Active, unacknowledged' }).waitFor();
    // Severity filter (done here: the server filters by status only).
    await page.getByLabel('Alarm severity').selectOption({ label: 'Critical' });
    await page.getByText('No alarms match.').waitFor();
    await page.getByLabel('Alarm severity').selectOption({ label: 'Major' });
    await alarmRow.waitFor();
    await shot('04-alarms');

    await alarmRow.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('dialog', { name: 'Acknowledge alarm' }).getByRole('button', { name: 'Acknowledge' }).click();
    await alarmRow.filter({ hasText: 'Active, acknowledged' }).waitFor();
    assert.equal((await rest('GET', `/api/alarm/${raised.id.id}`)).acknowledged, true);
    await alarmRow.getByRole('cell', { name: 'High temperature' }).click();
    let dialog = page.getByRole('dialog', { name: 'Alarm High temperature' });
    await dialog.getByText('Active, acknowledged').waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await alarmRow.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('dialog', { name: 'Clear alarm' }).getByRole('button', { name: 'Clear' }).click();
    await page.getByText('No alarms match.').waitFor(); // only active ones are shown
    await page.getByLabel('Alarm status').selectOption({ label: 'Cleared' });
    await alarmRow.filter({ hasText: 'Cleared, acknowledged' }).waitFor();
    assert.equal((await rest('GET', `/api/alarm/${raised.id.id}`)).cleared, true);

    // The device page's tab; a second hot reading raises a new alarm.
    await post(45);
    await waitForAlarms(1, 'ACTIVE');
    await page.goto(`${server.baseUrl}/devices/${device.id.id}`);
    await page.getByRole('tab', { name: 'Alarms' }).click();
    const table = page.getByRole('table', { name: `Alarms of ${deviceName}` });
    await table.getByRole('row').filter({ hasText: 'Active, unacknowledged' }).waitFor();
    await page.getByLabel('Alarm status').selectOption({ label: 'Any status' });
    await table.getByRole('row').filter({ hasText: 'Cleared, acknowledged' }).waitFor();
    await shot('05-device-alarms');
    await table.getByRole('row').filter({ hasText: 'Cleared, acknowledged' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete alarm' }).getByRole('button', { name: 'Delete' }).click();
    await table.getByRole('row').filter({ hasText: 'Cleared, acknowledged' }).waitFor({ state: 'detached' });
    assert.equal((await waitForAlarms(1)).length, 1, 'the deleted alarm is gone');

    // An alarms table widget on a dashboard: shows the active alarm, clears it.
    const dashboard = await rest('POST', '/api/dashboard', { title: `e2e-alarms-${stamp}` });
    await page.goto(`${server.baseUrl}/dashboards/${dashboard.id.id}`);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('button', { name: 'Add widget' }).click();
    dialog = page.getByRole('dialog', { name: 'Add widget' });
    await dialog.getByLabel('Widget type').selectOption({ label: 'Alarms table' });
    await dialog.getByLabel('Title').fill('Open alarms');
    await dialog.getByText('None chosen: all devices').waitFor();
    await dialog.getByLabel('Rows').fill('0');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByText('Rows must be a whole number from 1 to 100').waitFor();
    await dialog.getByLabel('Rows').fill('5');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    const stored = await rest('GET', `/api/dashboard/${dashboard.id.id}`);
    const widget = Object.values(stored.configuration.widgets)[0];
    assert.equal(widget.typeFullFqn, 'system.alarm_widgets.alarms_table');
    assert.equal(widget.type, 'alarm');
    assert.deepEqual(widget.config.settings, { searchStatus: 'ACTIVE', maxRows: 5 });
    const inWidget = page.getByRole('table', { name: 'Open alarms' });
    await inWidget.getByRole('row').filter({ hasText: deviceName }).filter({ hasText: 'Major' }).waitFor();
    await shot('06-dashboard-alarms-widget');
    await inWidget.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('dialog', { name: 'Clear alarm' }).getByRole('button', { name: 'Clear' }).click();
    await inWidget.getByText('No alarms.').waitFor();
    assert.equal((await waitForAlarms(0, 'ACTIVE')).length, 0);

    // Raised once more, for the customer user.
    await post(50);
    await waitForAlarms(1, 'ACTIVE');
  });

  it('customer user: sees the alarms of its devices and acknowledges one', async () => {
    const { page, server } = suite;
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn(page, server.baseUrl, 'customer@pacificsoft.io', 'customer');
    await openFromNav('Alarms');
    const alarmRow = row('High temperature').filter({ hasText: 'Active, unacknowledged' });
    await alarmRow.waitFor();
    await alarmRow.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('dialog', { name: 'Acknowledge alarm' }).getByRole('button', { name: 'Acknowledge' }).click();
    await row('High temperature').filter({ hasText: 'Active, acknowledged' }).waitFor();
    await shot('07-customer-alarms');
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn(page, server.baseUrl, 'tenant@pacificsoft.io', 'tenant');
  });

  it('device profile alarm rules: the form writes the reference JSON, read back after a reload; JSON for the rest', async () => {
    const { page } = suite;
    const name = `e2e-alarm-rules-${stamp}`;
    const created = await rest('POST', '/api/deviceProfile', {
      name,
      type: 'DEFAULT',
      transportType: 'DEFAULT',
      provisionType: 'DISABLED',
      profileData: { configuration: { type: 'DEFAULT' }, transportConfiguration: { type: 'DEFAULT' }, provisionConfiguration: { type: 'DISABLED', provisionDeviceSecret: null }, alarms: null },
    });
    await openFromNav('Device profiles');
    await row(name).click();
    await page.getByRole('heading', { name }).waitFor();
    await page.getByRole('tab', { name: 'Alarm rules' }).click();
    await page.getByText('No alarm rules').waitFor();
    await page.getByRole('button', { name: 'Add alarm rule' }).click();
    await page.getByRole('button', { name: 'Save alarm rules' }).click();
    await page.getByText('Alarm type is required').waitFor();
    await page.getByText('Key is required').waitFor();
    await page.getByText('Enter a number').waitFor();

    await page.getByLabel('Alarm type').fill('High temperature');
    const rule = 'High temperature';
    await page.getByLabel(`${rule} CRITICAL key`, { exact: true }).fill('temperature');
    await page.getByLabel(`${rule} CRITICAL value`, { exact: true }).fill('30');
    await page.getByRole('button', { name: 'Add severity' }).click();
    await page.getByLabel(`${rule} MAJOR key`, { exact: true }).fill('temperature');
    await page.getByLabel(`${rule} MAJOR operation`, { exact: true }).selectOption({ label: '≥' });
    await page.getByLabel(`${rule} MAJOR value`, { exact: true }).fill('25.5');
    await page.getByRole('button', { name: 'Add clear condition' }).click();
    await page.getByLabel(`${rule} clear key`, { exact: true }).fill('temperature');
    await page.getByLabel(`${rule} clear operation`, { exact: true }).selectOption({ label: '<' });
    await page.getByLabel(`${rule} clear value`, { exact: true }).fill('20');
    await page.getByRole('button', { name: 'Add alarm rule' }).click();
    await page.getByLabel('Alarm type').nth(1).fill('Door open');
    await page.getByLabel('Door open CRITICAL key type', { exact: true }).selectOption({ label: 'Attribute' });
    await page.getByLabel('Door open CRITICAL key', { exact: true }).fill('door');
    await page.getByLabel('Door open CRITICAL value type', { exact: true }).selectOption({ label: 'Boolean' });
    await page.getByLabel('Door open severity 1', { exact: true }).selectOption({ label: 'Warning' });
    await shot('08-profile-alarm-rules');
    await page.getByRole('button', { name: 'Save alarm rules' }).click();
    await page.getByText('Alarm rules saved.').waitFor();

    let stored = await rest('GET', `/api/deviceProfile/${created.id.id}`);
    const [high, door] = stored.profileData.alarms;
    assert.equal(typeof high.id, 'string');
    assert.ok(high.id.length > 0);
    assert.equal(high.alarmType, 'High temperature');
    assert.equal(high.propagate, false);
    const temperature = (operation, defaultValue) => ({
      condition: [
        {
          key: { type: 'TIME_SERIES', key: 'temperature' },
          valueType: 'NUMERIC',
          value: null,
          predicate: { type: 'NUMERIC', operation, value: { defaultValue, userValue: null, dynamicValue: null } },
        },
      ],
      spec: { type: 'SIMPLE' },
    });
    assert.deepEqual(Object.keys(high.createRules), ['CRITICAL', 'MAJOR']);
    assert.deepEqual(high.createRules.CRITICAL.condition, temperature('GREATER', 30));
    assert.deepEqual(high.createRules.MAJOR.condition, temperature('GREATER_OR_EQUAL', 25.5));
    assert.deepEqual(high.clearRule.condition, temperature('LESS', 20));
    assert.equal(door.alarmType, 'Door open');
    assert.deepEqual(Object.keys(door.createRules), ['WARNING']);
    assert.deepEqual(door.createRules.WARNING.condition.condition[0], {
      key: { type: 'ATTRIBUTE', key: 'door' },
      valueType: 'BOOLEAN',
      value: null,
      predicate: { type: 'BOOLEAN', operation: 'EQUAL', value: { defaultValue: true, userValue: null, dynamicValue: null } },
    });
    assert.equal(door.clearRule, null);
    assert.deepEqual(stored.profileData.provisionConfiguration, { type: 'DISABLED', provisionDeviceSecret: null }, 'the rest of profileData kept');

    // Read back after a reload.
    await page.reload();
    await page.getByRole('tab', { name: 'Alarm rules' }).click();
    assert.equal(await page.getByLabel(`${rule} MAJOR value`, { exact: true }).inputValue(), '25.5');
    assert.equal(await page.getByLabel(`${rule} clear operation`, { exact: true }).inputValue(), 'LESS');
    assert.equal(await page.getByLabel('Door open WARNING value', { exact: true }).inputValue(), 'true');

    // A duration condition is beyond the form: edited as JSON, kept, and the form says why it cannot show it.
    await page.getByRole('button', { name: 'JSON', exact: true }).click();
    const editor = page.getByLabel('Alarm rules (JSON)');
    const alarms = JSON.parse(await editor.inputValue());
    alarms[0].createRules.CRITICAL.condition.spec = { type: 'DURATION', unit: 'SECONDS', predicate: { defaultValue: 10, userValue: null, dynamicValue: null } };
    await editor.fill('[{"alarmType": 1}]');
    await page.getByRole('button', { name: 'Save alarm rules' }).click();
    await page.getByText('Rule 1 needs an alarmType').waitFor();
    await editor.fill(JSON.stringify(alarms, null, 2));
    await page.getByRole('button', { name: 'Form', exact: true }).click();
    await page.getByText('The form cannot show these rules: “High temperature” uses a duration condition.').waitFor();
    await page.getByRole('button', { name: 'Save alarm rules' }).click();
    await page.getByText('Alarm rules saved.').waitFor();
    await shot('09-profile-alarm-rules-json');
    stored = await rest('GET', `/api/deviceProfile/${created.id.id}`);
    assert.deepEqual(stored.profileData.alarms, alarms);
  });

  it("device profile alarm rules: a fresh tenant's default root chain raises the alarm written in the form from HTTP telemetry, and clears it", async () => {
    const { page, server } = suite;
    // A tenant of its own, made by the system administrator, so its root chain is the default one.
    const sysadmin = await apiCall(server.baseUrl, 'POST', '/api/auth/login', { body: { username: 'sysadmin@pacificsoft.io', password: 'sysadmin' } });
    const asSysadmin = (method, urlPath, body) => apiCall(server.baseUrl, method, urlPath, { token: sysadmin.token, body });
    const tenant = await asSysadmin('POST', '/api/tenant', { title: `e2e-alarm-tenant-${stamp}` });
    const email = `e2e-alarm-admin-${stamp}@example.com`;
    const admin = await asSysadmin('POST', '/api/user?sendActivationMail=false', { email, authority: 'TENANT_ADMIN', tenantId: tenant.id, firstName: 'Alarm', lastName: 'Admin' });
    const link = await fetch(`${server.baseUrl}/api/user/${admin.id.id}/activationLink`, { headers: { 'X-Authorization': `Bearer ${sysadmin.token}` } });
    const activateToken = new URL(await link.text()).searchParams.get('activateToken');
    await apiCall(server.baseUrl, 'POST', '/api/noauth/activate', { body: { activateToken, password: 'alarm-secret' } });
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn(page, server.baseUrl, email, 'alarm-secret');

    const chains = await rest('GET', '/api/ruleChains?pageSize=50&page=0');
    const root = chains.data.find((c) => c.root);
    const rootNodes = (await rest('GET', `/api/ruleChain/${root.id.id}/metadata`)).nodes.map((n) => n.type);
    assert.ok(rootNodes.includes(`${NODES}profile.TbDeviceProfileNode`), `the default root chain has the device profile node: ${rootNodes}`);

    // The rule through the form: CRITICAL above 30, cleared below 20.
    const profileName = `e2e-thermostat-${stamp}`;
    const profile = await rest('POST', '/api/deviceProfile', {
      name: profileName,
      type: 'DEFAULT',
      transportType: 'DEFAULT',
      provisionType: 'DISABLED',
      profileData: { configuration: { type: 'DEFAULT' }, transportConfiguration: { type: 'DEFAULT' }, provisionConfiguration: { type: 'DISABLED', provisionDeviceSecret: null }, alarms: null },
    });
    await openFromNav('Device profiles');
    await row(profileName).click();
    await page.getByRole('heading', { name: profileName }).waitFor();
    await page.getByRole('tab', { name: 'Alarm rules' }).click();
    await page.getByRole('button', { name: 'Add alarm rule' }).click();
    await page.getByLabel('Alarm type').fill('Overheating');
    await page.getByLabel('Overheating CRITICAL key', { exact: true }).fill('temperature');
    await page.getByLabel('Overheating CRITICAL value', { exact: true }).fill('30');
    await page.getByRole('button', { name: 'Add clear condition' }).click();
    await page.getByLabel('Overheating clear key', { exact: true }).fill('temperature');
    await page.getByLabel('Overheating clear operation', { exact: true }).selectOption({ label: '<' });
    await page.getByLabel('Overheating clear value', { exact: true }).fill('20');
    await page.getByRole('button', { name: 'Save alarm rules' }).click();
    await page.getByText('Alarm rules saved.').waitFor();
    const [rule] = (await rest('GET', `/api/deviceProfile/${profile.id.id}`)).profileData.alarms;
    assert.equal(rule.createRules.CRITICAL.condition.condition[0].predicate.operation, 'GREATER');

    const deviceName = `e2e-thermostat-device-${stamp}`;
    const device = await rest('POST', '/api/device', { name: deviceName, type: profileName, deviceProfileId: profile.id });
    assert.equal(device.deviceProfileId.id, profile.id.id);
    const token = await deviceToken(device);
    const post = (temperature) => postTemperature(token, temperature);
    const alarms = (status) => deviceAlarms(device, status);
    /** Posts `temperature` once a second (profiles are re-read every 5 s) until `done` holds. */
    const postUntil = async (temperature, done, what) => {
      for (let i = 0; i < 20; i += 1) {
        await post(temperature);
        for (let j = 0; j < 10; j += 1) {
          if (await done()) return;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      assert.fail(`${what} after posting ${temperature} for 20 s`);
    };

    await post(25);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await alarms('ANY'), [], '25 is not above 30');
    await postUntil(42, async () => (await alarms('ACTIVE')).length === 1, 'no active alarm');
    const [raised] = await alarms('ACTIVE');
    assert.deepEqual([raised.type, raised.severity, raised.status, raised.originator.id], ['Overheating', 'CRITICAL', 'ACTIVE_UNACK', device.id.id]);

    await openFromNav('Alarms');
    const alarmRow = row('Overheating').filter({ hasText: deviceName });
    await alarmRow.filter({ hasText: 'Critical' }).filter({ hasText: 'Active, unacknowledged' }).waitFor();
    await shot('15-profile-alarm-raised');

    await postUntil(12, async () => (await alarms('CLEARED')).length === 1, 'the alarm not cleared');
    await page.reload();
    await page.getByText('No alarms match.').waitFor();
    await page.getByLabel('Alarm status').selectOption({ label: 'Cleared' });
    await alarmRow.filter({ hasText: 'Cleared, unacknowledged' }).waitFor();
    await shot('16-profile-alarm-cleared');
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(suite.browser.pageErrors, []);
  });
});
