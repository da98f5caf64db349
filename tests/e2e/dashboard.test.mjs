// End-to-end test of the dashboard screen: a tenant administrator builds a dashboard of widgets
// for a device whose telemetry arrives over the HTTP device API, saves it, reloads it, watches a
// value arrive live, and a customer user sees it read-only. Screenshots: screenshots/dashboard-*.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchBrowser, logIn } from './browser.mjs';
import { apiCall, startServer } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const binary = path.resolve(repo, process.env.PACIFICSOFT_BIN ?? 'build/pacificsoft');
const uiDir = path.resolve(repo, 'ui', 'dist');
const chromiumPath = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const shots = path.join(here, 'screenshots');

let server;
let browser;
let page;

const shot = (name) => page.screenshot({ path: path.join(shots, `dashboard-${name}.png`), fullPage: true });
const token = () => page.evaluate(() => localStorage.getItem('pacificsoft.token'));
const widget = (title) => page.getByRole('region', { name: title, exact: true });
const layoutOf = async (title) => (await widget(title).getAttribute('data-layout')).split(',').map(Number);

/** What a device sends over the HTTP device API (POST /api/v1/{token}/telemetry). */
async function publish(accessToken, values) {
  const response = await fetch(`${server.baseUrl}/api/v1/${accessToken}/telemetry`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(values),
  });
  assert.equal(response.status, 200, await response.text());
}

