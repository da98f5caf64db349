// End-to-end test of the rule engine screens: the rule chain editor (React Flow, its own chunk),
// alarms raised by a chain and handled in the alarms screen, the device page and a dashboard
// widget, and a device profile's alarm rules. Screenshots: screenshots/rules-*.png.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logIn } from './browser.mjs';
import { browserSuite } from './harness.mjs';

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

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(suite.browser.pageErrors, []);
  });
});
