// A device's side of MQTT for the browser tests, through Debian's mosquitto-clients: wait for one
// message on a topic (mosquitto_sub, ready once its SUBACK arrived) and publish one.
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Connection options: an access token as the user name, or MQTT basic credentials. */
function connectArgs(port, { token, clientId, userName, password }) {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-q', '1'];
  if (token) args.push('-u', token);
  if (clientId) args.push('-i', clientId);
  if (userName) args.push('-u', userName);
  if (password) args.push('-P', password);
  return args;
}

/**
 * Subscribes and resolves once the broker acknowledged the subscription. `next()` resolves with
 * the next {topic, payload} (rejecting when the client exits first); the client stays connected
 * until `stop()` or `timeoutSec`, like a device that keeps its session.
 */
export async function subscribe(port, credentials, topic, timeoutSec = 60) {
  // Line-buffered: mosquitto_sub's debug lines (the SUBACK) would otherwise wait in a pipe buffer.
  const args = [...connectArgs(port, credentials), '-t', topic, '-v', '-d', '-W', String(timeoutSec)];
  const child = spawn('stdbuf', ['-oL', 'mosquitto_sub', ...args]);
  const prefix = topic.replace(/[+#].*$/, '');
  const received = [];
  const waiting = [];
  let out = '';
  let pending = '';
  let exited = null;
  let onSubscribed;
  const ready = new Promise((resolve, reject) => {
    onSubscribed = resolve;
    child.on('exit', (code) => reject(new Error(`mosquitto_sub exited (${code}) before subscribing:\n${out}`)));
  });
  child.on('exit', (code) => {
    exited = new Error(`mosquitto_sub exited (${code}) without a message:\n${out}`);
    for (const w of waiting.splice(0)) w.reject(exited);
  });
  child.stdout.on('data', (chunk) => {
    out += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      if (/received SUBACK/.test(line)) onSubscribed();
      if (!line.startsWith(prefix) || !line.includes(' ')) continue;
      const space = line.indexOf(' ');
      const message = { topic: line.slice(0, space), payload: line.slice(space + 1) };
      if (waiting.length) waiting.shift().resolve(message);
      else received.push(message);
    }
  });
  child.stderr.on('data', (chunk) => (out += chunk));
  await ready;
  return {
    next: () =>
      received.length
        ? Promise.resolve(received.shift())
        : exited
          ? Promise.reject(exited)
          : new Promise((resolve, reject) => waiting.push({ resolve, reject })),
    stop: () => child.kill(),
  };
}

export async function publish(port, credentials, topic, payload) {
  await run('mosquitto_pub', [...connectArgs(port, credentials), '-t', topic, '-m', payload], { timeout: 15000 });
}
