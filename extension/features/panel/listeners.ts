// Which links a script listens to, as Lighthouse's crawlable-anchors audit asks: a page's DOM does
// not show listeners added with addEventListener, so (on the user's request, Chromium only) the
// panel reads them over the DevTools protocol, as Lighthouse itself does: DOM.querySelectorAll
// finds the anchors natively (no page function is called, so the page cannot lie about which
// elements there are), DOMDebugger.getEventListeners lists each one's listeners, and the
// debugger detaches at once. Only indices leave this module; nothing is run in the page.
import { browser } from '#imports';

const PROTOCOL = '1.3';

interface ChromeDebugger {
  attach(target: { tabId: number }, version: string): Promise<void>;
  detach(target: { tabId: number }): Promise<void>;
  sendCommand(target: { tabId: number }, method: string, params?: object): Promise<unknown>;
}

/** The DevTools protocol API where the browser has one (Chromium), else null (Firefox). */
export function devtoolsProtocol(): ChromeDebugger | null {
  const api = (browser as unknown as { debugger?: ChromeDebugger }).debugger;
  return api && typeof api.attach === 'function' ? api : null;
}

/** True where the check can run: the manifest may ask for `debugger` (Chromium builds only). */
export function canReadListeners(): boolean {
  const manifest = browser.runtime.getManifest();
  return [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])].includes(
    'debugger',
  );
}

/**
 * Asks for the `debugger` permission (inside the user's click), then returns the indices, in
 * document order, of the tab's top-frame `<a>` elements with at least one event listener.
 */
export async function readAnchorListeners(tabId: number): Promise<number[]> {
  const granted = await browser.permissions.request({ permissions: ['debugger'] });
  if (!granted) throw new Error('Reading the links’ listeners needs the permission you declined.');
  const dbg = devtoolsProtocol();
  if (!dbg) throw new Error('This browser does not let extensions read a page’s listeners.');
  const target = { tabId };
  await dbg.attach(target, PROTOCOL);
  try {
    const { root } = (await dbg.sendCommand(target, 'DOM.getDocument', { depth: 0 })) as {
      root: { nodeId: number };
    };
    const { nodeIds } = (await dbg.sendCommand(target, 'DOM.querySelectorAll', {
      nodeId: root.nodeId,
      selector: 'a',
    })) as { nodeIds: number[] };
    const listened = await Promise.all(
      nodeIds.map(async (nodeId, index) => {
        const { object } = (await dbg.sendCommand(target, 'DOM.resolveNode', {
          nodeId,
          objectGroup: 'storelens',
        })) as { object: { objectId?: string } };
        if (!object.objectId) return -1;
        const { listeners } = (await dbg.sendCommand(target, 'DOMDebugger.getEventListeners', {
          objectId: object.objectId,
        })) as { listeners: unknown[] };
        return listeners.length > 0 ? index : -1;
      }),
    );
    await dbg
      .sendCommand(target, 'Runtime.releaseObjectGroup', { objectGroup: 'storelens' })
      .catch(() => undefined);
    return listened.filter((i) => i >= 0);
  } finally {
    await dbg.detach(target).catch(() => undefined);
  }
}
