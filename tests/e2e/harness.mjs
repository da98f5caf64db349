// What a browser test file sets up around its tests: its own server and Chromium, screenshots
// named with the file's prefix (older ones of that prefix removed first), REST calls with the
// signed-in user's token, and the navigation steps the screens share.
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { apiCall, startServer } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const shots = path.join(here, 'screenshots');

/** Registers before/after hooks; the returned object's server and page exist inside the tests. */
export function browserSuite(prefix) {
  const suite = {
    server: null,
    browser: null,
    page: null,
    shot: (name) => suite.page.screenshot({ path: path.join(shots, `${prefix}-${name}.png`), fullPage: true }),
    rest: async (method, urlPath, body) => {
      const token = await suite.page.evaluate(() => localStorage.getItem('pacificsoft.token'));
      return apiCall(suite.server.baseUrl, method, urlPath, { token, body });
    },
    row: (text) => suite.page.getByRole('row').filter({ hasText: text }),
    async openFromNav(label) {
      const { page } = suite;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
      await page.getByRole('heading', { name: label, exact: true }).waitFor();
      await page.waitForFunction(() => !document.querySelector('table[aria-busy="true"]'));
    },
  };
  before(async () => {
    fs.mkdirSync(shots, { recursive: true });
    for (const file of fs.readdirSync(shots)) if (file.startsWith(`${prefix}-`)) fs.rmSync(path.join(shots, file));
    const binary = path.resolve(repo, process.env.PACIFICSOFT_BIN ?? 'build/pacificsoft');
    suite.server = await startServer({ binary, uiDir: path.resolve(repo, 'ui', 'dist') });
    suite.browser = await launchBrowser(process.env.CHROMIUM_BIN ?? '/usr/bin/chromium');
    suite.page = suite.browser.page;
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}
