import { defineUnlistedScript } from '#imports';
import { h, render } from 'preact';
import css from '../features/overlay/overlay.css?inline';
import { App } from '../features/overlay/App.tsx';
import { OVERLAY_UI_KEY, type OverlayUi } from '../features/overlay/ui-api.ts';

// The overlay's UI, injected by the background only after the runner has started, so the first
// injected script stays small. It registers its renderer for the runner and does nothing else.
export default defineUnlistedScript(() => {
  const ui: OverlayUi = {
    render(shadow, container, state, actions) {
      if (!shadow.querySelector('style[data-storelens]')) {
        const style = document.createElement('style');
        style.dataset.storelens = '';
        style.textContent = css;
        shadow.prepend(style);
      }
      render(h(App, { state, actions }), container);
    },
    unmount(container) {
      render(null, container);
    },
  };
  (globalThis as Record<string, unknown>)[OVERLAY_UI_KEY] = ui;
});
