/**
 * The view state lives in the URL hash (`#/sales?from=2026-10-01&to=2026-10-31&cmp=previous-year&ch=Email`)
 * so any view can be bookmarked and shared, and back/forward work.
 */
import { useEffect, useState } from 'preact/hooks';

export const screens = [
  { id: 'overview', label: 'Overview' },
  { id: 'sales', label: 'Sales' },
  { id: 'customers', label: 'Customers' },
  { id: 'products', label: 'Products & inventory' },
  { id: 'marketing', label: 'Marketing & funnel' },
  { id: 'profit', label: 'Profit' },
  { id: 'experiments', label: 'Experiments' },
  { id: 'competitors', label: 'Competitors' },
  { id: 'seo', label: 'SEO' },
  { id: 'import', label: 'Import' },
  { id: 'settings', label: 'Settings' },
  // Opened from the Overview's and Sales' "Monthly report" link; not in the side nav.
  { id: 'report', label: 'Monthly report', hidden: true },
] as const;
export type ScreenId = (typeof screens)[number]['id'];

export type Comparison = 'previous-period' | 'previous-year' | 'none';

export interface Route {
  screen: ScreenId;
  /** Sub-path after the screen, e.g. a SKU on the product page. */
  detail: string | null;
  from: string | null;
  to: string | null;
  compare: Comparison;
  channel: string[];
  productType: string[];
  country: string[];
  /** Other screen-specific parameters (grain, tab, …). */
  params: URLSearchParams;
}

const listKeys = { channel: 'ch', productType: 'type', country: 'country' } as const;
/** Query keys owned by the shared state; `params` never holds them, so they are written once. */
const sharedKeys = new Set(['from', 'to', 'cmp', ...Object.values(listKeys)]);

function screenParams(source: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of source) if (!sharedKeys.has(k)) out.append(k, v);
  return out;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?');
  const [screenRaw = '', ...rest] = path.split('/');
  const known = screens.some((s) => s.id === screenRaw);
  const params = new URLSearchParams(query);
  const day = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);
  const cmp = params.get('cmp');
  return {
    screen: known ? (screenRaw as ScreenId) : 'overview',
    detail: rest.length ? decodeURIComponent(rest.join('/')) : null,
    from: day(params.get('from')),
    to: day(params.get('to')),
    compare: cmp === 'previous-year' || cmp === 'none' ? cmp : 'previous-period',
    channel: params.getAll(listKeys.channel),
    productType: params.getAll(listKeys.productType),
    country: params.getAll(listKeys.country),
    params: screenParams(params),
  };
}

export function routeHref(r: Partial<Route> & { screen: ScreenId }, base?: Route): string {
  const merged = { ...(base ?? parseRoute('')), ...r };
  const q = new URLSearchParams();
  if (merged.from) q.set('from', merged.from);
  if (merged.to) q.set('to', merged.to);
  if (merged.compare !== 'previous-period') q.set('cmp', merged.compare);
  for (const v of merged.channel) q.append(listKeys.channel, v);
  for (const v of merged.productType) q.append(listKeys.productType, v);
  for (const v of merged.country) q.append(listKeys.country, v);
  if (r.params) for (const [k, v] of screenParams(r.params)) q.append(k, v);
  const qs = q.toString();
  const detail = merged.detail ? `/${encodeURIComponent(merged.detail)}` : '';
  return `#/${merged.screen}${detail}${qs ? `?${qs}` : ''}`;
}

/** Navigates by replacing parts of the current route (keeps date range and filters). */
export function go(r: Partial<Route> & { screen?: ScreenId }, replace = false): void {
  const cur = parseRoute(location.hash);
  const next = nextHref(cur, r);
  if (next === location.hash) return;
  if (replace) history.replaceState(null, '', next);
  else location.hash = next;
  if (replace) dispatchEvent(new HashChangeEvent('hashchange'));
}

/** The href after changing parts of `cur`: the changed parts replace the old ones, nothing is appended twice. */
export function nextHref(cur: Route, r: Partial<Route> & { screen?: ScreenId }): string {
  return routeHref({
    ...cur,
    ...r,
    screen: r.screen ?? cur.screen,
    params: r.params ?? (r.screen && r.screen !== cur.screen ? new URLSearchParams() : cur.params),
  });
}

/** Sets one screen parameter (e.g. grain) in the URL. */
export function setParam(key: string, value: string | null): void {
  const cur = parseRoute(location.hash);
  const params = new URLSearchParams(cur.params);
  if (value == null) params.delete(key);
  else params.set(key, value);
  go({ params }, true);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}
