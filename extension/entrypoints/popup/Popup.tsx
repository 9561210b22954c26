// The toolbar popup: what Storelens found on the page in front, or the button that opens the
// overlay there (the popup's opening is what grants activeTab for that page).
import { useEffect, useState } from 'preact/hooks';
import { browser } from '#imports';
import type { ActivateResult, PageSummary } from '../../features/messages.ts';
import { formatPrice, platformLabel, sourceLabel } from '../../features/overlay/format.ts';
import type { PlatformName } from '../../../core/page/types.ts';
import { normaliseOrigin } from '../../features/origins.ts';
import { send } from '../../features/send.ts';
import { autoOpenSitesItem } from '../../features/settings.ts';
import { disableAutoOpen } from '../../features/auto-open-prefs.ts';
import { PopupWatchlist } from '../../features/tracking/PopupWatchlist.tsx';

interface TabInfo {
  id: number;
  origin: string | null;
}

async function currentTab(): Promise<TabInfo | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id == null) return null;
  return { id: tab.id, origin: tab.url ? normaliseOrigin(tab.url) : null };
}

async function fetchSummary(tabId: number): Promise<PageSummary | null> {
  try {
    return await send('storelens:get-summary', { tabId });
  } catch {
    return null;
  }
}

/** The popup page. */
export function Popup() {
  const [tab, setTab] = useState<TabInfo | null>(null);
  const [summary, setSummary] = useState<PageSummary | null>(null);
  const [shortcut, setShortcut] = useState<string | null>(null);
  const [autoOpen, setAutoOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void (async () => {
      const t = await currentTab();
      setTab(t);
      if (t) setSummary(await fetchSummary(t.id));
      const sites = await autoOpenSitesItem.getValue();
      setAutoOpen(!!t?.origin && sites.includes(t.origin));
      const commands = await browser.commands.getAll();
      setShortcut(commands.find((c) => c.name === 'toggle-overlay')?.shortcut || null);
    })();
  }, []);

  const activate = async () => {
    if (!tab) return;
    setBusy(true);
    const result = await send('storelens:activate', { tabId: tab.id }).catch(
      (err: unknown): ActivateResult => ({
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      }),
    );
    setBusy(false);
    if (!result.ok) {
      setMessage(result.error);
      return;
    }
    setMessage(
      result.action === 'injected'
        ? 'The overlay is open on the page.'
        : 'Overlay shown or hidden on the page.',
    );
    // The overlay reports back once it has analysed the page.
    for (let i = 0; i < 20; i++) {
      await new Promise((ok) => setTimeout(ok, 300));
      const s = await fetchSummary(tab.id);
      if (s) {
        setSummary(s);
        break;
      }
    }
  };

  const toggleAutoOpen = async (on: boolean) => {
    if (!tab?.origin) return;
    if (on) {
      // The permission prompt would close the popup (Firefox) before its answer arrives, so the
      // options page, a normal tab, asks for it with the site filled in.
      await browser.tabs.create({
        url: `${browser.runtime.getURL('/options.html')}#add=${encodeURIComponent(tab.origin)}`,
      });
      window.close();
    } else {
      await disableAutoOpen(tab.origin);
      setAutoOpen(false);
    }
  };

  return (
    <main class="page popup">
      <h1 class="title">Storelens</h1>
      {summary ? (
        <section class="card" data-testid="popup-summary">
          <p class="platform">{platformLabel(summary.platform as PlatformName)}</p>
          {summary.productName && <p class="product">{summary.productName}</p>}
          {summary.price != null && (
            <p class="price">
              {formatPrice(summary.price, summary.currency, navigator.language)}{' '}
              {summary.priceSource && <span class="badge">{sourceLabel(summary.priceSource)}</span>}
            </p>
          )}
          {summary.seoScore != null && <p class="muted">SEO score {summary.seoScore}/100</p>}
          <button type="button" class="btn" onClick={() => void activate()} disabled={busy}>
            Show or hide the overlay
          </button>
        </section>
      ) : (
        <section class="card">
          <p class="muted">
            See this page as an eCommerce manager: products and prices, platform, SEO.
          </p>
          <button
            type="button"
            class="btn primary"
            onClick={() => void activate()}
            disabled={busy || !tab}
          >
            Analyse this page
          </button>
        </section>
      )}
      {message && (
        <p class="message" role="status">
          {message}
        </p>
      )}
      {tab?.origin && (
        <label class="check">
          <input
            type="checkbox"
            checked={autoOpen}
            onChange={(e) => void toggleAutoOpen((e.currentTarget as HTMLInputElement).checked)}
          />
          Open automatically on {new URL(tab.origin).hostname}
        </label>
      )}
      <p class="muted">
        Shortcut:{' '}
        {shortcut ? (
          <kbd>{shortcut}</kbd>
        ) : (
          'none set (choose one in the browser’s extension shortcuts page)'
        )}
      </p>
      <PopupWatchlist />
      <p>
        <a
          href="#"
          onClick={(e) => {
            e.preventDefault();
            void browser.runtime.openOptionsPage();
          }}
        >
          Options
        </a>
      </p>
    </main>
  );
}
