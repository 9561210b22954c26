// Debian's firefox-esr, started headless with a fresh profile and driven over WebDriver BiDi with
// Node's own WebSocket (no driver package; Playwright cannot drive Debian's Firefox). Shared by
// tests/tools/firefox-sidebar.mjs and firefox-connect.mjs; run them with
// `node --experimental-websocket`.
import { spawn } from 'node:child_process';
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

  const ws = new WebSocket(`ws://127.0.0.1:${port}/session`);
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
  await send('session.new', { capabilities: {} });
  /** Ends the session and Firefox. */
  const close = async () => {
    await send('session.end').catch(() => undefined);
    ff.kill();
    await new Promise((ok) => setTimeout(ok, 200));
  };
  return { send, evaluate, fail, close };
}
