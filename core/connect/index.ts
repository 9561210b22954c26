/**
 * The store connections, one entry per platform: the extension's background, the app and the
 * tests get a `Connector` from here and never name a platform's module. A platform adds its
 * factory to `connectors` (a missing one fails to compile).
 */
import { shopifyConnector, shopifyOrigin, type ConnectorEnv } from './shopify-api.ts';
import { ConnectError, type Connection, type Connector, type Platform } from './types.ts';
import { wooConnector } from './woo.ts';
import { customerKeyOf } from '../ingest/hash.ts';

export * from './types.ts';
export { runSteps, type StepOptions } from './run.ts';
export { SHOPIFY_SCOPES, defaultSleep, missingScopes, type ConnectorEnv } from './shopify-api.ts';
export { WOO_KEYS_DOCS_URL, WOO_KEY_PERMISSION } from './woo.ts';

interface PlatformEntry {
  /** The platform's name as the manager reads it. */
  label: string;
  /** The shop's origin from what the manager typed; throws a ConnectError('input') in words. */
  origin(input: string): string;
  connector(connection: Connection, fetchFn: typeof fetch, env: ConnectorEnv): Connector;
}

function wrongPlatform(expected: Platform): never {
  throw new ConnectError(`These credentials are not for ${expected}.`, 'input');
}

export const connectors = {
  shopify: {
    label: 'Shopify',
    origin: shopifyOrigin,
    connector: (c, fetchFn, env) =>
      c.credentials.platform === 'shopify'
        ? shopifyConnector(c.origin, c.credentials, fetchFn, env)
        : wrongPlatform('shopify'),
  },
  woocommerce: {
    label: 'WooCommerce',
    origin: (input) => {
      const s = input.trim();
      let u: URL;
      try {
        u = new URL(/^https?:\/\//i.test(s) ? s : `https://${s}`);
      } catch {
        throw new ConnectError(`“${s.slice(0, 80)}” is not a web address.`, 'input');
      }
      return u.origin;
    },
    connector: (c, fetchFn, env) =>
      c.credentials.platform === 'woocommerce'
        ? wooConnector(c, fetchFn, {
            salt: env.salt,
            ...(env.now && { now: env.now }),
            ...(env.sleep && { sleep: env.sleep }),
            ...(env.pagesPerCall && { pagesPerCall: env.pagesPerCall }),
          })
        : wrongPlatform('woocommerce'),
  },
} satisfies Record<Platform, PlatformEntry>;

/** The connector of a connection, calling the shop with `fetchFn` only. */
export function connectorFor(
  connection: Connection,
  fetchFn: typeof fetch,
  env: ConnectorEnv,
): Connector {
  return connectors[connection.credentials.platform].connector(connection, fetchFn, env);
}

/**
 * A one-way fingerprint of the app's customer-key salt: the extension reports the one its synced
 * data was keyed with, the app compares it with its own (and asks a full sync when they differ).
 */
export const saltCheck = (salt: string): string => customerKeyOf('storelens-salt-check', salt);
