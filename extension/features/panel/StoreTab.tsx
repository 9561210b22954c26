// Store tab: platform with confidence and the evidence behind it, theme, and other tech.
import type { TechCategory } from '../../../core/page/types.ts';
import type { PanelState } from './state.ts';
import { formatPercent, platformLabel } from './format.ts';

const CATEGORY_LABELS: Record<TechCategory, string> = {
  analytics: 'Analytics',
  'tag-manager': 'Tag manager',
  reviews: 'Reviews',
  payments: 'Payments',
  marketing: 'Marketing',
  chat: 'Chat',
  search: 'Search',
  consent: 'Consent',
  email: 'Email and SMS',
  'ab-testing': 'A/B testing',
  infrastructure: 'Site and server',
};

/** The Store tab. */
export function StoreTab({ state }: { state: PanelState }) {
  const p = state.result!.analysis.platform;
  const categories = [...new Set(p.tech.map((t) => t.category))];
  return (
    <div data-testid="store-tab">
      <p class="sl-platform">
        <span data-testid="platform-name">{platformLabel(p.platform)}</span>{' '}
        <span class="sl-muted">
          {p.platform === 'unknown'
            ? 'no platform recognised'
            : `${formatPercent(p.confidence, state.locale)} confident`}
          {p.platform !== 'unknown' && p.confidence < 0.5 ? ' (a guess)' : ''}
        </span>
      </p>
      <dl class="sl-dl">
        {p.theme && (
          <div class="sl-row">
            <dt>Theme</dt>
            <dd data-testid="theme">{p.theme}</dd>
          </div>
        )}
        {p.currency && (
          <div class="sl-row">
            <dt>Store currency</dt>
            <dd>{p.currency}</dd>
          </div>
        )}
      </dl>
      {p.evidence.length > 0 && (
        <section class="sl-section">
          <h2 class="sl-h3">Evidence</h2>
          <ul class="sl-list">
            {p.evidence.map((e, i) => (
              <li key={i}>
                <span class="sl-ftitle">{e.signal}</span> <span class="sl-fdetail">{e.detail}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {p.candidates.filter((c) => c.platform !== p.platform).length > 0 && (
        <p class="sl-muted">
          Also considered:{' '}
          {p.candidates
            .filter((c) => c.platform !== p.platform)
            .map((c) => platformLabel(c.platform))
            .join(', ')}
        </p>
      )}
      <section class="sl-section">
        <h2 class="sl-h3">Other tech</h2>
        {categories.length === 0 && (
          <p class="sl-muted">No analytics, reviews, payment or chat tools recognised.</p>
        )}
        {categories.map((c) => (
          <div key={c} class="sl-tech">
            <h3 class="sl-h4">{CATEGORY_LABELS[c] ?? c}</h3>
            <ul class="sl-list">
              {p.tech
                .filter((t) => t.category === c)
                .map((t) => (
                  <li key={t.name}>
                    <span class="sl-ftitle">{t.name}</span>{' '}
                    <span class="sl-fdetail">{t.evidence.slice(0, 3).join(' · ')}</span>
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </section>
    </div>
  );
}
