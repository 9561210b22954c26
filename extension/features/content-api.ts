// The messages the content script in a tab answers (from the background only): the overlay's
// side of the handler maps in ./messages.ts.
import { handler, type ToggleResult } from './messages.ts';

/** What the overlay does for the content-script messages. */
export interface ContentActions {
  /** Shows, expands or closes the overlay; returns whether it is visible. */
  toggle(): ToggleResult;
}

/** The content script's handlers, bound to the running overlay. */
export function contentHandlers(overlay: ContentActions) {
  return {
    /** Background → overlay: the toolbar button or shortcut was pressed again. */
    'storelens:toggle': handler({ from: ['extension'], run: () => overlay.toggle() }),
  };
}

export type ContentApi = ReturnType<typeof contentHandlers>;
