// SEO tab: score, Google snippet preview, findings grouped by status with their fix, the
// merchant-listing checks, the headings outline and link counts.
import type { Finding } from '../../../core/page/types.ts';
import type { PanelActions, PanelState } from './state.ts';
import { formatNumber } from './format.ts';
import { canReadListeners } from './listeners.ts';

// Lighthouse verdicts first; advice (length bands, headings, Open Graph, thin content) is shown
// apart as "Could improve" and never counts in the Lighthouse-equivalent score.
const GROUPS: {
  id: string;
  label: string;
  css: string;
  open: boolean;
  has: (f: Finding) => boolean;
}[] = [
  { id: 'fail', label: 'Failing', css: 'fail', open: true, has: (f) => f.status === 'fail' },
  {
    id: 'warn',
    label: 'Warnings',
    css: 'warn',
    open: true,
    has: (f) => f.status === 'warn' && f.severity !== 'advice',
  },
  {
    id: 'advice',
    label: 'Could improve (not in the score)',
    css: 'warn',
    open: true,
    has: (f) => f.status === 'warn' && f.severity === 'advice',
  },
  { id: 'pass', label: 'Passing', css: 'pass', open: false, has: (f) => f.status === 'pass' },
  { id: 'na', label: 'Not applicable', css: 'na', open: false, has: (f) => f.status === 'n/a' },
];

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

function FindingList({ findings, title }: { findings: Finding[]; title: string }) {
  return (
    <section class="sl-section">
      <h2 class="sl-h3">{title}</h2>
      {GROUPS.map(({ id, label, css, open, has }) => {
        const group = findings.filter(has);
        if (group.length === 0) return null;
        return (
          <details key={id} class={`sl-group sl-g-${css}`} open={open} data-group={id}>
            <summary>
              {label} ({group.length})
            </summary>
            <ul class="sl-findings">
              {group.map((f) => (
                <li key={f.id} data-finding={f.id}>
                  <span class="sl-ftitle">{f.title}</span>
                  {f.lighthouse && <span class="sl-muted"> · Lighthouse {f.lighthouse}</span>}
                  {f.detail && <span class="sl-fdetail">{f.detail}</span>}
                  {f.status !== 'pass' && f.status !== 'n/a' && f.fix && (
                    <span class="sl-ffix">Fix: {f.fix}</span>
                  )}
                  {f.elements && f.elements.length > 0 && (
                    <ul class="sl-elements">
                      {f.elements.slice(0, 5).map((e, i) => (
                        <li key={i}>
                          <code>{clip(e, 160)}</code>
                        </li>
                      ))}
                      {f.elements.length > 5 && (
                        <li class="sl-muted">and {f.elements.length - 5} more</li>
                      )}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </details>
        );
      })}
    </section>
  );
}

/** The SEO tab. */
export function SeoTab({ state, actions }: { state: PanelState; actions: PanelActions }) {
  const { seo, merchant } = state.result!.analysis;
  const served = state.result!.served;
  const unjudgedLinks = seo.findings.find((f) => f.id === 'crawlable-anchors')?.unjudged ?? 0;
  const grade = seo.score >= 90 ? 'good' : seo.score >= 50 ? 'ok' : 'poor';
  let displayUrl = seo.snippet.url;
  try {
    const u = new URL(seo.snippet.url);
    displayUrl = `${u.hostname}${u.pathname.replace(/\/$/, '').replace(/\//g, ' › ')}`;
  } catch {
    // keep the raw URL text
  }
  return (
    <div data-testid="seo-tab">
      <div class="sl-scoreline">
        <span
          class={`sl-score sl-${grade}`}
          data-testid="seo-score"
          aria-label={`SEO score ${seo.score} out of 100`}
        >
          {seo.score}
        </span>
        <span class="sl-muted">
          SEO score out of 100 · {formatNumber(seo.wordCount, state.locale, 0)} words · lang{' '}
          {seo.lang || '—'}
        </span>
      </div>
      <section class="sl-section">
        <h2 class="sl-h3">Google result preview</h2>
        <div class="sl-snippet" data-testid="snippet">
          <div class="sl-snip-url">{clip(displayUrl, 70)}</div>
          <div class="sl-snip-title">{clip(seo.snippet.title || '(no title)', 60)}</div>
          <div class="sl-snip-desc">
            {clip(
              seo.snippet.description || '(no meta description: Google picks text from the page)',
              160,
            )}
          </div>
        </div>
      </section>
      {!served && (
        <p class="sl-muted">
          Status code, X-Robots-Tag, robots.txt and script-added markup need the page as served.{' '}
          <button
            type="button"
            class="sl-btn"
            disabled={state.deepChecking}
            onClick={actions.deepCheck}
          >
            {state.deepChecking ? 'Checking…' : 'Check the page as served'}
          </button>
        </p>
      )}
      {served && (
        <p class="sl-muted">Checked the page as served (HTTP {served.status}) and robots.txt.</p>
      )}
      {unjudgedLinks > 0 && canReadListeners() && (
        <p class="sl-muted">
          Lighthouse also fails links a script listens to, which the page itself does not show.{' '}
          <button
            type="button"
            class="sl-btn"
            disabled={state.readingListeners}
            onClick={actions.readLinkListeners}
          >
            {state.readingListeners ? 'Reading…' : 'Read the links’ listeners'}
          </button>
        </p>
      )}
      {state.result!.anchorListenersChecked && (
        <p class="sl-muted">Links judged with their script listeners, as Lighthouse does.</p>
      )}
      <FindingList findings={seo.findings} title="SEO checks" />
      {merchant.length > 0 && <FindingList findings={merchant} title="Google merchant listing" />}
      <section class="sl-section">
        <h2 class="sl-h3">Headings</h2>
        {seo.headings.length === 0 && <p class="sl-muted">No headings on this page.</p>}
        <ol class="sl-outline">
          {seo.headings.slice(0, 60).map((h, i) => (
            <li key={i} style={{ paddingLeft: `${(Math.min(h.level, 6) - 1) * 12}px` }}>
              <span class="sl-hl">H{h.level}</span> {clip(h.text || '(empty)', 120)}
            </li>
          ))}
        </ol>
      </section>
      <p class="sl-muted">
        Links: {seo.links.internal} internal · {seo.links.external} external · {seo.links.nofollow}{' '}
        nofollow
      </p>
    </div>
  );
}
