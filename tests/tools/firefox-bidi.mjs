// Debian's firefox-esr, started headless with a fresh profile and driven over WebDriver BiDi with
// Node's own WebSocket (no driver package; Playwright cannot drive Debian's Firefox), and over
// Marionette for the browser window's own (chrome) scripts: BiDi's chrome scope (moz:scope) is not
// in Firefox 140 ESR. Shared by tests/tools/firefox-sidebar.mjs and firefox-connect.mjs; run them
// with `node --experimental-websocket`.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The add-on's id (wxt.config.ts, browser_specific_settings.gecko.id). */
export const GECKO_ID = 'storelens@storelens.app';

/**
 * Starts Firefox and opens a BiDi session. `uuid` pins the add-on's moz-extension:// host, so
 * its pages have a known address; `port` must differ between scripts that may run at once.
 * `fail` prints the reason, ends Firefox (it would hold the port for the next run) and exits 1;
 * so does any uncaught error, and running longer than `timeoutMs`.
 */
export async function startFirefox({ uuid, port, timeoutMs }) {
  const profile = mkdtempSync(join(tmpdir(), 'sl-ff-'));
  writeFileSync(
    join(profile, 'user.js'),
    [
      `user_pref("extensions.webextensions.uuids", ${JSON.stringify(JSON.stringify({ [GECKO_ID]: uuid }))});`,
      'user_pref("browser.shell.checkDefaultBrowser", false);',
      'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
      `user_pref("marionette.port", ${port + 100});`,
    ].join('\n'),
  );
  const ff = spawn(
    '/usr/bin/firefox-esr',
    [
      '--headless',
      '--remote-debugging-port',
      String(port),
      // Lets BiDi open the add-on's own pages (moz-extension:).
      '--remote-allow-system-access',
      '--marionette',
      '--profile',
      profile,
      '--no-remote',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const fail = (msg) => {
    console.error(`FAIL: ${msg}`);
    ff.kill();
    process.exit(1);
  };
  setTimeout(() => fail(`timed out after ${timeoutMs / 1000} s`), timeoutMs).unref();
  process.on('uncaughtException', (e) => fail(e.message));
  process.on('unhandledRejection', (e) => fail(e instanceof Error ? e.message : String(e)));
  await new Promise((ok) => {
    ff.stderr.on('data', (d) => {
      if (String(d).includes('WebDriver BiDi listening')) ok();
    });
  });

  // One WebDriver session (Firefox allows one), opened over Marionette (on `port + 100`:
  // messages are `length:json`, commands [0, id, name, params], answers [1, id, error, result])
  // with BiDi asked for; BiDi then speaks on that session's WebSocket.
  const marionette = await openMarionette(port + 100);
  // Marionette takes the capabilities themselves as the command's parameters.
  const opened = await marionette.command('WebDriver:NewSession', { webSocketUrl: true });
  const ws = new WebSocket(opened.capabilities.webSocketUrl);
  await new Promise((ok, ko) => {
    ws.onopen = ok;
    ws.onerror = ko;
  });
  let nextId = 1;
  const pending = new Map();
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.id && pending.has(m.id)) {
      pending.get(m.id)(m);
      pending.delete(m.id);
    }
  };
  /** One BiDi command; resolves to its result, rejects with the error BiDi names. */
  const send = (method, params = {}) =>
    new Promise((ok, ko) => {
      const id = nextId++;
      pending.set(id, (m) =>
        m.type === 'error' ? ko(new Error(`${method}: ${m.error} ${m.message}`)) : ok(m.result),
      );
      ws.send(JSON.stringify({ id, method, params }));
    });
  /** Runs `expression` in `context` (as a user's action when `userActivation`); its value. */
  const evaluate = async (context, expression, { userActivation = false } = {}) => {
    const r = await send('script.evaluate', {
      expression,
      target: { context },
      awaitPromise: true,
      ...(userActivation && { userActivation: true }),
    });
    if (r.type === 'exception')
      throw new Error(`${expression.slice(0, 60)}…: ${JSON.stringify(r.exceptionDetails?.text)}`);
    return r.result?.value;
  };
  let inChrome = false;
  /**
   * Runs `expression` in the browser window's chrome scope (as `window`: the browser.xhtml window
   * that holds the toolbar and the permission prompts); its value (a promise is awaited).
   */
  const evaluateChrome = async (expression) => {
    if (!inChrome) await marionette.command('Marionette:SetContext', { value: 'chrome' });
    inChrome = true;
    const r = await marionette.command('WebDriver:ExecuteScript', {
      script: `return (${expression});`,
      args: [],
    });
    return r?.value;
  };
  /** Ends the session and Firefox. */
  const close = async () => {
    await marionette.command('WebDriver:DeleteSession').catch(() => undefined);
    marionette.socket.destroy();
    ff.kill();
    await new Promise((ok) => setTimeout(ok, 200));
  };
  return { send, evaluate, evaluateChrome, fail, close };
}

/** A Marionette connection on `port` (retried while Firefox starts its server). */
async function openMarionette(port) {
  let socket;
  for (let k = 0; ; k++) {
    socket = connect(port, '127.0.0.1');
    const opened = await new Promise((ok) => {
      socket.once('connect', () => ok(true));
      socket.once('error', () => ok(false));
    });
    if (opened) break;
    socket.destroy();
    if (k > 100) throw new Error(`no Marionette on port ${port}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  let buffer = '';
  const waiting = [];
  const answers = new Map();
  socket.setEncoding('utf8');
  socket.on('data', (d) => {
    buffer += d;
    for (;;) {
      const colon = buffer.indexOf(':');
      if (colon < 0) return;
      const len = Number(buffer.slice(0, colon));
      if (buffer.length < colon + 1 + len) return;
      const msg = JSON.parse(buffer.slice(colon + 1, colon + 1 + len));
      buffer = buffer.slice(colon + 1 + len);
      if (Array.isArray(msg)) answers.get(msg[1])?.(msg);
      else waiting.shift()?.(msg);
    }
  });
  await new Promise((ok) => waiting.push(ok)); // the server's greeting
  let id = 0;
  const command = (name, params = {}) =>
    new Promise((ok, ko) => {
      const n = ++id;
      answers.set(n, ([, , error, result]) =>
        error ? ko(new Error(`${name}: ${error.error} ${error.message}`)) : ok(result),
      );
      const body = JSON.stringify([0, n, name, params]);
      socket.write(`${Buffer.byteLength(body)}:${body}`);
    });
  return { command, socket };
}
