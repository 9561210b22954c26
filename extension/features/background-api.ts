// The background's handler map: every message the service worker answers, by type, with who may
// send it (see ./messages.ts). `send()` is typed from this object, so a new message is one entry.
import { tabActivated } from './activation.ts';
import { bridgeAppOrigin, bridgeHandlers } from './bridge/background.ts';
import { connectHandlers } from './connect/background.ts';
import type { SenderEnv } from './messages.ts';
import { pageHandlers } from './page-handlers.ts';
import { trackingHandlers } from './tracking/handlers.ts';

export const backgroundHandlers = {
  ...pageHandlers,
  ...trackingHandlers,
  ...bridgeHandlers,
  ...connectHandlers,
};

export type BackgroundApi = typeof backgroundHandlers;

/** What the background's dispatcher checks senders against. */
export function backgroundEnv(extensionId: string, extensionUrl: string): SenderEnv {
  return { extensionId, extensionUrl, tabActivated, appOrigin: bridgeAppOrigin };
}
