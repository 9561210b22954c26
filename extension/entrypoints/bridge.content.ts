import { browser, defineContentScript } from '#imports';
import {
  BRIDGE_CHANNEL,
  BRIDGE_VERSION,
  isBridgeHello,
  parseBridgeRequest,
  type BridgeReply,
  type BridgeRequest,
  type BridgeWelcome,
} from '../../core/sync/bridge.ts';
import { bridgeEnabledItem } from '../features/bridge/settings.ts';
import { webOrigin } from '../features/messages.ts';
import { send } from '../features/send.ts';
import { pwaUrlItem } from '../features/settings.ts';

/** The reply to the app for one request, from the background's answer. */
async function answer(req: BridgeRequest): Promise<BridgeReply> {
  const { id } = req;
  try {
    switch (req.kind) {
      case 'status':
        return { id, ok: true, kind: 'status', status: (await send('bridge:status')).status };
      case 'pull':
        return { id, ok: true, kind: 'pull', bundle: (await send('bridge:pull')).bundle };
      case 'push': {
        const { catalog } = await send('bridge:push', { bundle: req.bundle });
        return { id, ok: true, kind: 'push', catalog };
      }
      case 'connect-status':
        return {
          id,
          ok: true,
          kind: 'connect-status',
          status: await send('connect:app-status', { salt: req.salt }),
        };
      case 'connect-sync':
        return {
          id,
          ok: true,
          kind: 'connect-status',
          status: await send('connect:sync', { salt: req.salt }),
        };
      case 'connect-cancel':
        return { id, ok: true, kind: 'connect-status', status: await send('connect:cancel') };
      case 'connect-open':
        return { id, ok: true, kind: 'connect-status', status: await send('connect:open') };
      case 'connect-pull':
        return {
          id,
          ok: true,
          kind: 'connect-pull',
          bundles: (await send('connect:pull')).bundles,
        };
      case 'connect-ack': {
        const { pending } = await send('connect:ack', {
          count: req.count,
          ...(req.changes !== undefined && { changes: req.changes }),
        });
        return { id, ok: true, kind: 'connect-ack', pending };
      }
    }
  } catch (e) {
    return { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

// Runs on the Storelens app's origin only: registered at runtime when the user turns the bridge
// on (so no `matches` here), for the app's exact origin where the browser's match patterns can
// name a port. Firefox's cannot, so the script itself also checks that this page is the app's
// origin, port included, and stays silent elsewhere; the background checks the sender again. It
// relays the app's requests to the background over a private MessagePort; data never travels on
// `window`.
export default defineContentScript({
  registration: 'runtime',
  async main(ctx) {
    const [enabled, appUrl] = await Promise.all([
      bridgeEnabledItem.getValue(),
      pwaUrlItem.getValue(),
    ]);
    if (!enabled || webOrigin(appUrl) !== location.origin) return;
    let port: MessagePort | null = null;

    async function relay(msg: MessageEvent): Promise<void> {
      const req = parseBridgeRequest(msg.data);
      if (!req || !port) return;
      port.postMessage(await answer(req));
    }

    async function onHello(e: MessageEvent): Promise<void> {
      if (e.source !== window || e.origin !== location.origin || !isBridgeHello(e.data)) return;
      // The background answers only for the configured app origin: elsewhere stay silent.
      if (
        !(await send('bridge:status').then(
          () => true,
          () => false,
        ))
      )
        return;
      port?.close();
      const channel = new MessageChannel();
      port = channel.port1;
      port.onmessage = (m) => void relay(m);
      const welcome: BridgeWelcome = {
        channel: BRIDGE_CHANNEL,
        kind: 'welcome',
        version: BRIDGE_VERSION,
        extensionVersion: browser.runtime.getManifest().version,
      };
      window.postMessage(welcome, location.origin, [channel.port2]);
    }

    const listener = (e: MessageEvent) => void onHello(e);
    window.addEventListener('message', listener);
    // The app may have said hello before this script arrived: announce readiness.
    window.postMessage(
      { channel: BRIDGE_CHANNEL, kind: 'ready', version: BRIDGE_VERSION },
      location.origin,
    );
    ctx.onInvalidated(() => {
      window.removeEventListener('message', listener);
      port?.close();
    });
  },
});
