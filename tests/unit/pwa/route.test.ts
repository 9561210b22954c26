import { describe, expect, it } from 'vitest';
import { nextHref, parseRoute, routeHref } from '../../../pwa/src/route.ts';

/** Applies a change the way a click does: from the current hash to the next one. */
const step = (hash: string, change: Parameters<typeof nextHref>[1]) =>
  nextHref(parseRoute(hash), change);

describe('view state in the URL', () => {
  it('ticking two filters then unticking one leaves exactly the other', () => {
    let h = '#/overview';
    h = step(h, { channel: ['Email'] });
    h = step(h, { channel: [...parseRoute(h).channel, 'Paid search'] });
    expect(h).toBe('#/overview?ch=Email&ch=Paid+search');
    h = step(h, { channel: parseRoute(h).channel.filter((c) => c !== 'Email') });
    expect(h).toBe('#/overview?ch=Paid+search');
    expect(parseRoute(h).channel).toEqual(['Paid search']);
  });

  it('clearing filters removes them all, also those that came in a link', () => {
    const h = step('#/overview?ch=Email&country=DE&type=Shoes&grain=week', {
      channel: [],
      productType: [],
      country: [],
    });
    expect(h).toBe('#/overview?grain=week');
  });

  it('a link filter can be removed and the count stays one per filter', () => {
    let h = '#/overview?ch=Email';
    h = step(h, { country: ['DE'] });
    expect(parseRoute(h).channel).toEqual(['Email']);
    expect(parseRoute(h).country).toEqual(['DE']);
    h = step(h, { channel: [] });
    expect(h).toBe('#/overview?country=DE');
  });

  it('"No comparison" switches back to the previous period', () => {
    let h = step('#/sales?from=2026-10-01&to=2026-10-31', { compare: 'none' });
    expect(h).toBe('#/sales?from=2026-10-01&to=2026-10-31&cmp=none');
    h = step(h, { compare: 'previous-period' });
    expect(h).toBe('#/sales?from=2026-10-01&to=2026-10-31');
    expect(parseRoute(h).compare).toBe('previous-period');
  });

  it('screen parameters keep their place and are not doubled by filter changes', () => {
    let h = '#/sales?grain=week&ch=Email';
    h = step(h, { channel: [] });
    h = step(h, { channel: ['Email'] });
    expect(h).toBe('#/sales?ch=Email&grain=week');
    expect(parseRoute(h).params.toString()).toBe('grain=week');
  });

  it('changing screen keeps range and filters but drops the old screen parameters', () => {
    const h = step('#/sales?from=2026-01-01&grain=week&ch=Email', { screen: 'customers' });
    expect(h).toBe('#/customers?from=2026-01-01&ch=Email');
  });

  it('a nav link built from the current route carries each filter once', () => {
    const r = parseRoute('#/overview?ch=Email&ch=Email2&cmp=none');
    expect(routeHref({ screen: 'sales', params: r.params }, r)).toBe(
      '#/sales?cmp=none&ch=Email&ch=Email2',
    );
  });
});
