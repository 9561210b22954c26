import { defineContentScript } from '#imports';
import { runOverlay } from '../../features/overlay/runner.ts';

// Injected only when the user asks (toolbar popup, shortcut) or on sites they opted into, so it
// carries no `matches`: WXT would turn them into host permissions. It stays small (analysis and
// page watching); the UI script with Preact and the stylesheet (as text, `?inline`, because
// Chrome refused a separate CSS file for injected scripts) is injected after it.
export default defineContentScript({
  registration: 'runtime',
  cssInjectionMode: 'manual',
  async main(ctx) {
    await runOverlay(ctx);
  },
});
