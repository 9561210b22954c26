// The store connection in a real Firefox (Debian's firefox-esr), driven over WebDriver BiDi with
// Node's own WebSocket, as tests/tools/firefox-sidebar.mjs does: installs the firefox-mv2 e2e build
// as a temporary add-on, opens its options page, connects the WooCommerce fake (the form filled
// and its buttons pressed as a user would, in the page), runs the first sync in Firefox's
// background page and prints what the options page then says.
//   node --experimental-websocket tests/tools/firefox-connect.mjs EXT_DIR SHOP_URL KEY SECRET
// With `prompt` (the shipped build, no host access): Test connection's click asks for the shop's
// origin as an optional permission and Firefox's prompt is answered "Allow" in the browser
// window's chrome context; without it (the e2e build, host access to 127.0.0.1) nothing is asked.
// Exits non-zero when the connection or the sync does not show the expected words.
import { startFirefox } from './firefox-bidi.mjs';

const [extDir, shop, key, secret, mode] = process.argv.slice(2);
/** `prompt`: the shipped build, which must ask for the shop's origin; the prompt is answered yes. */
const answerPrompt = mode === 'prompt';
const UUID = '5a1e5e1e-0000-4000-8000-00000000f0f1';
const {
  send,
  evaluate: run,
  evaluateChrome,
  fail,
  close,
} = await startFirefox({ uuid: UUID, port: 9334, timeoutMs: 100_000 });
// Each script runs as the user's own action (a permission may be asked only from one).
const evaluate = (context, expression) => run(context, expression, { userActivation: true });
const { extension } = await send('webExtension.install', {
  extensionData: { type: 'path', path: extDir },
});
console.log(`installed ${extension}`);
// A tab of its own (the first one cannot be sent to an extension page).
const { context: tab } = await send('browsingContext.create', { type: 'tab' });
await send('browsingContext.navigate', {
  context: tab,
  url: `moz-extension://${UUID}/options.html`,
  wait: 'complete',
});

// Helpers run in the options page: wait for words, fill an input as typing does (Preact listens
// to `input`), press a button by its name.
const helpers = `
  window.__errors = [];
  window.addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason?.message ?? e.reason)));
  window.addEventListener('error', (e) => window.__errors.push(String(e.message)));
  window.__sl = {
    section: () => document.querySelector('section[aria-labelledby="connect-title"]'),
    wait: async (re, ms = 60000) => {
      const t0 = Date.now();
      for (;;) {
        const text = window.__sl.section()?.innerText ?? '';
        const m = new RegExp(re).exec(text);
        if (m) return m[0];
        if (Date.now() - t0 > ms) {
          const alert = window.__sl.section()?.querySelector('[role="alert"]')?.innerText;
          throw new Error('no ' + re + (alert ? '; it says: ' + alert : ' in: ' + text.slice(-200)) + (window.__errors.length ? '; page errors: ' + window.__errors.join(' | ') : ''));
        }
        await new Promise((ok) => setTimeout(ok, 100));
      }
    },
    fill: (name, value) => {
      const el = window.__sl.section().querySelector('input[name="' + name + '"]');
      el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    press: (name) => {
      const b = [...window.__sl.section().querySelectorAll('button')].find(
        (x) => x.textContent.trim() === name,
      );
      if (!b) throw new Error('no button ' + name);
      b.click();
    },
  };
  'ready'`;
const step = async (label, js, context = tab) => {
  try {
    const v = await evaluate(context, js);
    console.log(`${label}: ${v ?? 'ok'}`);
    return v;
  } catch (e) {
    fail(`${label}: ${e.message}`);
  }
};
await step('helpers', helpers);
await step('form', 'window.__sl.wait("Connect your store", 20000)');
await step(
  'platform',
  `(() => {
    const r = [...window.__sl.section().querySelectorAll('label.check')].find((l) =>
      l.textContent.includes('WooCommerce'),
    ).querySelector('input');
    r.click();
    return r.checked;
  })()`,
);
await step(
  'typed',
  `(async () => {
  await new Promise((ok) => setTimeout(ok, 100));
  window.__sl.fill('shop', ${JSON.stringify(shop)});
  window.__sl.fill('consumer-key', ${JSON.stringify(key)});
  window.__sl.fill('consumer-secret', ${JSON.stringify(secret)});
  await new Promise((ok) => setTimeout(ok, 100));
  return 'typed';
})()`,
);
// A real click (the browser's own input, not a script's click()): Firefox lets a permission be
// asked only from a user input handler.
const where = JSON.parse(
  await step(
    'button',
    `(() => {
      const b = [...window.__sl.section().querySelectorAll('button')].find(
        (x) => x.textContent.trim() === 'Test connection',
      );
      b.scrollIntoView({ block: 'center' });
      const r = b.getBoundingClientRect();
      return JSON.stringify({ x: Math.round(r.x + r.width / 2), y: Math.round(r.y + r.height / 2) });
    })()`,
  ),
);
await send('input.performActions', {
  context: tab,
  actions: [
    {
      type: 'pointer',
      id: 'mouse',
      parameters: { pointerType: 'mouse' },
      actions: [
        { type: 'pointerMove', x: where.x, y: where.y },
        { type: 'pointerDown', button: 0 },
        { type: 'pointerUp', button: 0 },
      ],
    },
  ],
});
console.log('test pressed');
if (answerPrompt) {
  // Firefox's own permission prompt (a doorhanger in the browser window): pressed "Allow" in
  // the window's chrome context, as the manager's click would.
  const allowed = await evaluateChrome(
    `(async () => {
      for (let i = 0; i < 200; i++) {
        const n = gBrowser.browsers
          .map((b) => PopupNotifications.getNotification('addon-webext-permissions', b))
          .find(Boolean);
        if (n) {
          const text = String(n.message ?? '');
          n.mainAction.callback({});
          PopupNotifications.remove(n);
          return 'allowed: ' + text.slice(0, 200);
        }
        await new Promise((ok) => setTimeout(ok, 100));
      }
      return 'no prompt: ' + JSON.stringify(PopupNotifications.panel?.state);
    })()`,
  ).catch((e) => fail(`prompt: ${e.message}`));
  console.log(`prompt: ${allowed}`);
}
const tested = await step(
  'tested',
  'window.__sl.wait("Connected to [^\\\\n]*?timezone [A-Za-z/_]+")',
);
await step('save', `window.__sl.press('Save and run the first sync')`);
const fetched = await step('fetched', 'window.__sl.wait("\\\\d+ orders[^\\\\n]*fetched")');
const lastSync = await step('last sync', 'window.__sl.wait("Last sync\\\\s+[^\\\\n]+")');
await close();
console.log(JSON.stringify({ tested, fetched, lastSync }));
if (!/Kaffeehaus Nord/.test(tested ?? '')) fail(`the test call said ${tested}`);
console.log('PASS: Firefox connected the WooCommerce shop and ran the first sync');
process.exit(0);
