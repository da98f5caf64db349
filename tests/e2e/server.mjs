// Starts the real pacificsoft binary for a test on free loopback ports with a temporary data
// folder, waits until it answers POST /api/auth/login, and stops it again.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export async function freePort() {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

export async function startServer({ binary, uiDir, env: extraEnv = {}, timeoutMs = 60000 }) {
  if (!fs.existsSync(binary)) throw new Error(`server binary not found: ${binary} (set PACIFICSOFT_BIN)`);
  if (!fs.existsSync(path.join(uiDir, 'index.html'))) throw new Error(`UI not built: ${uiDir}/index.html missing`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacificsoft-e2e-data-'));
  const httpPort = await freePort();
  const mqttPort = await freePort();
  const env = {
    ...process.env,
    HTTP_BIND_ADDRESS: '127.0.0.1',
    HTTP_BIND_PORT: String(httpPort),
    MQTT_BIND_PORT: String(mqttPort),
    COAP_BIND_PORT: String(await freePort()),
    PACIFICSOFT_DATA_DIR: dataDir,
    HTTP_UI_DIR: uiDir,
    SECURITY_PASSWORD_BCRYPT_COST: '4',
    ...extraEnv,
  };
  const logPath = path.join(dataDir, 'server.log');
  const log = fs.openSync(logPath, 'a');
  const child = spawn(binary, [], { env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited = null;
  const exitedPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  const baseUrl = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      throw new Error(`server exited early (${JSON.stringify(exited)}):\n${fs.readFileSync(logPath, 'utf8')}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'probe@example.com', password: 'x' }),
      });
      await response.text();
      if (response.status > 0) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer within ${timeoutMs} ms:\n${fs.readFileSync(logPath, 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    baseUrl,
    /** Devices' MQTT port (plain TCP on all interfaces; tests use 127.0.0.1). */
    mqttPort: Number(env.MQTT_BIND_PORT),
    logPath,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await exitedPromise;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      return exited;
    },
    log: () => fs.readFileSync(logPath, 'utf8'),
  };
}

/** A REST call with a token, for checking what the UI showed against the server. */
export async function apiCall(baseUrl, method, urlPath, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers['X-Authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(baseUrl + urlPath, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${urlPath}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
