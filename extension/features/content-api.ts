// The messages the page reader (the content script in a tab) answers with runtime messages, from
// the extension only: the reader's side of the handler maps in ./messages.ts. (The reader's
// conversation with the side panel runs over its private port, reader/protocol.ts.)
import { handler } from './messages.ts';

/** The reader's handlers. */
export const readerHandlers = {
  /** Side panel → reader: is the reader already running in this tab? */
  'storelens:reader-ping': handler({ from: ['extension'], run: () => ({ reader: true as const }) }),
};

export type ContentApi = typeof readerHandlers;
