// Chrome's offscreen document: answers the background's offscreen messages
// (features/tracking/offscreen.ts) and nothing else.
import { extensionOnlyEnv, listen } from '../../features/send.ts';
import { offscreenHandlers } from '../../features/tracking/offscreen.ts';

listen(offscreenHandlers, extensionOnlyEnv());
