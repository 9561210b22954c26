import { defineContentScript } from '#imports';
import { runReader } from '../../features/reader/runner.ts';

// The page reader: injected only when the side panel asks for it (after a toolbar click, or on a
// site the user allowed), so it carries no `matches` (WXT would turn them into host permissions).
// It reads the page and answers the panel; in the page itself it only ever shows the "pick the
// price" highlight, never an analysis and never the manager's own data.
export default defineContentScript({
  registration: 'runtime',
  cssInjectionMode: 'manual',
  main(ctx) {
    runReader(ctx);
  },
});
