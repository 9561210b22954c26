import { describe, expect, it } from 'vitest';
import { cleanPrefsChange, mergeSitePrefs } from '../../../extension/features/site-prefs.ts';

describe('cleanPrefsChange (a change sent by the overlay on a possibly hostile page)', () => {
  it('keeps a well-formed pick and the dock side', () => {
    const pick = { selector: '#price', currency: 'EUR', sample: '24,90 €', at: 1_790_000_000_000 };
    expect(cleanPrefsChange({ dock: 'left', collapsed: true, pricePick: pick })).toEqual({
      dock: 'left',
      collapsed: true,
      pricePick: pick,
    });
  });

  it('drops malformed fields and unknown keys', () => {
    expect(
      cleanPrefsChange({
        dock: 'top',
        collapsed: 'yes',
        pricePick: { selector: '#p', currency: 'euro' },
        __proto__: { polluted: true },
        extra: 1,
      }),
    ).toEqual({});
    expect(cleanPrefsChange('dock=left')).toEqual({});
    expect(cleanPrefsChange(null)).toEqual({});
  });

  it('turns a null pick into "forget the pick"', () => {
    expect(cleanPrefsChange({ pricePick: null })).toEqual({ pricePick: null });
  });

  it('caps an over-long sample', () => {
    const out = cleanPrefsChange({
      pricePick: { selector: 'b', currency: 'USD', sample: 'x'.repeat(5000), at: 1 },
    });
    expect(out.pricePick?.sample).toHaveLength(200);
  });
});

describe('mergeSitePrefs', () => {
  it('forgets the pick and keeps the rest', () => {
    const current = {
      dock: 'left' as const,
      pricePick: { selector: 'b', currency: 'USD', sample: '$1', at: 1 },
    };
    expect(mergeSitePrefs(current, { pricePick: null })).toEqual({ dock: 'left' });
    expect(mergeSitePrefs(undefined, { collapsed: true })).toEqual({ collapsed: true });
  });
});
