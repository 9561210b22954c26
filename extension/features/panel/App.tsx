// The side panel. Every page string is rendered as a JSX text node; nothing here builds HTML.
import { useRef } from 'preact/hooks';
import type { TargetedKeyboardEvent } from 'preact';
import type { PanelActions, PanelState, TabId } from './state.ts';
import { platformLabel } from './format.ts';
import { ProductTab } from './ProductTab.tsx';
import { PanelTracking } from '../tracking/PanelTracking.tsx';
import { Watchlist } from '../tracking/Watchlist.tsx';
import { SeoTab } from './SeoTab.tsx';
import { StoreTab } from './StoreTab.tsx';

const TABS: { id: TabId; label: string }[] = [
  { id: 'product', label: 'Product' },
  { id: 'seo', label: 'SEO' },
  { id: 'store', label: 'Store' },
];

function Tablist({ state, actions }: { state: PanelState; actions: PanelActions }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: TargetedKeyboardEvent<HTMLElement>) => {
    const i = TABS.findIndex((t) => t.id === state.tab);
    let next: number;
    if (e.key === 'ArrowRight') next = (i + 1) % TABS.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + TABS.length) % TABS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = TABS.length - 1;
    else return;
    e.preventDefault();
    actions.setTab(TABS[next]!.id);
    refs.current[next]?.focus();
  };
  return (
    <div class="sl-tabs" role="tablist" aria-label="Storelens views" onKeyDown={onKeyDown}>
      {TABS.map((t, i) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`sl-tab-${t.id}`}
          aria-selected={state.tab === t.id}
          aria-controls={`sl-panel-${t.id}`}
          tabIndex={state.tab === t.id ? 0 : -1}
          class="sl-tab"
          onClick={() => actions.setTab(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

function Header({ state }: { state: PanelState }) {
  const platform = state.result?.analysis.platform;
  let host = '';
  try {
    host = state.pageUrl ? new URL(state.pageUrl).hostname : '';
  } catch {
    // Not a web address (a browser page).
  }
  return (
    <header class="sl-head">
      <h1 class="sl-brand" tabIndex={-1} id="sl-title">
        Storelens
      </h1>
      {platform && (
        <span class="sl-chip" data-testid="platform-chip">
          {platformLabel(platform.platform)}
        </span>
      )}
      <span class="sl-spacer" />
      {host && (
        <span class="sl-host" title={state.pageUrl}>
          {host}
        </span>
      )}
    </header>
  );
}

function shortcutText(state: PanelState): string {
  return state.shortcut ? ` or press ${state.shortcut}` : '';
}

/** What the panel says where it cannot read the tab. */
function AccessNotice({ state }: { state: PanelState }) {
  if (state.access === 'connecting')
    return (
      <p class="sl-muted" role="status">
        Connecting to the page…
      </p>
    );
  if (state.access === 'none')
    return (
      <p class="sl-muted" role="status">
        No tab to analyse in this window.
      </p>
    );
  if (state.access === 'restricted')
    return (
      <p class="sl-muted" role="status" data-testid="access-notice">
        Storelens reads shop pages only: browser pages and extension stores cannot be analysed.
      </p>
    );
  return (
    <div class="sl-access" role="status" data-testid="access-notice">
      <p>
        <strong>Click the toolbar button to analyse this page</strong>
        {shortcutText(state)}.
      </p>
      <p class="sl-muted">
        The browser lets Storelens read a page only after that click (or on sites you allowed in the
        options). A button inside this panel cannot give that access.
      </p>
    </div>
  );
}
function Footer({ state, actions }: { state: PanelState; actions: PanelActions }) {
  const ready = state.status === 'ready' && !!state.result;
  return (
    <footer class="sl-foot">
      <button type="button" class="sl-btn" disabled={!ready} onClick={actions.copyJson}>
        Copy JSON
      </button>
      <button type="button" class="sl-btn" disabled={!ready} onClick={actions.downloadJson}>
        Download JSON
      </button>
      <button type="button" class="sl-btn" disabled={!ready} onClick={actions.downloadCsv}>
        Download CSV
      </button>
      <button
        type="button"
        class="sl-btn sl-quiet"
        onClick={actions.reanalyse}
        title="Analyse the page again"
      >
        ↻
      </button>
    </footer>
  );
}

function PickBanner({ state, actions }: { state: PanelState; actions: PanelActions }) {
  const found = state.candidates;
  return (
    <div class="sl-banner" role="status" data-testid="pick-banner">
      <p>
        <strong>Click the price on the page</strong>, or choose it below with the keyboard (each one
        is outlined on the page as it gets focus). The page shows only a highlight while you pick;
        press Esc or cancel here.
      </p>
      {found && found.length > 0 && (
        <ul class="sl-candidates" aria-label="Prices found on the page">
          {found.map((text, i) => (
            <li key={i}>
              <button
                type="button"
                class="sl-btn sl-quiet"
                onFocus={() => actions.highlightCandidate(i)}
                onMouseEnter={() => actions.highlightCandidate(i)}
                onClick={() => actions.pickCandidate(i)}
              >
                {text}
              </button>
            </li>
          ))}
        </ul>
      )}
      {found && found.length === 0 && (
        <p class="sl-muted">No price-like text found on the page: click the price there.</p>
      )}
      <button type="button" class="sl-btn" onClick={actions.cancelPick}>
        Cancel picking
      </button>
    </div>
  );
}

/** The whole panel: header, tabs, the active tab's panel and the export footer. */
export function App({ state, actions }: { state: PanelState; actions: PanelActions }) {
  const onKeyDown = (e: TargetedKeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Escape') return;
    // Escape leaves what is in progress (picking, the pick form); it never closes the panel.
    if (state.picking || state.draft) {
      e.preventDefault();
      actions.cancelPick();
    }
  };
  const ready = state.access === 'ready';
  return (
    <main
      class="sl-panel"
      aria-label="Storelens page analysis"
      data-testid="storelens-panel"
      onKeyDown={onKeyDown}
    >
      <Header state={state} />
      {!ready && <AccessNotice state={state} />}
      {ready && (
        <>
          {state.picking && <PickBanner state={state} actions={actions} />}
          <Tablist state={state} actions={actions} />
          <div
            class="sl-body"
            role="tabpanel"
            id={`sl-panel-${state.tab}`}
            aria-labelledby={`sl-tab-${state.tab}`}
            tabIndex={0}
          >
            {state.status === 'analysing' && !state.result && (
              <p class="sl-muted" role="status">
                Analysing this page…
              </p>
            )}
            {state.status === 'failed' && (
              <p class="sl-error" role="alert">
                {state.error}
              </p>
            )}
            {state.result && state.tab === 'product' && (
              <ProductTab state={state} actions={actions} />
            )}
            {state.result && state.tab === 'product' && <PanelTracking state={state} />}
            {state.result && state.tab === 'seo' && <SeoTab state={state} actions={actions} />}
            {state.result && state.tab === 'store' && <StoreTab state={state} />}
          </div>
          <Footer state={state} actions={actions} />
          <SiteAccess state={state} actions={actions} />
        </>
      )}
      {state.notice && (
        <p class="sl-notice" role="status">
          {state.notice}
        </p>
      )}
      <div class="sl-watch">
        <Watchlist />
      </div>
    </main>
  );
}

function SiteAccess({ state, actions }: { state: PanelState; actions: PanelActions }) {
  if (!state.origin) return null;
  const host = new URL(state.origin).hostname;
  return (
    <p class="sl-muted sl-site">
      {state.siteAllowed ? (
        <>
          Analysed without a click on {host}.{' '}
          <button type="button" class="sl-link" onClick={actions.forgetSite}>
            Stop
          </button>
        </>
      ) : (
        <>
          <button type="button" class="sl-link" onClick={actions.allowSite}>
            Always analyse {host}
          </button>{' '}
          (asks the browser for access to this site only)
        </>
      )}
    </p>
  );
}
