// The store connection's bridge messages: only their documented shapes pass, and a status from
// the extension keeps only the fields the app shows (nothing else it might carry, e.g. a token).
import { describe, expect, it } from 'vitest';
import { parseBridgeReply, parseBridgeRequest } from '../../../core/sync/bridge.ts';

describe('bridge: store connection messages', () => {
  it('accepts the four requests and refuses malformed ones', () => {
    expect(parseBridgeRequest({ id: 1, kind: 'connect-status', salt: 's' })).toEqual({
      id: 1,
      kind: 'connect-status',
      salt: 's',
    });
    expect(parseBridgeRequest({ id: 2, kind: 'connect-sync', salt: '' })).toMatchObject({
      kind: 'connect-sync',
    });
    expect(parseBridgeRequest({ id: 3, kind: 'connect-pull' })).toEqual({
      id: 3,
      kind: 'connect-pull',
    });
    expect(parseBridgeRequest({ id: 4, kind: 'connect-ack', count: 2 })).toEqual({
      id: 4,
      kind: 'connect-ack',
      count: 2,
    });
    expect(parseBridgeRequest({ id: 5, kind: 'connect-ack', count: -1 })).toBeNull();
    expect(parseBridgeRequest({ id: 6, kind: 'connect-ack', count: 1.5 })).toBeNull();
    expect(parseBridgeRequest({ id: 7, kind: 'connect-sync' })).toBeNull();
  });

  it('passes the app’s Cancel and the words of what it took in (a string, cut at 500)', () => {
    expect(parseBridgeRequest({ id: 8, kind: 'connect-cancel', extra: 'x' })).toEqual({
      id: 8,
      kind: 'connect-cancel',
    });
    expect(
      parseBridgeRequest({ id: 9, kind: 'connect-ack', count: 1, changes: '1 new order' }),
    ).toEqual({ id: 9, kind: 'connect-ack', count: 1, changes: '1 new order' });
    expect(
      parseBridgeRequest({ id: 10, kind: 'connect-ack', count: 1, changes: 'x'.repeat(900) }),
    ).toMatchObject({ changes: 'x'.repeat(500) });
    expect(parseBridgeRequest({ id: 11, kind: 'connect-ack', count: 1, changes: 5 })).toEqual({
      id: 11,
      kind: 'connect-ack',
      count: 1,
    });
    // What the app said comes back in the status, as text.
    const r = parseBridgeReply({
      id: 12,
      ok: true,
      kind: 'connect-status',
      status: { connected: true, lastTaken: { text: '1 new order', at: 5, html: '<b>' } },
    });
    expect(r).toMatchObject({ status: { lastTaken: { text: '1 new order', at: 5 } } });
    expect(JSON.stringify(r)).not.toContain('<b>');
  });

  it('keeps only the status fields the app shows', () => {
    const r = parseBridgeReply({
      id: 9,
      ok: true,
      kind: 'connect-status',
      status: {
        connected: true,
        platform: 'shopify',
        origin: 'https://acme.myshopify.com',
        credentialKind: 'client-credentials',
        credentials: { clientSecret: 'shh' },
        shop: {
          platform: 'shopify',
          name: 'Acme',
          currency: 'EUR',
          timezone: 'Europe/Paris',
          x: 1,
        },
        lastSyncAt: 1,
        nextSyncAt: 2,
        lastSummary: { orders: 4, refunds: 2, products: 4, startedAt: 0, endedAt: 1 },
        lastError: null,
        running: null,
        pending: 1,
        keyedWith: 'abc',
      },
    });
    expect(JSON.stringify(r)).not.toContain('shh');
    expect(r).toMatchObject({
      kind: 'connect-status',
      status: {
        connected: true,
        shop: { name: 'Acme', currency: 'EUR', timezone: 'Europe/Paris' },
        pending: 1,
      },
    });
    expect(
      parseBridgeReply({ id: 9, ok: true, kind: 'connect-pull', bundles: ['a', 2] }),
    ).toBeNull();
  });
});
