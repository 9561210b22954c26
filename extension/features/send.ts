// The one way to message another extension context, typed by the receiving context's handler map
// (./messages.ts): `await send('tracking:overview')` is a TrackingOverview, and a refusal or a
// failed handler rejects with a MessageError carrying the receiver's words.
import { browser, type Browser } from '#imports';
import {
  MessageError,
  dispatch,
  isReply,
  messageType,
  type Reply,
  type HandlerMap,
  type ResultOf,
  type SendArgs,
  type SenderEnv,
} from './messages.ts';
import type { BackgroundApi } from './background-api.ts';
import type { OffscreenApi } from './tracking/offscreen.ts';
import type { ContentApi } from './content-api.ts';
import type { PanelApi } from './panel-api.ts';

/** Everything runtime.sendMessage reaches: the background, the offscreen document, side panels. */
export type RuntimeApi = BackgroundApi & OffscreenApi & PanelApi;

function unwrap<R>(type: string, reply: unknown): R {
  if (!isReply<R>(reply))
    throw new MessageError(`No part of Storelens answered “${type}”; reload the extension.`);
  if ('error' in reply) throw new MessageError(reply.error, reply.refused === true);
  return reply.result;
}

/** Sends a message to the context that answers it (background, offscreen document, side panel) and returns its handler's result. */
export async function send<K extends keyof RuntimeApi & string>(
  type: K,
  ...[input]: SendArgs<RuntimeApi, K>
): Promise<ResultOf<RuntimeApi, K>> {
  const reply: unknown = await browser.runtime.sendMessage({ ...input, type });
  return unwrap(type, reply);
}

/** Sends a message to the page reader in a tab's top frame. */
export async function sendToTab<K extends keyof ContentApi & string>(
  tabId: number,
  type: K,
  ...[input]: SendArgs<ContentApi, K>
): Promise<ResultOf<ContentApi, K>> {
  const reply: unknown = await browser.tabs.sendMessage(tabId, { ...input, type }, { frameId: 0 });
  return unwrap(type, reply);
}

/** A dispatcher environment for contexts that only ever answer the extension itself. */
export function extensionOnlyEnv(): SenderEnv {
  return {
    extensionId: browser.runtime.id,
    extensionUrl: browser.runtime.getURL('/'),
    tabActivated: () => Promise.resolve(false),
    appOrigin: () => Promise.resolve(null),
  };
}

/** Answers `map`'s messages in this context; returns a function that stops listening. */
export function listen(map: HandlerMap, env: SenderEnv): () => void {
  const listener = (
    message: unknown,
    sender: Browser.runtime.MessageSender,
    sendResponse: (reply: Reply) => void,
  ): true | undefined => {
    // Not one of ours: leave it to the context that answers it.
    if (messageType(map, message) === null) return undefined;
    void dispatch(map, message, sender, env).then((reply) => {
      if (reply) sendResponse(reply);
    });
    return true;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
