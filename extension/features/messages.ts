// The extension's messages as handler maps, one per context (background, offscreen document,
// content script). A map's type is derived from its implementation: `send('tracking:page', { url })`
// is typed by that handler's input schema and returns what its `run` returns, so no caller casts a
// reply. Every handler states who may send it; the dispatcher checks the sender, validates the
// input and only then runs it. Page strings travel only as data fields.
//
// Pure (no `browser`): the wiring to runtime.onMessage and the typed send() are in ./send.ts.
import type { PageGlobals } from '../../core/page/types.ts';
// Types only: the content scripts that use this stay free of zod (their size budget).
import type { z } from '../../core/schema/common.ts';

/**
 * Who may send a message.
 * - `extension`: the extension's own pages and workers (side panel, options, competitors,
 *   background, offscreen document), recognised by their URL.
 * - `tab`: the content script in the top frame of a tab the user opened Storelens on (the toolbar
 *   button or its shortcut, then the side panel read the tab) or of a site the user chose to have
 *   read by itself; a message about a page (`about`) must name a page of the sender's own origin.
 * - `app`: the bridge content script on the Storelens app's exact origin (scheme, host and port),
 *   only while the bridge is on.
 */
export type SenderKind = 'extension' | 'tab' | 'app';

/** The parts of `runtime.MessageSender` the checks read. */
export interface SenderFacts {
  /** The sender's extension id (always ours for runtime messages, checked anyway). */
  id?: string;
  /** URL of the frame that sent the message. */
  url?: string;
  /** Origin of the frame that sent the message (Chrome). */
  origin?: string;
  /** Present when a content script or a page in a tab sent it. */
  tab?: { id?: number };
  frameId?: number;
}

/** What the dispatcher needs to know about the running extension. */
export interface SenderEnv {
  extensionId: string;
  /** `runtime.getURL('/')`. */
  extensionUrl: string;
  /** True when the user activated Storelens on this tab at this origin (or chose the site). */
  tabActivated(tabId: number, origin: string): Promise<boolean>;
  /** The configured app origin while the bridge is on, else null. */
  appOrigin(): Promise<string | null>;
}

/** The sender a handler runs for, once checked. */
export interface Verified {
  kind: SenderKind;
  /** The sender's origin (http(s) for `tab` and `app`, the extension's for `extension`). */
  origin: string;
  /** The tab and frame of a `tab` or `app` sender. */
  tabId?: number;
  frameId: number;
}

type InputSchema = z.ZodType<object, object>;
type NoFields = z.ZodObject<Record<never, never>>;

/** One message: who may send it, its fields, and what it does. */
export interface Handler<S extends InputSchema, R> {
  from: readonly SenderKind[];
  /** The fields besides `type`; anything else is dropped, a malformed field refuses the message. */
  input?: S;
  /** The message in words when its fields are malformed, for the sender to show. */
  invalid?: string;
  /** For `tab` senders: the page the message is about, which must be of the sender's origin. */
  about?(input: z.output<S>): string | undefined;
  run(input: z.output<S>, sender: Verified): Promise<R> | R;
}

/** Declares a handler; its message and result types are inferred from `input` and `run`. */
export function handler<R, S extends InputSchema = NoFields>(h: Handler<S, R>): Handler<S, R> {
  return h;
}

/** A context's handlers by message type. */
export type HandlerMap = Record<string, Handler<InputSchema, unknown>>;

/** The fields a sender passes for a message of this map. */
export type InputOf<M, K extends keyof M> =
  M[K] extends Handler<infer S, unknown> ? z.input<S> : never;

/** What the sender gets back for a message of this map. */
export type ResultOf<M, K extends keyof M> = M[K] extends Handler<InputSchema, infer R> ? R : never;

/** The arguments of send() for a message: the fields are optional when the message has none. */
export type SendArgs<M, K extends keyof M> =
  Record<never, never> extends InputOf<M, K> ? [input?: InputOf<M, K>] : [input: InputOf<M, K>];

