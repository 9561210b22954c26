// The extension in a real Firefox (Debian's firefox-esr), driven over WebDriver BiDi with Node's
// own WebSocket (no driver package): installs the firefox-mv2 e2e build as a temporary add-on,
// opens a served fixture product page, clicks the toolbar button (browserAction.triggerAction in
// the browser's chrome context, like a user's click), and reads the price in the sidebar.
// Playwright cannot drive Debian's Firefox, so this is a script of its own:
//   node --experimental-websocket tests/tools/firefox-sidebar.mjs EXT_DIR STORE_URL [SHOT.png]
// Exits non-zero when the sidebar does not show the expected price.
import { writeFileSync } from 'node:fs';
import { GECKO_ID, startFirefox } from './firefox-bidi.mjs';

const [extDir, store, shot] = process.argv.slice(2);
const UUID = '5a1e5e1e-0000-4000-8000-00000000f0f0';
const { send, evaluate, evaluateChrome, fail, close } = await startFirefox({
  uuid: UUID,
  port: 9333,
  timeoutMs: 90_000,
});
const { extension } = await send('webExtension.install', {
  extensionData: { type: 'path', path: extDir },
});
console.log(`installed ${extension}`);
const tree = await send('browsingContext.getTree', {});
const tab = tree.contexts[0].context;
const url = `${store}/products/trail-runner`;
await send('browsingContext.navigate', { context: tab, url, wait: 'complete' });

// The toolbar click, in the browser window's chrome context.
const click = `(() => {
  const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
  const ext = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(GECKO_ID)});
  ExtensionParent.apiManager.global.browserActionFor(ext).triggerAction(window);
  return 'clicked';
})()`;
console.log(await evaluateChrome(click));

// Read the sidebar from an extension tab (the sidebar is no BiDi context).
const { context: extTab } = await send('browsingContext.create', { type: 'tab', background: true });
await send('browsingContext.navigate', {
  context: extTab,
  url: `moz-extension://${UUID}/options.html`,
  wait: 'complete',
});
const read = `(async () => {
  for (let i = 0; i < 100; i++) {
    const v = browser.extension.getViews({ type: 'sidebar' })[0];
    const el = v && v.document.querySelector('[data-testid="product-price"]');
    if (el) return JSON.stringify({
      price: el.textContent,
      name: v.document.querySelector('[data-testid="product-name"]')?.textContent,
      platform: v.document.querySelector('[data-testid="platform-chip"]')?.textContent,
      source: el.parentElement.textContent,
    });
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const v = browser.extension.getViews({ type: 'sidebar' })[0];
  return JSON.stringify({ error: v ? v.document.body.innerText.slice(0, 300) : 'no sidebar view' });
})()`;
const result = JSON.parse(await evaluate(extTab, read));
console.log(JSON.stringify(result));
if (shot) {
  // The page (BiDi reaches no browser window in Firefox 140, so the sidebar is not in the shot).
  const s = await send('browsingContext.captureScreenshot', { context: tab });
  writeFileSync(shot, Buffer.from(s.data, 'base64'));
}
await close();
if (result.price !== '$129.00') fail(`the sidebar shows ${JSON.stringify(result)}`);
console.log('PASS: the Firefox sidebar reads $129.00 on the served Shopify-like product page');
process.exit(0);
