import { defineBackground } from '#imports';

export default defineBackground(() => {
  // The background owns the extension's IndexedDB, the overlay injection and watchlist alarms.
});
