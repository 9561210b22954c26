import { describe, expect, it } from 'vitest';
import { trackingSenderAllowed } from '../../../extension/features/tracking/senders.ts';
import type { TrackingMessage } from '../../../extension/features/tracking/messages.ts';

const EXT = 'chrome-extension://abcdefghijklmnop/';
const ID = 'abcdefghijklmnop';
const page = (url: string) => ({ id: ID, url, tab: { id: 7 } });
const extPage = { id: ID, url: `${EXT}competitors.html` };

// A hostile page's content-script world can send any runtime message: it must not reach the
// manager's watchlist, settings, catalog or matches, nor track or read another site.
describe('tracking messages: who may send them', () => {
  const privileged: TrackingMessage[] = [
    { type: 'tracking:replace-catalog', items: [] },
    { type: 'tracking:overview' },
    { type: 'tracking:get-settings' },
    { type: 'tracking:set-settings', settings: {} },
    { type: 'tracking:untrack', ids: ['a'] },
    { type: 'tracking:pause', ids: ['a'], paused: true },
    { type: 'tracking:check-now' },
    { type: 'tracking:set-match', trackedProductId: 'a', sku: 'X', status: 'confirmed' },
    { type: 'tracking:notifications' },
  ];
  it('a content script on a shop page is refused everything but its own page', () => {
    for (const m of privileged)
      expect(trackingSenderAllowed(m, page('https://rival.example/p/1'), EXT, ID)).toBe(false);
  });
  it('extension pages may send every message', () => {
    for (const m of privileged) expect(trackingSenderAllowed(m, extPage, EXT, ID)).toBe(true);
  });
  it('a page may read and track only its own origin', () => {
    const own = page('https://rival.example/p/1');
    expect(
      trackingSenderAllowed(
        { type: 'tracking:page', url: 'https://rival.example/p/1' },
        own,
        EXT,
        ID,
      ),
    ).toBe(true);
    expect(
      trackingSenderAllowed(
        { type: 'tracking:page', url: 'https://other.example/p' },
        own,
        EXT,
        ID,
      ),
    ).toBe(false);
    const track = (url: string) =>
      ({ type: 'tracking:track', input: { url } }) as unknown as TrackingMessage;
    expect(trackingSenderAllowed(track('https://rival.example/p/2'), own, EXT, ID)).toBe(true);
    expect(trackingSenderAllowed(track('http://127.0.0.1:9/x'), own, EXT, ID)).toBe(false);
  });
  it('another extension, or a sender without a tab posing as a page, is refused', () => {
    expect(
      trackingSenderAllowed({ type: 'tracking:overview' }, { ...extPage, id: 'evil' }, EXT, ID),
    ).toBe(false);
    expect(
      trackingSenderAllowed(
        { type: 'tracking:page', url: 'https://rival.example/' },
        { id: ID, url: 'https://rival.example/' },
        EXT,
        ID,
      ),
    ).toBe(false);
  });
});
