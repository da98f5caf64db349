// End-to-end test of profiles and sharing: a device profile with provisioning (saved, read back,
// other profile data kept, a taken key refused), asset profiles, and assigning a dashboard to a
// customer. Screenshots: screenshots/profiles-*.png.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logIn } from './browser.mjs';
import { browserSuite } from './harness.mjs';

const suite = browserSuite('profiles');
const { shot, rest, row, openFromNav } = suite;

describe('profiles and dashboard customers', () => {
  const stamp = Date.now();

  it('tenant admin: logs in', async () => {
    await logIn(suite.page, suite.server.baseUrl, 'tenant@pacificsoft.io', 'tenant');
  });

  it('tenant admin: a device profile with provisioning, saved and read back; a taken key refused', async () => {
    const { page, server } = suite;
    const name = `e2e-provisioned-${stamp}`;
    await openFromNav('Device profiles');
    await page.getByRole('button', { name: 'Add device profile' }).click();
    let dialog = page.getByRole('dialog', { name: 'Add device profile' });
    await dialog.getByLabel('Name').fill(name);
    assert.equal(await dialog.locator('#provision-key').count(), 0, 'no key while disabled');
    await dialog.getByLabel('Provision strategy').selectOption({ label: 'Allow to create new devices' });
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByText('Provision device key is required').waitFor();
    await dialog.getByRole('button', { name: 'Generate provision device key' }).click();
    await dialog.getByRole('button', { name: 'Generate provision device secret' }).click();
    const key = await dialog.locator('#provision-key').inputValue();
    const secret = await dialog.locator('#provision-secret').inputValue();
    assert.match(key, /^[A-Za-z0-9]{20}$/);
    assert.notEqual(key, secret);
    await shot('01-device-profile-provisioning');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await row(name).filter({ hasText: 'Allow to create new devices' }).waitFor();

    const profiles = await rest('GET', `/api/deviceProfiles?pageSize=50&page=0&textSearch=${name}`);
    let profile = profiles.data.find((p) => p.name === name);
    assert.equal(profile.provisionType, 'ALLOW_CREATE_NEW_DEVICES');
    assert.equal(profile.provisionDeviceKey, key);
    assert.deepEqual(profile.profileData.provisionConfiguration, { type: 'ALLOW_CREATE_NEW_DEVICES', provisionDeviceSecret: secret });
    assert.deepEqual(profile.profileData.transportConfiguration, { type: 'DEFAULT' });

    // A device provisions itself with them (HTTP device API) and appears with this profile.
    const deviceName = `e2e-provisioned-device-${stamp}`;
    const answer = await fetch(`${server.baseUrl}/api/v1/provision`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ deviceName, provisionDeviceKey: key, provisionDeviceSecret: secret }),
    }).then((r) => r.json());
    assert.equal(answer.status, 'SUCCESS', JSON.stringify(answer));
    await openFromNav('Devices');
    await row(deviceName).filter({ hasText: name }).waitFor();
    await openFromNav('Device profiles');

    // Fields the form does not edit survive an edit.
    const alarms = [{ id: 'e2e-alarm', alarmType: 'High temperature', createRules: {}, propagate: false }];
    profile = await rest('POST', '/api/deviceProfile', { ...profile, profileData: { ...profile.profileData, alarms } });
    await page.reload();
    await row(name).getByRole('button', { name: 'Edit' }).click();
    dialog = page.getByRole('dialog', { name: 'Edit device profile' });
    assert.equal(await dialog.locator('#provision-secret').inputValue(), secret);
    await dialog.getByLabel('Description').fill('provisioned by e2e');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const saved = await rest('GET', `/api/deviceProfile/${profile.id.id}`);
    assert.equal(saved.description, 'provisioned by e2e');
    assert.equal(saved.provisionDeviceKey, key);
    assert.deepEqual(saved.profileData.alarms, profile.profileData.alarms);

    // The key is unique: a second profile with it gets the server's message.
    await page.getByRole('button', { name: 'Add device profile' }).click();
    dialog = page.getByRole('dialog', { name: 'Add device profile' });
    await dialog.getByLabel('Name').fill(`${name}-twin`);
    await dialog.getByLabel('Provision strategy').selectOption({ label: 'Check for pre-provisioned devices' });
    await dialog.locator('#provision-key').fill(key);
    await dialog.locator('#provision-secret').fill('other-secret');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Device profile with such provision device key already exists!' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('tenant admin: asset profiles — add, edit, delete', async () => {
    const { page } = suite;
    const name = `e2e-asset-profile-${stamp}`;
    await openFromNav('Asset profiles');
    await row('default').filter({ hasText: 'Default' }).first().waitFor();
    await page.getByRole('button', { name: 'Add asset profile' }).click();
    let dialog = page.getByRole('dialog', { name: 'Add asset profile' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Description').fill('buildings');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await row(name).filter({ hasText: 'buildings' }).waitFor();
    await row(name).getByRole('button', { name: 'Edit' }).click();
    dialog = page.getByRole('dialog', { name: 'Edit asset profile' });
    await dialog.getByLabel('Description').fill('floors');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await row(name).filter({ hasText: 'floors' }).waitFor();
    const stored = (await rest('GET', `/api/assetProfiles?pageSize=50&page=0&textSearch=${name}`)).data.find((p) => p.name === name);
    assert.equal(stored.description, 'floors');
    await shot('02-asset-profiles');
    await row(name).getByRole('button', { name: 'Delete' }).click();
    dialog = page.getByRole('dialog', { name: 'Delete asset profile' });
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await row(name).waitFor({ state: 'detached' });
  });

  it('tenant admin: assigns a dashboard to a customer and unassigns it', async () => {
    const { page } = suite;
    const title = `e2e-shared-${stamp}`;
    const dashboard = await rest('POST', '/api/dashboard', { title });
    await openFromNav('Dashboards');
    await row(title).getByRole('button', { name: 'Customers' }).click();
    const dialog = page.getByRole('dialog', { name: `Customers of ${title}` });
    await dialog.getByText('No customer: only the tenant').waitFor();
    await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
    await dialog.getByText('Choose a customer').waitFor();
    await dialog.locator('#assign-customer option', { hasText: 'Demo Customer' }).waitFor({ state: 'attached' });
    await dialog.locator('#assign-customer').selectOption({ label: 'Demo Customer' });
    await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
    await dialog.getByRole('button', { name: 'Unassign Demo Customer' }).waitFor();
    await shot('03-dashboard-customers');
    let stored = await rest('GET', `/api/dashboard/${dashboard.id.id}`);
    assert.deepEqual(stored.assignedCustomers.map((c) => c.title), ['Demo Customer']);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await row(title).filter({ hasText: 'Demo Customer' }).waitFor();

    await row(title).getByRole('button', { name: 'Customers' }).click();
    await dialog.getByRole('button', { name: 'Unassign Demo Customer' }).click();
    await dialog.getByText('No customer: only the tenant').waitFor();
    stored = await rest('GET', `/api/dashboard/${dashboard.id.id}`);
    assert.deepEqual(stored.assignedCustomers ?? [], []);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(suite.browser.pageErrors, []);
  });
});
