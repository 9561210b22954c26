// The contract between the small first-injected runner and the lazily injected UI script
// (Preact and the components). Both run in the extension's isolated world of the same frame,
// so the UI script hands its renderer over on that world's globalThis; the page cannot see it.
import type { OverlayActions, OverlayState } from './state.ts';

export interface OverlayUi {
  /** Renders (or re-renders) the overlay for `state` into the shadow root's container. */
  render(
    shadow: ShadowRoot,
    container: HTMLElement,
    state: OverlayState,
    actions: OverlayActions,
  ): void;
  /** Unmounts the overlay from `container`. */
  unmount(container: HTMLElement): void;
}

export const OVERLAY_UI_KEY = '__storelensOverlayUi';
export const OVERLAY_UI_SCRIPT = '/overlay-ui.js';

/** The UI once its script has run in this world, else null. */
export function loadedOverlayUi(): OverlayUi | null {
  const ui = (globalThis as Record<string, unknown>)[OVERLAY_UI_KEY];
  return ui && typeof (ui as OverlayUi).render === 'function' ? (ui as OverlayUi) : null;
}
