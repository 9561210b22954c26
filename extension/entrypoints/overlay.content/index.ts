import { defineContentScript } from '#imports';
import css from '../../features/overlay/overlay.css?inline';
import { runOverlay } from '../../features/overlay/runner.tsx';

// Injected only when the user asks (toolbar popup, shortcut) or on sites they opted into, so it
// carries no `matches`: WXT would turn them into host permissions. The stylesheet goes into the
// shadow root as text (`?inline`); Chrome refused the separate CSS file for injected scripts.
export default defineContentScript({
  registration: 'runtime',
  cssInjectionMode: 'manual',
  async main(ctx) {
    await runOverlay(ctx, css);
  },
});
