// Country names in real exports → ISO 3166-1 alpha-2. The names are UCI Online Retail's own
// (tests/fixtures/real/uci/online-retail-slice.csv and ../shared/data), the codes by hand.
import { describe, expect, it } from 'vitest';
import { country } from '../../../core/ingest/formats/context.ts';

describe('country names as exports write them', () => {
  it("reads UCI Online Retail's names, its aliases and other languages' names", () => {
    const uci: Record<string, string> = {
      'United Kingdom': 'GB',
      France: 'FR',
      Australia: 'AU',
      Netherlands: 'NL',
      Germany: 'DE',
      EIRE: 'IE',
      'Channel Islands': '', // Jersey and Guernsey have codes of their own: not guessed
      'European Community': '',
      Unspecified: '',
      'Czech Republic': 'CZ',
      USA: 'US',
      RSA: 'ZA',
      'United Arab Emirates': 'AE',
      'Saudi Arabia': 'SA',
    };
    for (const [name, code] of Object.entries(uci))
      expect([name, country(name)]).toEqual([name, code]);
    expect(country('Deutschland')).toBe('DE');
    expect(country('Österreich')).toBe('AT');
    expect(country('Brasil')).toBe('BR');
    expect(country('  fr ')).toBe('FR');
    expect(country('Atlantis')).toBe('');
  });
});
