// Options: "Connect your store". The shop's address and credentials (kept in extension storage
// only), the scopes to grant with Shopify's own instructions, a test call that reports the shop's
// name, currency and timezone, then the first sync with its progress and a cancel; once connected,
// the last and next sync, what changed, errors, "Sync now" and "Remove".
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from '#imports';
import {
  SHOPIFY_SCOPES,
  WOO_KEYS_DOCS_URL,
  WOO_KEY_PERMISSION,
  connectors,
  type Credentials,
  type Platform,
  type ShopInfo,
} from '../../../core/connect/index.ts';
import type { BridgeConnectStatus as ConnectStatus } from '../../../core/sync/bridge.ts';
import { send } from '../send.ts';
import { SYNC_EVERY_MINUTES, connectOrigins, connectStateItem } from './store.ts';

type Kind = 'client-credentials' | 'access-token';

const SCOPE_WORDS: Record<(typeof SHOPIFY_SCOPES)[number], string> = {
  read_orders: 'orders, refunds and transactions',
  read_products: 'products and variants',
  read_inventory: 'stock and unit costs',
  read_customers: 'which orders belong to one customer (first and repeat orders)',
};

const fmt = (ms: number | null) =>
  ms === null
    ? 'never'
    : new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);

function duration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

const n = (v: number) => new Intl.NumberFormat().format(v);

/**
 * "3 orders (1 with refunds), 6 product variants fetched": what the last sync read from the shop.
 * What it changed is only known where the data is kept, in the app (its words come back here).
 */
export function fetchedWords(s: ConnectStatus['lastSummary']): string {
  if (!s) return '';
  const parts: string[] = [];
  if (s.orders > 0)
    parts.push(
      `${n(s.orders)} order${s.orders === 1 ? '' : 's'}${s.refunds > 0 ? ` (${n(s.refunds)} with refunds)` : ''}`,
    );
  if (s.products > 0) parts.push(`${n(s.products)} product variant${s.products === 1 ? '' : 's'}`);
  return parts.length ? `${parts.join(', ')} fetched` : 'nothing new to fetch';
}

function Progress({ running }: { running: NonNullable<ConnectStatus['running']> }) {
  const phase: Record<string, string> = {
    shop: 'Checking the shop',
    orders: 'Exporting orders',
    products: 'Exporting products',
    inventory: 'Reading stock',
    done: 'Finishing',
  };
  return (
    <p role="status" aria-live="polite">
      {phase[running.phase] ?? running.phase}: {n(running.fetched)}
      {running.total !== null ? ` of ${n(running.total)}` : ''} records fetched
      {running.etaMs !== null && running.etaMs > 0 ? `, about ${duration(running.etaMs)} left` : ''}
      .
      {running.total !== null && running.total > 0 && (
        <progress
          max={running.total}
          value={Math.min(running.fetched, running.total)}
          aria-label="Sync progress"
        />
      )}
    </p>
  );
}

