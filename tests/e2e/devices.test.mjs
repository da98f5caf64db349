// End-to-end test of the device screens: the gateway flag in the device form, the credentials
// dialog for all three types (checked through REST and by connecting with them over MQTT) and the
// device's RPC panel answered by a real MQTT client. Screenshots: screenshots/devices-*.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { logIn } from './browser.mjs';
import { browserSuite } from './harness.mjs';
import { publish, subscribe } from './mqtt.mjs';

const suite = browserSuite('devices');
const { shot, rest, row, openFromNav } = suite;

async function openDevice(name) {
  const { page } = suite;
  await openFromNav('Devices');
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

/** A self-signed certificate in PEM, made by openssl for this run. */
function certificatePem() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacificsoft-e2e-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=e2e-device', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    return fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8').trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('devices: gateway flag, credentials, RPC', () => {
  const stamp = Date.now();
  const gatewayName = `e2e-gateway-${stamp}`;
  const offlineName = `e2e-offline-${stamp}`;
  let gateway;

  it('tenant admin: creates a gateway in the device form', async () => {
    const { page, server } = suite;
    await logIn(page, server.baseUrl, 'tenant@pacificsoft.io', 'tenant');
    await openFromNav('Devices');
    await page.getByRole('button', { name: 'Add device' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add device' });
    await dialog.getByLabel('Name').fill(gatewayName);
    await dialog.getByLabel('Description').fill('gateway of the e2e test');
    await dialog.getByRole('checkbox', { name: 'Is gateway' }).check();
    await dialog.locator('#device-profile option', { hasText: 'default' }).first().waitFor({ state: 'attached' });
    await shot('01-gateway-form');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await row(gatewayName).filter({ hasText: 'Gateway' }).waitFor();
    gateway = await rest('GET', `/api/tenant/devices?deviceName=${gatewayName}`);
    assert.equal(gateway.additionalInfo.gateway, true);
    assert.equal(gateway.additionalInfo.description, 'gateway of the e2e test');

    // Editing keeps the flag unless it is cleared; clearing it is saved too.
    await row(gatewayName).getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit device' });
    assert.equal(await edit.getByRole('checkbox', { name: 'Is gateway' }).isChecked(), true);
    await edit.getByRole('checkbox', { name: 'Is gateway' }).uncheck();
    await edit.getByRole('button', { name: 'Save', exact: true }).click();
    await edit.waitFor({ state: 'detached' });
    assert.equal((await rest('GET', `/api/device/${gateway.id.id}`)).additionalInfo.gateway, false);
    await rest('POST', '/api/device', { ...gateway, additionalInfo: { ...gateway.additionalInfo, gateway: true } });
    await rest('POST', '/api/device', { name: offlineName });
  });

  it('tenant admin: MQTT basic credentials in the dialog, checked through REST and MQTT', async () => {
    const { page, server } = suite;
    await openDevice(gatewayName);
    await page.getByRole('button', { name: 'Manage credentials' }).click();
    const dialog = page.getByRole('dialog', { name: `Credentials of ${gatewayName}` });
    await dialog.getByRole('button', { name: 'Edit credentials' }).click();
    await dialog.getByLabel('Credentials type').selectOption({ label: 'MQTT basic' });
    const save = dialog.getByRole('button', { name: 'Save credentials' });
    await save.click();
    await dialog.getByText('Enter a client id, a user name or both').waitFor();
    const mqtt = { clientId: `cid-${stamp}`, userName: `user-${stamp}`, password: 'pw-42' };
    await dialog.getByLabel('Client id').fill(mqtt.clientId);
    await dialog.getByLabel('Password').fill(mqtt.password);
    await save.click();
    await dialog.getByText('A password needs a user name').waitFor();
    await dialog.getByLabel('User name').fill(mqtt.userName);
    await save.click();
    await dialog.getByTestId('mqtt-client-id').filter({ hasText: mqtt.clientId }).waitFor();
    assert.equal((await dialog.getByTestId('mqtt-password').textContent()).includes(mqtt.password), false, 'password hidden');
    await dialog.getByRole('button', { name: 'Show password' }).click();
    await dialog.getByTestId('mqtt-password').filter({ hasText: mqtt.password }).waitFor();
    await shot('02-credentials-mqtt-basic');

    const stored = await rest('GET', `/api/device/${gateway.id.id}/credentials`);
    assert.equal(stored.credentialsType, 'MQTT_BASIC');
    assert.equal(typeof stored.credentialsValue, 'string', 'credentialsValue is a JSON string');
    assert.deepEqual(JSON.parse(stored.credentialsValue), mqtt);
    // The device connects with them.
    await publish(server.mqttPort, mqtt, 'v1/devices/me/telemetry', '{"mqttBasic": 7}');
    for (let i = 0; ; i++) {
      const latest = await rest('GET', `/api/plugins/telemetry/DEVICE/${gateway.id.id}/values/timeseries?keys=mqttBasic`);
      if (latest.mqttBasic) break;
      assert.ok(i < 50, 'telemetry over MQTT basic arrived');
      await new Promise((r) => setTimeout(r, 100));
    }
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByTestId('details-credentials').filter({ hasText: mqtt.clientId }).waitFor();
  });

  it('tenant admin: X.509 and back to a generated access token; the server refuses a taken token', async () => {
    const { page } = suite;
    await page.getByRole('button', { name: 'Manage credentials' }).click();
    const dialog = page.getByRole('dialog', { name: `Credentials of ${gatewayName}` });
    await dialog.getByRole('button', { name: 'Edit credentials' }).click();
    await dialog.getByLabel('Credentials type').selectOption({ label: 'X.509 certificate' });
    await dialog.getByLabel('Certificate (PEM)').fill('not a certificate');
    await dialog.getByRole('button', { name: 'Save credentials' }).click();
    await dialog.getByText(/^Paste a PEM certificate/).waitFor();
    const pem = certificatePem();
    await dialog.getByLabel('Certificate (PEM)').fill(pem);
    await dialog.getByRole('button', { name: 'Save credentials' }).click();
    await dialog.getByTestId('x509-pem').waitFor();
    await shot('03-credentials-x509');
    let stored = await rest('GET', `/api/device/${gateway.id.id}/credentials`);
    assert.equal(stored.credentialsType, 'X509_CERTIFICATE');
    assert.equal(stored.credentialsValue.trim(), pem);

    // Another device's token is taken: the server says so in the form.
    const other = await rest('GET', `/api/tenant/devices?deviceName=${offlineName}`);
    const otherToken = (await rest('GET', `/api/device/${other.id.id}/credentials`)).credentialsId;
    await dialog.getByRole('button', { name: 'Edit credentials' }).click();
    await dialog.getByLabel('Credentials type').selectOption({ label: 'Access token' });
    await dialog.getByLabel('Access token').fill(otherToken);
    await dialog.getByRole('button', { name: 'Save credentials' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    assert.ok((await alert.textContent()).trim().length > 0);
    await shot('04-credentials-server-error');
    await dialog.getByRole('button', { name: 'Generate' }).click();
    const generated = await dialog.getByLabel('Access token').inputValue();
    assert.match(generated, /^[A-Za-z0-9]{20}$/);
    await dialog.getByRole('button', { name: 'Save credentials' }).click();
    await dialog.getByTestId('access-token').filter({ hasText: generated }).waitFor();
    stored = await rest('GET', `/api/device/${gateway.id.id}/credentials`);
    assert.deepEqual([stored.credentialsType, stored.credentialsId, stored.credentialsValue], ['ACCESS_TOKEN', generated, null]);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('RPC panel: validation, a two-way call answered over MQTT, a one-way call, the time-outs explained', async (t) => {
    const { page, server } = suite;
    const token = (await rest('GET', `/api/device/${gateway.id.id}/credentials`)).credentialsId;
    await page.getByRole('tab', { name: 'RPC' }).click();
    const panel = page.getByRole('region', { name: 'RPC' });
    const send = panel.getByRole('button', { name: 'Send' });
    await panel.getByLabel('Parameters (JSON)').fill('{"unit": C}');
    await panel.getByLabel('Timeout (ms)').fill('soon');
    await send.click();
    await panel.getByText('Method is required').waitFor();
    await panel.getByText(/^Parameters must be valid JSON/).waitFor();
    await panel.getByText(/^Timeout must be a whole number/).waitFor();

    await panel.getByLabel('Method').fill('getTemperature');
    await panel.getByLabel('Parameters (JSON)').fill('{"unit": "C"}');
    await panel.getByLabel('Timeout (ms)').fill('10000');
    // The device: one MQTT session subscribed to RPC requests for the whole test.
    const device = await subscribe(server.mqttPort, { token }, 'v1/devices/me/rpc/request/+');
    t.after(() => device.stop());
    await send.click();
    const request = await device.next();
    assert.deepEqual(JSON.parse(request.payload), { method: 'getTemperature', params: { unit: 'C' } });
    const requestId = request.topic.split('/').pop();
    await publish(server.mqttPort, { token }, `v1/devices/me/rpc/response/${requestId}`, '{"temperature": 21.5, "unit": "C"}');
    const reply = panel.getByTestId('rpc-reply');
    await reply.waitFor();
    assert.deepEqual(JSON.parse(await reply.textContent()), { temperature: 21.5, unit: 'C' });
    assert.match(await reply.textContent(), /\n {2}"temperature": 21.5/, 'pretty-printed');
    await shot('05-rpc-reply');

    // Connected but silent: 408, explained.
    await panel.getByLabel('Timeout (ms)').fill('1000');
    await send.click();
    await device.next();
    // The server answers at least 5 s later; from the browser it has taken up to ~35 s.
    await panel.getByRole('alert').filter({ hasText: /connected but did not answer.*\(408\)/ }).waitFor({ timeout: 60000 });

    // One-way: delivered.
    await panel.getByLabel('Call').selectOption({ label: 'One-way (no reply)' });
    await panel.getByLabel('Method').fill('reboot');
    await panel.getByLabel('Timeout (ms)').fill('5000');
    await send.click();
    // The unanswered getTemperature may come again first (the server re-sends it): skip it.
    let command;
    do command = JSON.parse((await device.next()).payload);
    while (command.method === 'getTemperature');
    assert.equal(command.method, 'reboot');
    await panel.getByRole('status').filter({ hasText: 'reboot: delivered to the device' }).waitFor();
  });

  it('RPC panel: a two-way call to a device that never connected says why (409)', async () => {
    const { page } = suite;
    await openDevice(offlineName);
    await page.getByRole('tab', { name: 'RPC' }).click();
    const panel = page.getByRole('region', { name: 'RPC' });
    await panel.getByLabel('Method').fill('getTemperature');
    await panel.getByLabel('Timeout (ms)').fill('1000');
    await panel.getByRole('button', { name: 'Send' }).click();
    await panel.getByRole('alert').filter({ hasText: /not connected.*\(409\)/ }).waitFor();
    assert.equal(await panel.getByTestId('rpc-reply').count(), 0);
    await shot('06-rpc-not-connected');
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(suite.browser.pageErrors, []);
  });
});
