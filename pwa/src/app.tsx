import { useEffect, useState } from 'preact/hooks';
import type { ComponentType, JSX } from 'preact';
import { screens, useRoute, go, routeHref, type Route, type ScreenId } from './route.ts';
import { useServiceWorker, useOnline } from './sw.ts';
import { DataProvider, useStore } from './data.tsx';
import { Overview } from './screens/Overview.tsx';
import { RangeControls } from './components/RangeControls.tsx';
import { BridgeBar } from './bridge.tsx';
import { formatDateTime } from '../../core/ui/format.ts';

// The first screen ships in the entry bundle; the others load when first opened.
const lazyScreens: Partial<
  Record<ScreenId, () => Promise<{ default: ComponentType<{ route: Route }> }>>
> = {
  sales: () => import('./screens/Sales.tsx'),
  customers: () => import('./screens/Customers.tsx'),
  products: () => import('./screens/Products.tsx'),
  marketing: () => import('./screens/Marketing.tsx'),
  profit: () => import('./screens/Profit.tsx'),
  experiments: () => import('./screens/Experiments.tsx'),
  competitors: () => import('./screens/Competitors.tsx'),
  seo: () => import('./screens/Seo.tsx'),
  import: () => import('./screens/Import.tsx'),
  settings: () => import('./screens/Settings.tsx'),
  report: () => import('./screens/Report.tsx'),
};

function Lazy({ screen, route }: { screen: ScreenId; route: Route }): JSX.Element {
  const [loaded, setLoaded] = useState<{ id: ScreenId; C: ComponentType<{ route: Route }> } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = lazyScreens[screen];
    if (!load) return;
    let live = true;
    setError(null);
    load()
      .then((m) => live && setLoaded({ id: screen, C: m.default }))
      .catch(
        () =>
          live &&
          setError(
            'This screen could not be loaded. Check your connection once, then it works offline.',
          ),
      );
    return () => {
      live = false;
    };
  }, [screen]);
  if (error) return <div class="banner error">{error}</div>;
  if (!loaded || loaded.id !== screen) return <div class="muted">Loading…</div>;
  const C = loaded.C;
  return <C route={route} />;
}

function Shell(): JSX.Element {
  const route = useRoute();
  const sw = useServiceWorker();
  const online = useOnline();
  const store = useStore();
  const [offlineNoted, setOfflineNoted] = useState(false);
  const title = screens.find((s) => s.id === route.screen)?.label ?? 'Overview';
  useEffect(() => {
    document.title = `${title} · Storelens`;
  }, [title]);
  useEffect(() => {
    if (!location.hash) go({ screen: 'overview' }, true);
  }, []);

  return (
    <div class="app">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href={routeHref({ screen: 'overview' }, route)}>
          <img src="/icons/icon-192.png" alt="" width="28" height="28" />
          Storelens
        </a>
        {store.meta && !store.meta.empty && <RangeControls route={route} meta={store.meta} />}
      </header>
      <nav class="side" aria-label="Screens">
        <ul>
          {screens
            .filter((s) => !('hidden' in s))
            .map((s) => (
              <li key={s.id}>
                <a
                  href={routeHref(
                    { screen: s.id, detail: null, params: new URLSearchParams() },
                    route,
                  )}
                  aria-current={s.id === route.screen ? 'page' : undefined}
                >
                  {s.label}
                </a>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {sw.updateAvailable && (
          <div class="banner update" role="status">
            A new version of Storelens is available.
            <button type="button" class="btn small primary" onClick={sw.update}>
              Update now
            </button>
          </div>
        )}
        {sw.offlineReady && !offlineNoted && (
          <div class="banner" role="status">
            Storelens is ready to work offline.
            <button type="button" class="btn small" onClick={() => setOfflineNoted(true)}>
              OK
            </button>
          </div>
        )}
        {store.error && (
          <div class="banner error" role="alert">
            {store.error}
          </div>
        )}
        {store.busy && (
          <div class="banner" role="status">
            {store.busy}
          </div>
        )}
        <BridgeBar />
        <div class="status" role="status">
          {!online && <span class="offline">Offline</span>}
          {store.meta?.dataAsOf != null && (
            <span>
              {online ? 'Data as of ' : '— data as of '}
              {formatDateTime(store.meta.dataAsOf, undefined, store.meta.timezone)}
              {store.meta.demo ? ' · demo store' : ''}
            </span>
          )}
          <span class="print-only">Printed {new Date().toLocaleString()}</span>
        </div>
        <h1>{title}</h1>
        {route.screen === 'overview' ? (
          <Overview route={route} />
        ) : (
          <Lazy screen={route.screen} route={route} />
        )}
      </main>
    </div>
  );
}

export function App(): JSX.Element {
  return (
    <DataProvider>
      <Shell />
    </DataProvider>
  );
}