/** The "Connect your store" section. */
export function ConnectOptions() {
  const [status, setStatus] = useState<ConnectStatus | null>(null);
  const [platform, setPlatform] = useState<Platform>('shopify');
  const [address, setAddress] = useState('');
  const [consumerKey, setConsumerKey] = useState('');
  const [consumerSecret, setConsumerSecret] = useState('');
  const [kind, setKind] = useState<Kind>('client-credentials');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [token, setToken] = useState('');
  const [tested, setTested] = useState<{ origin: string; shop: ShopInfo } | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const refresh = async () => setStatus(await send('connect:status'));
  useEffect(() => {
    void refresh();
    return connectStateItem.watch(() => void refresh());
  }, []);
  // Opened from the app's "Connect your store…" (options.html#connect): straight to the form.
  const section = useRef<HTMLElement>(null);
  const loaded = status !== null;
  useEffect(() => {
    if (!loaded || location.hash !== '#connect') return;
    section.current?.scrollIntoView({ block: 'start' });
    section.current
      ?.querySelector<HTMLElement>(status?.connected ? 'button' : 'input[name="shop"]')
      ?.focus();
    // Once, when the status first arrives.
  }, [loaded]);

  const credentials = (): Credentials =>
    platform === 'woocommerce'
      ? {
          platform: 'woocommerce',
          consumerKey: consumerKey.trim(),
          consumerSecret: consumerSecret.trim(),
        }
      : kind === 'client-credentials'
        ? {
            platform: 'shopify' as const,
            kind: 'client-credentials' as const,
            clientId: clientId.trim(),
            clientSecret: clientSecret.trim(),
          }
        : {
            platform: 'shopify' as const,
            kind: 'access-token' as const,
            accessToken: token.trim(),
          };

  const fail = (e: unknown) =>
    setMessage({ error: true, text: e instanceof Error ? e.message : String(e) });

  const test = async (e: Event) => {
    e.preventDefault();
    setMessage(null);
    setTested(null);
    const text = address.trim();
    if (!text)
      return setMessage({
        error: true,
        text:
          platform === 'woocommerce'
            ? 'Type the shop’s address, e.g. https://shop.example.com.'
            : 'Type the shop’s address, e.g. your-shop.myshopify.com.',
      });
    const c = credentials();
    if (c.platform === 'woocommerce' && (!c.consumerKey || !c.consumerSecret))
      return setMessage({ error: true, text: 'Fill in the consumer key and the consumer secret.' });
    if (
      c.platform === 'shopify' &&
      (c.kind === 'client-credentials' ? !c.clientId || !c.clientSecret : !c.accessToken)
    )
      return setMessage({
        error: true,
        text:
          c.kind === 'client-credentials'
            ? 'Fill in the client ID and the client secret.'
            : 'Fill in the Admin API access token.',
      });
    let origin: string;
    try {
      origin = connectors[platform].origin(text);
    } catch (err) {
      return fail(err);
    }
    // Asked from this click: the browser shows its own prompt for the shop (and Shopify's files),
    // or answers yes at once when it was given. It must be the click's first await: Firefox
    // refuses a request made after another ("may only be called from a user input handler").
    const origins = connectOrigins(platform, origin);
    let granted: boolean;
    try {
      granted = await browser.permissions.request({ origins });
    } catch (err) {
      return fail(err);
    }
    if (!granted)
      return setMessage({
        error: true,
        text: `Permission to call ${origin} was not given; Storelens cannot reach the shop without it.`,
      });
    setBusy(true);
    try {
      setTested(await send('connect:test', { origin, credentials: c }));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const connect = async () => {
    if (!tested) return;
    setBusy(true);
    try {
      await send('connect:save', {
        origin: tested.origin,
        credentials: credentials(),
        shop: tested.shop,
      });
      setClientSecret('');
      setToken('');
      setConsumerSecret('');
      setTested(null);
      setStatus(await send('connect:sync', {}));
      setMessage(null);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!status?.origin) return;
    if (
      !confirm(
        `Remove the connection to ${status.shop?.name ?? status.origin}? Its credentials and the permission to call ${status.origin} are removed from this browser. Data already in the app stays.`,
      )
    )
      return;
    setStatus(await send('connect:remove'));
    setMessage({ error: false, text: 'Connection removed.' });
  };

  if (!status) return null;
  const running = status.running;
  return (
    <section class="card" aria-labelledby="connect-title" ref={section}>
      <h2 id="connect-title">Connect your store</h2>
      {status.connected ? (
        <>
          <p>
            Connected to <strong>{status.shop?.name ?? status.origin}</strong> ({status.origin}
            {status.shop ? `, ${status.shop.currency}, ${status.shop.timezone}` : ''}) with{' '}
            {status.credentialKind === 'client-credentials'
              ? 'the app’s client ID and secret (a new 24-hour token is asked as needed)'
              : status.credentialKind === 'consumer-key'
                ? 'a WooCommerce REST API key'
                : 'an Admin API access token'}
            .
          </p>
          <dl class="facts">
            <dt>Last sync</dt>
            <dd>{fmt(status.lastSyncAt)}</dd>
            <dt>Next sync</dt>
            <dd>{status.nextSyncAt ? fmt(status.nextSyncAt) : 'when the app opens'}</dd>
            {status.lastSummary && (
              <>
                <dt>Fetched</dt>
                <dd>{fetchedWords(status.lastSummary)}</dd>
                <dt>What changed</dt>
                <dd>
                  {status.lastTaken &&
                  status.lastSyncAt !== null &&
                  status.lastTaken.at >= status.lastSyncAt
                    ? `${status.lastTaken.text} (in the app, ${fmt(status.lastTaken.at)})`
                    : 'told when the app takes the sync in'}
                </dd>
              </>
            )}
            <dt>Waiting for the app</dt>
            <dd>
              {status.pending === 0
                ? 'nothing'
                : `${n(status.pending)} sync result${status.pending > 1 ? 's' : ''}: open the Storelens app (bridge on) to take them in`}
            </dd>
          </dl>
          {status.lastError?.kind === 'cancelled' ? (
            <p class="message" role="status">
              Sync cancelled ({fmt(status.lastError.at)}): {status.lastError.message}
            </p>
          ) : (
            status.lastError && (
              <p class="message error" role="alert">
                Last sync failed ({fmt(status.lastError.at)}): {status.lastError.message}
              </p>
            )
          )}
          {running && <Progress running={running} />}
          <div class="row">
            {running ? (
              <button
                type="button"
                class="btn"
                onClick={() => void send('connect:cancel').then(setStatus)}
              >
                Cancel the sync
              </button>
            ) : (
              <button
                type="button"
                class="btn primary"
                onClick={() => void send('connect:sync', {}).then(setStatus, fail)}
              >
                Sync now
              </button>
            )}
            <button type="button" class="btn" onClick={() => void remove()}>
              Remove the connection
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={(e) => void test(e)} class="grid">
          <p class="muted">
            Storelens calls your shop’s API from this browser only (no server of ours) and brings
            orders, refunds, products and stock into the app on this computer when it opens, and
            every {SYNC_HOURS} hours while the browser runs.
          </p>
          <fieldset>
            <legend>Platform</legend>
            {(['shopify', 'woocommerce'] as const).map((p) => (
              <label class="check" key={p}>
                <input
                  type="radio"
                  name="platform"
                  checked={platform === p}
                  onChange={() => {
                    setPlatform(p);
                    setTested(null);
                  }}
                />
                {connectors[p].label}
              </label>
            ))}
          </fieldset>
          <label>
            {platform === 'woocommerce'
              ? 'Shop address (https://shop.example.com)'
              : 'Shop address (your-shop.myshopify.com)'}
            <input
              name="shop"
              autocomplete="off"
              value={address}
              onInput={(e) => setAddress((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          {platform === 'woocommerce' ? (
            <>
              <fieldset>
                <legend>REST API key</legend>
                <label>
                  Consumer key (ck_…)
                  <input
                    name="consumer-key"
                    autocomplete="off"
                    value={consumerKey}
                    onInput={(e) => setConsumerKey((e.currentTarget as HTMLInputElement).value)}
                  />
                </label>
                <label>
                  Consumer secret (cs_…)
                  <input
                    name="consumer-secret"
                    type="password"
                    autocomplete="off"
                    value={consumerSecret}
                    onInput={(e) => setConsumerSecret((e.currentTarget as HTMLInputElement).value)}
                  />
                </label>
              </fieldset>
              <div>
                <p>
                  In WordPress, open WooCommerce → Settings → Advanced → REST API → Add key; choose
                  a Shop manager or an Administrator as the user and{' '}
                  <strong>{WOO_KEY_PERMISSION}</strong> as the permissions (Storelens only reads
                  orders, refunds, products and stock).
                </p>
                <p class="muted">
                  WooCommerce’s instructions:{' '}
                  <a href={WOO_KEYS_DOCS_URL} target="_blank" rel="noreferrer">
                    generate REST API keys
                  </a>
                  . The key stays in this browser’s extension storage and is sent to your shop only.
                </p>
              </div>
            </>
          ) : (
            <>
              <fieldset>
                <legend>Credentials</legend>
                <label class="check">
                  <input
                    type="radio"
                    name="kind"
                    checked={kind === 'client-credentials'}
                    onChange={() => setKind('client-credentials')}
                  />
                  Client ID and secret of an app made in Shopify’s Dev Dashboard
                </label>
                <label class="check">
                  <input
                    type="radio"
                    name="kind"
                    checked={kind === 'access-token'}
                    onChange={() => setKind('access-token')}
                  />
                  Admin API access token of an existing custom app (shpat_…)
                </label>
                {kind === 'client-credentials' ? (
                  <>
                    <label>
                      Client ID
                      <input
                        name="client-id"
                        autocomplete="off"
                        value={clientId}
                        onInput={(e) => setClientId((e.currentTarget as HTMLInputElement).value)}
                      />
                    </label>
                    <label>
                      Client secret
                      <input
                        name="client-secret"
                        type="password"
                        autocomplete="off"
                        value={clientSecret}
                        onInput={(e) =>
                          setClientSecret((e.currentTarget as HTMLInputElement).value)
                        }
                      />
                    </label>
                  </>
                ) : (
                  <label>
                    Admin API access token
                    <input
                      name="access-token"
                      type="password"
                      autocomplete="off"
                      value={token}
                      onInput={(e) => setToken((e.currentTarget as HTMLInputElement).value)}
                    />
                  </label>
                )}
              </fieldset>
              <div>
                <p>Grant the app these read-only scopes, and nothing else:</p>
                <ul>
                  {SHOPIFY_SCOPES.map((s) => (
                    <li key={s}>
                      <code>{s}</code>: {SCOPE_WORDS[s]}
                    </li>
                  ))}
                  <li>
                    <code>read_all_orders</code> too, for orders older than 60 days (Shopify shows
                    only the last 60 days without it)
                  </li>
                </ul>
                <p class="muted">
                  Shopify’s instructions:{' '}
                  <a
                    href="https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant"
                    target="_blank"
                    rel="noreferrer"
                  >
                    an app in the Dev Dashboard (client ID and secret)
                  </a>
                  ,{' '}
                  <a
                    href="https://help.shopify.com/en/manual/apps/app-types/custom-apps"
                    target="_blank"
                    rel="noreferrer"
                  >
                    an existing custom app’s access token
                  </a>
                  . The credentials stay in this browser’s extension storage and are sent to your
                  shop only.
                </p>
              </div>
            </>
          )}
          <div class="row">
            <button type="submit" class="btn" disabled={busy}>
              {busy && !tested ? 'Testing…' : 'Test connection'}
            </button>
          </div>
          {tested && (
            <div role="status">
              <p>
                Connected to <strong>{tested.shop.name}</strong>: currency {tested.shop.currency},
                timezone {tested.shop.timezone}. The Storelens app will offer to use this currency
                and timezone, and asks before it changes them.
              </p>
              <button
                type="button"
                class="btn primary"
                disabled={busy}
                onClick={() => void connect()}
              >
                Save and run the first sync
              </button>
            </div>
          )}
        </form>
      )}
      {message && (
        <p
          class={message.error ? 'message error' : 'message'}
          role={message.error ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}

const SYNC_HOURS = SYNC_EVERY_MINUTES / 60;
