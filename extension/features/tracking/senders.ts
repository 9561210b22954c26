// Who may send which tracking message. A content script runs inside pages Storelens does not
// control, so a hostile page can send anything a content script can: it may only ask about, or
// track, the page it is on. Everything else (the watchlist, settings, the own catalog, matches,
// check-now, notifications) answers extension pages only.
import type { TrackingMessage } from './messages.ts';

/** The parts of `runtime.MessageSender` the policy reads. */
export interface SenderFacts {
  /** The sender's extension id (always ours for runtime messages, checked anyway). */
  id?: string;
  /** URL of the frame that sent the message. */
  url?: string;
  /** Present when a content script in a tab sent it. */
  tab?: { id?: number };
}

/** Messages a content script may send about the page it runs on. */
const PAGE_MESSAGES = new Set<TrackingMessage['type']>(['tracking:track', 'tracking:page']);

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * True when `sender` may send `message`. `extensionUrl` is `runtime.getURL('/')`, `extensionId`
 * the running extension's id.
 */
export function trackingSenderAllowed(
  message: TrackingMessage,
  sender: SenderFacts,
  extensionUrl: string,
  extensionId: string,
): boolean {
  if (sender.id !== extensionId) return false;
  if (sender.url?.startsWith(extensionUrl)) return true;
  if (!PAGE_MESSAGES.has(message.type) || sender.tab === undefined) return false;
  // A page may only track or read the tracking of its own origin.
  const asked =
    message.type === 'tracking:page'
      ? message.url
      : message.type === 'tracking:track'
        ? (message.input as { url?: unknown } | undefined)?.url
        : undefined;
  const own = originOf(sender.url);
  return own !== undefined && typeof asked === 'string' && originOf(asked) === own;
}