/** On the wire: the handler's result, or why it was refused or failed. */
export type Reply<R = unknown> = { result: R } | { error: string; refused?: boolean };

/** True for a dispatcher's reply (anything else means no handler answered). */
export function isReply<R>(v: unknown): v is Reply<R> {
  if (typeof v !== 'object' || v === null) return false;
  return 'result' in v || ('error' in v && typeof v.error === 'string');
}

/** Thrown by send() when the receiver refused the message or its handler failed. */
export class MessageError extends Error {
  readonly refused: boolean;
  constructor(message: string, refused = false) {
    super(message);
    this.name = 'MessageError';
    this.refused = refused;
  }
}

/** The origin of a URL when it is http(s), else null. */
export function webOrigin(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** The message type of `raw` when it is one of `map`'s (own keys only: no `toString`). */
export function messageType<M extends HandlerMap>(map: M, raw: unknown): (keyof M & string) | null {
  if (typeof raw !== 'object' || raw === null || !('type' in raw)) return null;
  const type = raw.type;
  return typeof type === 'string' && Object.hasOwn(map, type) ? type : null;
}

const WHO: Record<SenderKind, string> = {
  extension: "the extension's own pages",
  tab: 'a page the user opened Storelens on',
  app: 'the Storelens app at its configured address',
};

/** Classifies a sender as one of `from`, or says why none fits. */
export async function verifySender(
  from: readonly SenderKind[],
  sender: SenderFacts,
  env: SenderEnv,
): Promise<Verified | { refused: string }> {
  const refused = { refused: `it answers ${from.map((k) => WHO[k]).join(' or ')} only` };
  if (sender.id !== env.extensionId) return refused;
  const frameId = sender.frameId ?? 0;
  if (sender.url?.startsWith(env.extensionUrl)) {
    return from.includes('extension')
      ? { kind: 'extension', origin: new URL(env.extensionUrl).origin, frameId }
      : refused;
  }
  // A content script: in a tab, in its top frame, on an http(s) page whose origin agrees with
  // the one the browser reports.
  const tabId = sender.tab?.id;
  const origin = webOrigin(sender.url);
  if (tabId == null || frameId !== 0 || !origin) return refused;
  if (sender.origin !== undefined && sender.origin !== origin) return refused;
  if (from.includes('app')) {
    const app = await env.appOrigin();
    if (app !== null && origin === app) return { kind: 'app', origin, tabId, frameId };
  }
  if (from.includes('tab') && (await env.tabActivated(tabId, origin)))
    return { kind: 'tab', origin, tabId, frameId };
  return refused;
}

/**
 * Answers one message with `map`'s handler: undefined when the message is not one of the map's
 * (another context answers it), else the reply to send back.
 */
export async function dispatch(
  map: HandlerMap,
  raw: unknown,
  sender: SenderFacts,
  env: SenderEnv,
): Promise<Reply | undefined> {
  const type = messageType(map, raw);
  if (type === null) return undefined;
  const h = map[type]!;
  const who = await verifySender(h.from, sender, env);
  if ('refused' in who)
    return {
      error: `Storelens refused “${type}” from this sender: ${who.refused}.`,
      refused: true,
    };
  // Without an input schema the message has no fields: nothing of the sender's reaches `run`.
  const parsed = h.input ? h.input.safeParse(raw) : { success: true as const, data: {} };
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.map(String).join('.') || 'message');
    return { error: h.invalid ?? `Storelens could not read “${type}” (${fields.join(', ')}).` };
  }
  if (who.kind === 'tab' && h.about) {
    const page = webOrigin(h.about(parsed.data));
    if (page !== who.origin)
      return {
        error: `Storelens refused “${type}”: a page may only ask about its own site.`,
        refused: true,
      };
  }
  try {
    return { result: await h.run(parsed.data, who) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

export type LoadAppResult = { ok: true } | { ok: false; error: string };

export type ProbeResult = { globals: PageGlobals | null; error?: string };