/** Fills the Add widget dialog: the type, a title, the device(s), key(s), settings. */
async function addWidget({ type, title, device, key, keys = [], settings = {} }) {
  await page.getByRole('button', { name: 'Add widget' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add widget' });
  await dialog.getByLabel('Widget type').selectOption({ label: type });
  await dialog.getByLabel('Title').fill(title);
  const single = dialog.locator('#widget-device');
  await dialog.getByText(device, { exact: true }).or(single.locator('option', { hasText: device })).first().waitFor({ state: 'attached' });
  if (await single.count()) await single.selectOption({ label: device });
  else await dialog.getByRole('checkbox', { name: device, exact: true }).check();
  if (key) await dialog.getByLabel('Key', { exact: true }).fill(key);
  for (const k of keys) await dialog.getByRole('checkbox', { name: k, exact: true }).check();
  for (const [label, value] of Object.entries(settings)) {
    const field = dialog.getByLabel(label);
    if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption({ label: value });
    else await field.fill(value);
  }
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await widget(title).waitFor();
}

/** Drags with the mouse from the middle-left of `locator` by dx, dy pixels. */
async function drag(locator, dx, dy, { corner = false } = {}) {
  const box = await locator.boundingBox();
  const x = corner ? box.x + box.width - 4 : box.x + 24;
  const y = corner ? box.y + box.height - 4 : box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
  await page.mouse.move(x + dx, y + dy, { steps: 4 });
  await page.mouse.up();
}

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  for (const file of fs.readdirSync(shots)) if (file.startsWith('dashboard-')) fs.rmSync(path.join(shots, file));
  server = await startServer({ binary, uiDir });
  browser = await launchBrowser(chromiumPath);
  page = browser.page;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('dashboard screen', () => {
  const stamp = Date.now();
  const deviceName = `e2e-dash-device-${stamp}`;
  const title = `e2e-dashboard-${stamp}`;
  let device;
  let accessToken;
  let dashboardId;

  it('tenant admin: a device sends telemetry over the HTTP device API', async () => {
    await logIn(page, server.baseUrl, 'tenant@pacificsoft.io', 'tenant');
    device = await apiCall(server.baseUrl, 'POST', '/api/device', { token: await token(), body: { name: deviceName } });
    const credentials = await apiCall(server.baseUrl, 'GET', `/api/device/${device.id.id}/credentials`, { token: await token() });
    accessToken = credentials.credentialsId;
    await publish(accessToken, { temperature: 21.5 });
  });

  it('tenant admin: creates a dashboard and opens it from the list', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards', exact: true }).click();
    await page.getByRole('button', { name: 'Add dashboard' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add dashboard' });
    await dialog.getByLabel('Title').fill(title);
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    await page.getByText('No widgets yet. Choose Edit, then Add widget.').waitFor();
    dashboardId = new URL(page.url()).pathname.split('/').pop();
    await shot('01-empty');
  });

  it('tenant admin: adds a latest-value card and a chart, moves and resizes them, saves', async () => {
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    // The form checks before it closes.
    await page.getByRole('button', { name: 'Add widget' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add widget' });
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByText('Title is required').waitFor();
    await dialog.getByText('Choose at least one device').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await addWidget({ type: 'Latest value card', title: 'Temperature', device: deviceName, key: 'temperature', settings: { Units: '°C' } });
    await widget('Temperature').getByTestId('value-card-value').filter({ hasText: '21.5 °C' }).waitFor();
    await addWidget({ type: 'Time-series line chart', title: 'Temperature history', device: deviceName, keys: ['temperature'] });
    assert.deepEqual(await layoutOf('Temperature'), [0, 0, 6, 3]);
    assert.deepEqual(await layoutOf('Temperature history'), [0, 3, 12, 6]);

    // Move the card six columns right by its title bar; widen and lengthen the chart by its corner.
    const grid = await page.getByTestId('dashboard-grid').boundingBox();
    const colStep = (grid.width + 10) / 24;
    await drag(widget('Temperature').locator('.widget-header'), 6 * colStep, 0);
    assert.deepEqual(await layoutOf('Temperature'), [6, 0, 6, 3]);
    await drag(widget('Temperature history'), 4 * colStep, 58, { corner: true });
    assert.deepEqual(await layoutOf('Temperature history'), [0, 3, 16, 7]);
    // The keyboard moves too: a focused title bar and an arrow key.
    await widget('Temperature').locator('.widget-header').focus();
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await layoutOf('Temperature'), [7, 0, 6, 3]);
    await shot('02-editing');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();

    // Stored as ThingsBoard stores it.
    const stored = await apiCall(server.baseUrl, 'GET', `/api/dashboard/${dashboardId}`, { token: await token() });
    const config = stored.configuration;
    const widgets = Object.values(config.widgets);
    assert.deepEqual(widgets.map((w) => w.typeFullFqn).sort(), ['system.cards.value_card', 'system.charts.timeseries_line']);
    const card = widgets.find((w) => w.config.title === 'Temperature');
    assert.equal(card.type, 'latest');
    assert.deepEqual(card.config.datasources[0].dataKeys.map((k) => k.name), ['temperature']);
    assert.equal(card.config.settings.units, '°C');
    const alias = config.entityAliases[card.config.datasources[0].entityAliasId];
    assert.deepEqual(alias.filter, { type: 'singleEntity', singleEntity: { entityType: 'DEVICE', id: device.id.id } });
    const layout = config.states.default.layouts.main.widgets[card.id];
    assert.deepEqual([layout.col, layout.row, layout.sizeX, layout.sizeY], [7, 0, 6, 3]);
    assert.equal(config.states.default.layouts.main.gridSettings.columns, 24);
  });

  it('reload: the widgets come back with the value; a new value arrives live', async () => {
    await page.reload();
    await page.getByRole('heading', { name: title }).waitFor();
    const value = widget('Temperature').getByTestId('value-card-value');
    await value.filter({ hasText: '21.5 °C' }).waitFor();
    const chart = widget('Temperature history').locator('.chart-wrap');
    await page.waitForFunction((el) => Number(el.getAttribute('data-points')) >= 1, await chart.elementHandle());
    assert.equal(await widget('Temperature history').locator('canvas').count() > 0, true);
    assert.deepEqual(await layoutOf('Temperature'), [7, 0, 6, 3]);
    await widget('Temperature').getByRole('status', { name: 'Live updates: Live' }).waitFor();

    await publish(accessToken, { temperature: 23.75 });
    await value.filter({ hasText: '23.75 °C' }).waitFor();
    await page.waitForFunction((el) => Number(el.getAttribute('data-points')) >= 2, await chart.elementHandle());
    await shot('03-view-live');
  });

  it('time window: aggregated, changed for a look in view mode (not saved)', async () => {
    await page.getByRole('button', { name: /^Time window: Last 5 min/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Time window' });
    await dialog.getByLabel('Last (minutes)').fill('0');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.getByText(/Enter whole minutes/).waitFor();
    await dialog.getByLabel('Last (minutes)').fill('10');
    await dialog.getByLabel('Aggregation').selectOption('AVG');
    await dialog.getByLabel('Interval').selectOption({ label: '1 minute' });
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('button', { name: 'Time window: Last 10 min (realtime), avg' }).waitFor();
    const chart = widget('Temperature history').locator('.chart-wrap');
    await page.waitForFunction((el) => el.getAttribute('aria-busy') === 'false' && Number(el.getAttribute('data-points')) >= 1, await chart.elementHandle());
    const stored = await apiCall(server.baseUrl, 'GET', `/api/dashboard/${dashboardId}`, { token: await token() });
    assert.equal(stored.configuration.timewindow?.aggregation?.type ?? 'NONE', 'NONE');
  });

  it('tenant admin: gauge, entities table, map and RPC widgets; removing one', async () => {
    await publish(accessToken, { latitude: 52.37, longitude: 4.89 });
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    // Settings are checked too.
    await page.getByRole('button', { name: 'Add widget' }).click();
    let dialog = page.getByRole('dialog', { name: 'Add widget' });
    await dialog.getByLabel('Widget type').selectOption({ label: 'Gauge' });
    await dialog.getByLabel('Minimum').fill('60');
    await dialog.getByLabel('Maximum').fill('50');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByText('The minimum must be below the maximum').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await addWidget({ type: 'Gauge', title: 'Gauge', device: deviceName, key: 'temperature', settings: { Minimum: '0', Maximum: '50' } });
    await addWidget({ type: 'Entities table', title: 'Table', device: deviceName, keys: ['temperature', 'latitude'] });
    await addWidget({ type: 'Map', title: 'Where', device: deviceName });
    await addWidget({
      type: 'RPC button / switch',
      title: 'Reboot',
      device: deviceName,
      settings: { Method: 'reboot', 'Parameters (JSON)': '{"delay": 1}', 'Timeout (ms)': '1000' },
    });
    await addWidget({
      type: 'RPC button / switch',
      title: 'Power',
      device: deviceName,
      settings: { Control: 'Switch (sends true / false)', Method: 'setPower', 'Timeout (ms)': '1000' },
    });
    await widget('Gauge').getByRole('img', { name: 'Gauge: 23.75' }).waitFor();
    await widget('Table').getByRole('row').filter({ hasText: deviceName }).filter({ hasText: '23.75' }).waitFor();
    await widget('Where').locator('[data-markers="1"]').waitFor();
    await widget('Where').locator('.leaflet-interactive').first().waitFor();

    // Configure: one more key is one more column.
    await widget('Table').getByRole('button', { name: 'Configure Table' }).click();
    const configure = page.getByRole('dialog', { name: 'Configure widget Table' });
    await configure.getByRole('checkbox', { name: 'temperature', exact: true }).waitFor();
    assert.equal(await configure.getByRole('checkbox', { name: deviceName, exact: true }).isChecked(), true);
    await configure.getByLabel('Other keys').fill('longitude');
    await configure.getByRole('button', { name: 'Apply' }).click();
    await widget('Table').getByRole('columnheader', { name: 'longitude' }).waitFor();
    await widget('Table').getByRole('row').filter({ hasText: '4.89' }).waitFor();

    // Removing a widget closes the gap it leaves.
    const tableRow = (await layoutOf('Table'))[1];
    const gaugeHeight = (await layoutOf('Gauge'))[3];
    await widget('Gauge').getByRole('button', { name: 'Remove Gauge' }).click();
    await widget('Gauge').waitFor({ state: 'detached' });
    assert.equal((await layoutOf('Table'))[1], tableRow - gaugeHeight);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    const stored = await apiCall(server.baseUrl, 'GET', `/api/dashboard/${dashboardId}`, { token: await token() });
    assert.equal(Object.keys(stored.configuration.widgets).length, 6);
    assert.equal(Object.keys(stored.configuration.states.default.layouts.main.widgets).length, 6);
    const power = Object.values(stored.configuration.widgets).find((w) => w.config.title === 'Power');
    assert.equal(power.type, 'rpc');
    assert.deepEqual([power.config.settings.control, power.config.settings.method], ['switch', 'setPower']);

    // An RPC call's outcome depends on the server's RPC support and the device being connected
    // (it is not here): either it is sent, or a message says why not and a switch stays off.
    const outcome = async (title) => {
      const alert = widget(title).getByRole('alert');
      await alert.or(widget(title).getByRole('status').filter({ hasText: /Sent|Reply/ })).first().waitFor();
      return (await alert.count()) ? (await alert.textContent()).trim() : null;
    };
    await widget('Reboot').getByRole('button', { name: 'Reboot' }).click();
    const rebootError = await outcome('Reboot');
    assert.notEqual(rebootError, '', 'a failed call says why');
    await widget('Power').getByRole('switch', { name: 'Power' }).click();
    const powerError = await outcome('Power');
    assert.equal(await widget('Power').getByRole('switch').isChecked(), powerError === null);
    await shot('04-all-widgets');
  });

  it('customer user: sees the dashboard read-only', async () => {
    const tenantToken = await token();
    const customers = await apiCall(server.baseUrl, 'GET', '/api/customers?pageSize=50&page=0', { token: tenantToken });
    const customer = customers.data.find((c) => c.title === 'Demo Customer');
    await apiCall(server.baseUrl, 'POST', `/api/customer/${customer.id.id}/device/${device.id.id}`, { token: tenantToken });
    await apiCall(server.baseUrl, 'POST', `/api/customer/${customer.id.id}/dashboard/${dashboardId}`, { token: tenantToken });
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn(page, server.baseUrl, 'customer@pacificsoft.io', 'customer');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards', exact: true }).click();
    await page.getByRole('link', { name: title }).click();
    await widget('Temperature').getByTestId('value-card-value').filter({ hasText: '23.75 °C' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Edit', exact: true }).count(), 0);
    assert.equal(await page.locator('.widget-resize').count(), 0);
    await shot('05-customer-view');
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(browser.pageErrors, []);
  });
});
