// The bridge's switch, next to the app address (settings.ts `pwaUrlItem`), in extension storage.
import { storage } from '#imports';

/** True when the user turned the bridge to the Storelens app on. */
export const bridgeEnabledItem = storage.defineItem<boolean>('local:bridgeEnabled', {
  fallback: false,
  version: 1,
});
