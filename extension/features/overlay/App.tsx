// The overlay panel. Every page string is rendered as a JSX text node; nothing here builds HTML.
import { useRef } from 'preact/hooks';
import type { TargetedKeyboardEvent, TargetedPointerEvent } from 'preact';
import { MARGIN, type OverlayActions, type OverlayState, type TabId } from './state.ts';
import { platformLabel } from './format.ts';
import { ProductTab } from './ProductTab.tsx';
import { OverlayTracking } from '../tracking/OverlayTracking.tsx';
import { SeoTab } from './SeoTab.tsx';
import { StoreTab } from './StoreTab.tsx';

const TABS: { id: TabId; label: string }[] = [
  { id: 'product', label: 'Product' },
  { id: 'seo', label: 'SEO' },
  { id: 'store', label: 'Store' },
];

function Tablist({ state, actions }: { state: OverlayState; actions: OverlayActions }) {
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

function Header({ state, actions }: { state: OverlayState; actions: OverlayActions }) {
  const drag = useRef<{ dx: number; dy: number; id: number } | null>(null);
  const platform = state.result?.analysis.platform;
  const onPointerDown = (e: TargetedPointerEvent<HTMLElement>) => {
    if ((e.target as Element).closest('button') || e.button !== 0) return;
    const panel = (e.currentTarget as HTMLElement).parentElement!.getBoundingClientRect();
    drag.current = { dx: e.clientX - panel.left, dy: e.clientY - panel.top, id: e.pointerId };
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: TargetedPointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    actions.moveTo(e.clientX - d.dx, e.clientY - d.dy);
  };
  const onPointerUp = () => (drag.current = null);
  const onKeyDown = (e: TargetedKeyboardEvent<HTMLElement>) => {
    const step = e.shiftKey ? 60 : 15;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    actions.moveBy(m[0], m[1]);
  };
  return (
    <header
      class="sl-head"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      <span
        class="sl-grip"
        role="button"
        tabIndex={0}
        aria-label="Move the Storelens panel: drag, or use the arrow keys"
        title="Drag or use the arrow keys to move"
        onKeyDown={onKeyDown}
      >
        ⠿
      </span>
      <span class="sl-brand">Storelens</span>
      {platform && (
        <span class="sl-chip" data-testid="platform-chip">
          {platformLabel(platform.platform)}
        </span>
      )}
      <span class="sl-spacer" />
      <button
        type="button"
        class="sl-icon"
        onClick={actions.switchDock}
        aria-label={state.dock === 'right' ? 'Dock on the left' : 'Dock on the right'}
        title={state.dock === 'right' ? 'Dock on the left' : 'Dock on the right'}
      >
        {state.dock === 'right' ? '⇤' : '⇥'}
      </button>
      <button
        type="button"
        class="sl-icon"
        onClick={actions.toggleCollapsed}
        aria-expanded={!state.collapsed}
        aria-label={state.collapsed ? 'Expand Storelens' : 'Collapse Storelens'}
        title={state.collapsed ? 'Expand' : 'Collapse (Esc)'}
      >
        {state.collapsed ? '▢' : '–'}
      </button>
      <button
        type="button"
        class="sl-icon"
        onClick={actions.close}
        aria-label="Close Storelens"
        title="Close"
      >
        ×
      </button>
    </header>
  );
}

function Footer({ state, actions }: { state: OverlayState; actions: OverlayActions }) {
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

function PickBanner({ state, actions }: { state: OverlayState; actions: OverlayActions }) {
  return (
    <>
      {state.hover && (
        <div
          class="sl-hover"
          style={{
            left: `${state.hover.left}px`,
            top: `${state.hover.top}px`,
            width: `${state.hover.right - state.hover.left}px`,
            height: `${state.hover.bottom - state.hover.top}px`,
          }}
        />
      )}
      <div class="sl-banner" role="status">
        <span>Click the price on the page.</span>
        <button type="button" class="sl-btn" onClick={actions.cancelPick}>
          Cancel (Esc)
        </button>
      </div>
    </>
  );
}

/** The whole overlay: header, tabs, the active tab's panel and the export footer. */
export function App({ state, actions }: { state: OverlayState; actions: OverlayActions }) {
  if (!state.visible) return null;
  if (state.picking) return <PickBanner state={state} actions={actions} />;
  const style: Record<string, string> = {};
  if (state.pos) {
    style.left = `${state.pos.x}px`;
    style.top = `${state.pos.y}px`;
  } else {
    style[state.dock] = `${MARGIN}px`;
    style.top = `${MARGIN}px`;
  }
  const onKeyDown = (e: TargetedKeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape' && !state.collapsed) {
      e.stopPropagation();
      actions.collapse();
    }
  };
  return (
    <section
      class={`sl-panel${state.collapsed ? ' sl-collapsed' : ''}`}
      style={style}
      aria-label="Storelens page analysis"
      data-testid="storelens-panel"
      onKeyDown={onKeyDown}
    >
      <Header state={state} actions={actions} />
      {!state.collapsed && (
        <>
          <Tablist state={state} actions={actions} />
          <div
            class="sl-body"
            role="tabpanel"
            id={`sl-panel-${state.tab}`}
            aria-labelledby={`sl-tab-${state.tab}`}
            tabIndex={0}
          >
            {state.status === 'analysing' && !state.result && (
              <p class="sl-muted">Analysing this page…</p>
            )}
            {state.status === 'failed' && (
              <p class="sl-error" role="alert">
                {state.error}
              </p>
            )}
            {state.result && state.tab === 'product' && (
              <ProductTab state={state} actions={actions} />
            )}
            {state.result && state.tab === 'product' && <OverlayTracking state={state} />}
            {state.result && state.tab === 'seo' && <SeoTab state={state} actions={actions} />}
            {state.result && state.tab === 'store' && <StoreTab state={state} />}
          </div>
          <Footer state={state} actions={actions} />
        </>
      )}
      {/* Outside the collapsible part: "collapsed so the buy button stays visible" must show. */}
      {state.notice && (
        <p class="sl-notice" role="status">
          {state.notice}
        </p>
      )}
    </section>
  );
}
