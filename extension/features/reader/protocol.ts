// The private channel between the side panel (an extension page) and the page reader (the content
// script in the analysed tab): a runtime port the panel opens with tabs.connect, which only our
// content scripts in that tab can answer. What crosses it is data read from the page (strings and
// numbers); the manager's own catalog, prices and tracking never go to the page.
import type { PanelController } from '../panel/controller.ts';
import type { runReader } from './runner.ts';

export const READER_PORT = 'storelens:reader';

/** The reader's content script, injected on the toolbar click or where the user allowed the site. */
export const READER_SCRIPT = '/content-scripts/reader.js';

/** An element the user just clicked in pick mode, before they confirm the currency. */
export interface PickDraft {
  selector: string;
  text: string;
  amount: number | null;
  currency: string;
}

/**
 * A port's handlers: one function per message type, taking the message's fields. Each side's
 * message union is derived from the handlers that answer it, so a message nobody handles, or a
 * handler reading a field nobody sends, fails to compile.
 */
export type PortHandlers = Record<string, (fields: never) => void>;

/** The messages a handler map answers: `{ type, ...fields }` for each handler. */
export type MessagesOf<H extends PortHandlers> = {
  [K in keyof H & string]: Parameters<H[K]> extends [infer F] ? { type: K } & F : { type: K };
}[keyof H & string];

/**
 * Runs the handler of a message that came over a port. What arrives is not trusted: anything but
 * an object naming one of the handlers is ignored (each handler checks its own fields' values).
 */
export function dispatchPort(handlers: PortHandlers, raw: unknown): void {
  if (typeof raw !== 'object' || raw === null) return;
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return;
  (handlers[type] as (fields: unknown) => void)(raw);
}

/** Panel → reader: what the reader's port handlers (runner.ts) answer. */
export type PanelToReader = MessagesOf<ReturnType<typeof runReader>['fromPanel']>;

/** Reader → panel: what the panel controller's port handlers answer. */
export type ReaderToPanel = MessagesOf<PanelController['fromReader']>;
