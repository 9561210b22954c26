import { browser, defineContentScript } from '#imports';
import {
  BRIDGE_CHANNEL,
  BRIDGE_VERSION,
  isBridgeHello,
  parseBridgeRequest,
  type BridgeReply,
  type BridgeWelcome,
} from '../../core/sync/bridge.ts';

// Runs on the Storelens app's origin only (registered at runtime when the user turns the bridge
// on, so no `matches` here). It relays the app's requests to the background over a private
// MessagePort; data never travels on `window`.
export default defineContentScript({
  registration: 'runtime',
  main(ctx) {
    let port: MessagePort | null = null;

    async function relay(msg: MessageEvent): Promise<void> {
      const req = parseBridgeRequest(msg.data);
      if (!req || !port) return;
      const type =
        req.kind === 'status'
          ? 'bridge:status'
          : req.kind === 'pull'
            ? 'bridge:pull'
            : 'bridge:push';
      let reply: BridgeReply;
      try {
        const res = (await browser.runtime.sendMessage(
          req.kind === 'push' ? { type, bundle: req.bundle } : { type },
        )) as { ok: boolean; error?: string; status?: unknown; bundle?: string; catalog?: number };
        reply = res?.ok
          ? ({ ...res, id: req.id, ok: true, kind: req.kind } as BridgeReply)
          : { id: req.id, ok: false, error: res?.error ?? 'The extension did not answer.' };
      } catch (e) {
        reply = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
      }
      port.postMessage(reply);
    }

    async function onHello(e: MessageEvent): Promise<void> {
      if (e.source !== window || e.origin !== location.origin || !isBridgeHello(e.data)) return;
      // The background answers only for the configured app origin: elsewhere stay silent.
      const status = (await browser.runtime
        .sendMessage({ type: 'bridge:status' })
        .catch(() => null)) as { ok?: boolean } | null;
      if (!status?.ok) return;
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
