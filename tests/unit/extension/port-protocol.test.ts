import { describe, expect, it } from 'vitest';
import {
  dispatchPort,
  type MessagesOf,
  type PortHandlers,
} from '../../../extension/features/reader/protocol.ts';

// The panel ↔ reader port: what arrives over it is dispatched to the named handler only.
function recorder() {
  const calls: unknown[] = [];
  const handlers = {
    analyse: (m: { pick: null | { selector: string } }) => calls.push(['analyse', m.pick]),
    'cancel-pick': () => calls.push(['cancel-pick']),
  } satisfies PortHandlers;
  return { calls, handlers };
}

describe('port dispatch', () => {
  it('runs the handler a message names, with its fields', () => {
    const { calls, handlers } = recorder();
    const m: MessagesOf<typeof handlers> = { type: 'analyse', pick: { selector: '.price' } };
    dispatchPort(handlers, m);
    dispatchPort(handlers, { type: 'cancel-pick' });
    expect(calls).toEqual([['analyse', { selector: '.price' }], ['cancel-pick']]);
  });

  it('ignores what is not one of its messages, including inherited names', () => {
    const { calls, handlers } = recorder();
    for (const raw of [
      null,
      'analyse',
      42,
      { type: 'start-pick' },
      { type: 'toString' },
      { type: '__proto__' },
      { type: 'constructor' },
      { type: ['analyse'] },
      {},
    ]) {
      dispatchPort(handlers, raw);
    }
    expect(calls).toEqual([]);
  });
});
