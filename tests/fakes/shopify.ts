/**
 * A fake Shopify Admin API on 127.0.0.1 for the connector's unit tests and the extension's e2e
 * test. It parses the GraphQL it receives (a small parser of the query language: operations,
 * variables, arguments, aliases, inline fragments), checks every field against the part of the
 * 2025-10 schema below, answers from a fixture store (./shopify-store.ts), runs the bulk-operation
 * lifecycle with a JSONL download, reports costs and throttles, answers 401/429/5xx on demand,
 * and rejects what the real API rejects. Where each shape comes from:
 *
 * - Endpoint, version in the path, `X-Shopify-Access-Token`, 401 on a missing or bad token:
 *   https://shopify.dev/docs/api/admin-graphql (Authentication; "Endpoints and queries").
 *   Deliberately stricter than Shopify: an unknown version is a 404 here (Shopify falls forward
 *   to the oldest supported one), so an unpinned URL fails the tests.
 * - Client credentials grant (form body, `access_token`, `scope`, `expires_in` of 24 h):
 *   https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant
 *   The body of a refused grant is not documented; `{ error, error_description }` (OAuth 2.0,
 *   RFC 6749 §5.2) is assumed.
 * - Costs (`extensions.cost`, leaky bucket, `THROTTLED`):
 *   https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits
 *   (connections cost 2 + first × the node's cost; objects 1, scalars and enums 0; mutations 10).
 * - Bulk queries (one connection at least, at most five, nesting depth two; no `first` needed;
 *   JSONL with `__parentId`; one bulk query per app and shop in 2025-10; OPERATION_IN_PROGRESS):
 *   https://shopify.dev/docs/api/usage/bulk-operations/queries,
 *   https://shopify.dev/docs/api/admin-graphql/2025-10/mutations/bulkOperationRunQuery,
 *   https://shopify.dev/docs/api/admin-graphql/2025-10/objects/BulkOperation,
 *   https://shopify.dev/docs/api/admin-graphql/2025-10/enums/BulkOperationStatus,
 *   https://shopify.dev/docs/api/admin-graphql/2025-10/queries/currentBulkOperation,
 *   https://shopify.dev/docs/api/admin-graphql/2025-10/mutations/bulkOperationCancel
 * - Counts with `limit: null`: https://shopify.dev/changelog/uncapped-graphql-counts,
 *   https://shopify.dev/docs/api/admin-graphql/2025-10/objects/Count
 * - Objects and fields: https://shopify.dev/docs/api/admin-graphql/2025-10/objects/Order,
 *   …/objects/LineItem, …/objects/Refund, …/objects/RefundLineItem, …/objects/RefundShippingLine,
 *   …/objects/MoneyBag, …/objects/Product, …/objects/ProductVariant, …/objects/InventoryItem,
 *   …/objects/InventoryLevel (quantities(names:) required; names such as on_hand, available,
 *   committed), …/objects/Location, …/objects/Shop, …/objects/AppInstallation; a connection
 *   inside a nested object (inventoryItem.inventoryLevels) comes as lines of its own whose
 *   `__parentId` is the enclosing node (the variant); search syntax (`updated_at:>'…'`):
 *   https://shopify.dev/docs/api/usage/search-syntax
 * - Missing scope: a top-level error with `extensions.code: ACCESS_DENIED` naming the scope
 *   (https://shopify.dev/docs/api/usage/access-scopes).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { changeStore, fixtureStore, type FixtureStore, type Rec } from './shopify-store.ts';

export const FAKE_API_VERSION = '2025-10';

// ---------------------------------------------------------------------------------------------
// A small GraphQL parser (the executable subset the Admin API's clients send).

type Value =
  | { kind: 'var'; name: string }
  | { kind: 'lit'; value: unknown }
  | { kind: 'list'; items: Value[] }
  | { kind: 'obj'; fields: Record<string, Value> };

interface Field {
  kind: 'field';
  alias: string;
  name: string;
  args: Record<string, Value>;
  selections: Selection[] | null;
}
interface Fragment {
  kind: 'fragment';
  on: string;
  selections: Selection[];
}
type Selection = Field | Fragment;

interface Operation {
  type: 'query' | 'mutation';
  variables: Record<string, { type: string; default?: Value }>;
  selections: Selection[];
}

export class GraphqlSyntaxError extends Error {}

function tokenize(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/[\s,\uFEFF]/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (src.startsWith('"""', i)) {
      const end = src.indexOf('"""', i + 3);
      if (end < 0) throw new GraphqlSyntaxError('Unterminated block string');
      out.push(JSON.stringify(src.slice(i + 3, end).trim()));
      i = end + 3;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw new GraphqlSyntaxError('Unterminated string');
      out.push(src.slice(i, j + 1));
      i = j + 1;
    } else if (src.startsWith('...', i)) {
      out.push('...');
      i += 3;
    } else if ('{}()[]:!$=@|&'.includes(c)) {
      out.push(c);
      i++;
    } else {
      const m = /^-?[_A-Za-z0-9.]+/.exec(src.slice(i));
      if (!m) throw new GraphqlSyntaxError(`Unexpected character '${c}'`);
      out.push(m[0]);
      i += m[0].length;
    }
  }
  return out;
}

export function parseGraphql(src: string): Operation {
  const t = tokenize(src);
  let p = 0;
  const peek = () => t[p];
  const next = () => {
    const v = t[p++];
    if (v === undefined) throw new GraphqlSyntaxError('Unexpected end of document');
    return v;
  };
  const expect = (v: string) => {
    const got = next();
    if (got !== v) throw new GraphqlSyntaxError(`Expected '${v}', got '${got}'`);
  };
  const name = () => {
    const v = next();
    if (!/^[_A-Za-z][_A-Za-z0-9]*$/.test(v))
      throw new GraphqlSyntaxError(`Expected a name, got '${v}'`);
    return v;
  };
  function value(): Value {
    const v = next();
    if (v === '$') return { kind: 'var', name: name() };
    if (v === '[') {
      const items: Value[] = [];
      while (peek() !== ']') items.push(value());
      expect(']');
      return { kind: 'list', items };
    }
    if (v === '{') {
      const fields: Record<string, Value> = {};
      while (peek() !== '}') {
        const k = name();
        expect(':');
        fields[k] = value();
      }
      expect('}');
      return { kind: 'obj', fields };
    }
    if (v.startsWith('"')) return { kind: 'lit', value: JSON.parse(v) as string };
    if (v === 'true' || v === 'false') return { kind: 'lit', value: v === 'true' };
    if (v === 'null') return { kind: 'lit', value: null };
    if (/^-?\d+$/.test(v)) return { kind: 'lit', value: Number(v) };
    if (/^-?\d+\.\d+$/.test(v)) return { kind: 'lit', value: Number(v) };
    if (/^[_A-Za-z][_A-Za-z0-9]*$/.test(v)) return { kind: 'lit', value: v }; // enum
    throw new GraphqlSyntaxError(`Unexpected '${v}'`);
  }
  function typeRef(): string {
    let s: string;
    if (peek() === '[') {
      next();
      s = `[${typeRef()}]`;
      expect(']');
    } else s = name();
    if (peek() === '!') {
      next();
      s += '!';
    }
    return s;
  }
  function selectionSet(): Selection[] {
    expect('{');
    const out: Selection[] = [];
    while (peek() !== '}') {
      if (peek() === '...') {
        next();
        const on = next();
        if (on !== 'on')
          throw new GraphqlSyntaxError('Named fragments are not supported by the fake');
        out.push({ kind: 'fragment', on: name(), selections: selectionSet() });
        continue;
      }
      const alias = name();
      let fieldName = alias;
      if (peek() === ':') {
        next();
        fieldName = name();
      }
      const args: Record<string, Value> = {};
      if (peek() === '(') {
        next();
        while (peek() !== ')') {
          const k = name();
          expect(':');
          args[k] = value();
        }
        expect(')');
      }
      if (peek() === '@') throw new GraphqlSyntaxError('Directives are not supported by the fake');
      out.push({
        kind: 'field',
        alias,
        name: fieldName,
        args,
        selections: peek() === '{' ? selectionSet() : null,
      });
    }
    expect('}');
    if (out.length === 0) throw new GraphqlSyntaxError('Empty selection set');
    return out;
  }
  let type: Operation['type'] = 'query';
  const variables: Operation['variables'] = {};
  if (peek() === 'query' || peek() === 'mutation') {
    type = next() as Operation['type'];
    if (peek() !== '{' && peek() !== '(') name();
    if (peek() === '(') {
      next();
      while (peek() !== ')') {
        expect('$');
        const v = name();
        expect(':');
        const ty = typeRef();
        let def: Value | undefined;
        if (peek() === '=') {
          next();
          def = value();
        }
        variables[v] = def ? { type: ty, default: def } : { type: ty };
      }
      expect(')');
    }
  }
  const selections = selectionSet();
  if (p !== t.length) throw new GraphqlSyntaxError('Only one operation per document is supported');
  return { type, variables, selections };
}

// ---------------------------------------------------------------------------------------------
// The part of the 2025-10 Admin schema the fake knows. `S` = scalar or enum.

interface FieldDef {
  t: string;
  list?: boolean;
  conn?: boolean;
  args?: string[];
  /** Arguments without which the field is refused. */
  required?: string[];
  scope?: string;
}
const S: FieldDef = { t: 'S' };
const money: FieldDef = { t: 'MoneyBag' };

const schema: Record<string, Record<string, FieldDef>> = {
  QueryRoot: {
    shop: { t: 'Shop' },
    currentAppInstallation: { t: 'AppInstallation' },
    orders: {
      t: 'Order',
      conn: true,
      args: ['first', 'after', 'query', 'sortKey', 'reverse'],
      scope: 'read_orders',
    },
    products: {
      t: 'Product',
      conn: true,
      args: ['first', 'after', 'query', 'sortKey', 'reverse'],
      scope: 'read_products',
    },
    ordersCount: { t: 'Count', args: ['query', 'limit'], scope: 'read_orders' },
    productsCount: { t: 'Count', args: ['query', 'limit'], scope: 'read_products' },
    node: { t: 'Node', args: ['id'] },
    currentBulkOperation: { t: 'BulkOperation', args: ['type'] },
  },
  Mutation: {
    bulkOperationRunQuery: { t: 'BulkOperationRunQueryPayload', args: ['query', 'groupObjects'] },
    bulkOperationCancel: { t: 'BulkOperationCancelPayload', args: ['id'] },
  },
  Shop: { id: S, name: S, currencyCode: S, ianaTimezone: S, myshopifyDomain: S },
  AppInstallation: { id: S, accessScopes: { t: 'AccessScope', list: true } },
  AccessScope: { handle: S, description: S },
  Count: { count: S, precision: S },
  Order: {
    id: S,
    legacyResourceId: S,
    name: S,
    createdAt: S,
    updatedAt: S,
    cancelledAt: S,
    currencyCode: S,
    email: S,
    displayFinancialStatus: S,
    displayFulfillmentStatus: S,
    sourceName: S,
    discountCodes: S,
    customer: { t: 'Customer', scope: 'read_customers' },
    billingAddress: { t: 'MailingAddress' },
    shippingAddress: { t: 'MailingAddress' },
    subtotalPriceSet: money,
    totalDiscountsSet: money,
    totalShippingPriceSet: money,
    totalTaxSet: money,
    totalPriceSet: money,
    totalRefundedSet: money,
    transactions: { t: 'OrderTransaction', list: true, args: ['first'] },
    lineItems: { t: 'LineItem', conn: true, args: ['first', 'after'] },
    refunds: { t: 'Refund', list: true, args: ['first'] },
  },
  Customer: { id: S },
  MailingAddress: { countryCodeV2: S },
  MoneyBag: { shopMoney: { t: 'MoneyV2' }, presentmentMoney: { t: 'MoneyV2' } },
  MoneyV2: { amount: S, currencyCode: S },
  OrderTransaction: { gateway: S, kind: S, status: S },
  LineItem: {
    id: S,
    sku: S,
    name: S,
    variantTitle: S,
    quantity: S,
    isGiftCard: S,
    originalUnitPriceSet: money,
    totalDiscountSet: money,
    product: { t: 'Product' },
    variant: { t: 'ProductVariant' },
  },
  Refund: {
    id: S,
    createdAt: S,
    totalRefundedSet: money,
    refundLineItems: { t: 'RefundLineItem', conn: true, args: ['first', 'after'] },
    refundShippingLines: { t: 'RefundShippingLine', conn: true, args: ['first', 'after'] },
  },
  RefundLineItem: {
    id: S,
    quantity: S,
    lineItem: { t: 'LineItem' },
    subtotalSet: money,
    totalTaxSet: money,
  },
  RefundShippingLine: { id: S, subtotalAmountSet: money, taxAmountSet: money },
  Product: {
    id: S,
    handle: S,
    title: S,
    vendor: S,
    productType: S,
    onlineStoreUrl: S,
    updatedAt: S,
    variants: { t: 'ProductVariant', conn: true, args: ['first', 'after'] },
  },
  ProductVariant: {
    id: S,
    sku: S,
    title: S,
    price: S,
    compareAtPrice: S,
    barcode: S,
    inventoryQuantity: { t: 'S', scope: 'read_inventory' },
    selectedOptions: { t: 'SelectedOption', list: true },
    inventoryItem: { t: 'InventoryItem' },
  },
  SelectedOption: { name: S, value: S },
  InventoryItem: {
    id: S,
    unitCost: { t: 'MoneyV2', scope: 'read_inventory' },
    inventoryLevels: {
      t: 'InventoryLevel',
      conn: true,
      args: ['first', 'after', 'query'],
      scope: 'read_inventory',
    },
  },
  // …/objects/InventoryLevel: quantities(names: [String!]!) is required.
  InventoryLevel: {
    id: S,
    location: { t: 'Location' },
    quantities: { t: 'InventoryQuantity', list: true, args: ['names'], required: ['names'] },
  },
  Location: { id: S, name: S },
  InventoryQuantity: { name: S, quantity: S },
  BulkOperation: {
    id: S,
    status: S,
    errorCode: S,
    createdAt: S,
    completedAt: S,
    objectCount: S,
    rootObjectCount: S,
    fileSize: S,
    url: S,
    partialDataUrl: S,
    query: S,
    type: S,
  },
  BulkOperationRunQueryPayload: {
    bulkOperation: { t: 'BulkOperation' },
    userErrors: { t: 'BulkOperationUserError', list: true },
  },
  BulkOperationUserError: { field: S, message: S, code: S },
  BulkOperationCancelPayload: {
    bulkOperation: { t: 'BulkOperation' },
    userErrors: { t: 'UserError', list: true },
  },
  UserError: { field: S, message: S },
  Connection: {
    edges: { t: 'Edge', list: true },
    nodes: { t: '*', list: true },
    pageInfo: { t: 'PageInfo' },
  },
  Edge: { node: { t: '*' }, cursor: S },
  PageInfo: { hasNextPage: S, endCursor: S },
};

/** A GraphQL error as the Admin API words it. */
class QueryError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface Ctx {
  vars: Record<string, unknown>;
  scopes: Set<string>;
  bulk: boolean;
}

function argValue(v: Value, ctx: Ctx): unknown {
  switch (v.kind) {
    case 'var':
      return ctx.vars[v.name];
    case 'lit':
      return v.value;
    case 'list':
      return v.items.map((i) => argValue(i, ctx));
    case 'obj':
      return Object.fromEntries(Object.entries(v.fields).map(([k, x]) => [k, argValue(x, ctx)]));
  }
}

/** Checks a selection against the schema; returns its requested cost (rate-limits page). */
function check(
  type: string,
  sels: Selection[],
  ctx: Ctx,
  depth: number,
  conns: { n: number; depth: number },
): number {
  let cost = 0;
  for (const s of sels) {
    if (s.kind === 'fragment') {
      if (type !== 'Node' && s.on !== type)
        throw new QueryError(
          `Fragment on ${s.on} can't be spread inside ${type}`,
          'argumentLiteralsIncompatible',
        );
      cost += check(s.on, s.selections, ctx, depth, conns);
      continue;
    }
    const def = schema[type]?.[s.name];
    if (!def)
      throw new QueryError(`Field '${s.name}' doesn't exist on type '${type}'`, 'undefinedField');
    for (const a of Object.keys(s.args))
      if (!def.args?.includes(a))
        throw new QueryError(
          `Field '${s.name}' doesn't accept argument '${a}'`,
          'argumentNotAccepted',
        );
    for (const a of def.required ?? [])
      if (!(a in s.args))
        throw new QueryError(
          `Field '${s.name}' is missing required arguments: ${a}`,
          'missingRequiredArguments',
        );
    if (def.scope && !ctx.scopes.has(def.scope))
      throw new QueryError(
        `Access denied for ${s.name} field. Required access: \`${def.scope}\` access scope.`,
        'ACCESS_DENIED',
      );
    const scalar = def.t === 'S';
    if (scalar && s.selections)
      throw new QueryError(
        `Selections can't be made on scalars (field '${s.name}')`,
        'selectionMismatch',
      );
    if (!scalar && !s.selections)
      throw new QueryError(
        `Field must have selections (field '${s.name}' returns ${def.t})`,
        'selectionMismatch',
      );
    if (scalar) continue;
    if (def.conn) {
      conns.n++;
      conns.depth = Math.max(conns.depth, depth + 1);
      const first = argValue(s.args.first ?? { kind: 'lit', value: null }, ctx);
      if (!ctx.bulk && typeof first !== 'number')
        throw new QueryError(
          `you must provide one of first or last (field '${s.name}')`,
          'MISSING_PAGINATION',
        );
      let inner = 0;
      for (const cs of s.selections!) {
        if (cs.kind !== 'field')
          throw new QueryError('Fragments on connections are not supported', 'undefinedField');
        if (cs.name === 'edges') {
          const node = cs.selections?.find(
            (x): x is Field => x.kind === 'field' && x.name === 'node',
          );
          for (const e of cs.selections ?? [])
            if (e.kind !== 'field' || (e.name !== 'node' && e.name !== 'cursor'))
              throw new QueryError(
                `Field '${e.kind === 'field' ? e.name : '...'}' doesn't exist on type '${def.t}Edge'`,
                'undefinedField',
              );
          if (node?.selections) inner += 1 + check(def.t, node.selections, ctx, depth + 1, conns);
        } else if (cs.name === 'nodes') {
          inner += 1 + check(def.t, cs.selections ?? [], ctx, depth + 1, conns);
        } else if (cs.name === 'pageInfo') {
          if (ctx.bulk) throw new QueryError('pageInfo is not allowed in a bulk query', 'INVALID');
        } else
          throw new QueryError(
            `Field '${cs.name}' doesn't exist on type '${def.t}Connection'`,
            'undefinedField',
          );
      }
      cost += 2 + (typeof first === 'number' ? first : 1) * inner;
    } else {
      const inner = check(def.t, s.selections!, ctx, depth, conns);
      cost += def.list
        ? 1 + inner * (Number(argValue(s.args.first ?? { kind: 'lit', value: 1 }, ctx)) || 1)
        : 1 + inner;
    }
  }
  return cost;
}

// ---------------------------------------------------------------------------------------------
// Execution.

/** `updated_at:>'2026-12-01T10:00:00Z'` (the connector's only filter) → a predicate. */
function searchFilter(q: unknown): (r: Rec) => boolean {
  if (q === undefined || q === null || q === '') return () => true;
  const m = /^updated_at:>'([^']+)'$/.exec(String(q));
  if (!m)
    throw new QueryError(
      `The fake understands only updated_at:>'ISO time', got ${JSON.stringify(q)}`,
      'INVALID_SEARCH',
    );
  const t = Date.parse(m[1]!);
  if (Number.isNaN(t)) throw new QueryError(`Invalid date in search: ${m[1]}`, 'INVALID_SEARCH');
  return (r) => Date.parse(String(r.updatedAt)) > t;
}

function project(type: string, obj: Rec | null, sels: Selection[], ctx: Ctx): Rec | null {
  if (obj === null || obj === undefined) return null;
  const out: Rec = {};
  for (const s of sels) {
    if (s.kind === 'fragment') {
      if (type === 'Node' && !String(obj.id).includes(`/${s.on}/`)) continue;
      Object.assign(out, project(s.on, obj, s.selections, ctx));
      continue;
    }
    const def = schema[type]![s.name]!;
    const raw = obj[s.name];
    if (def.t === 'S') {
      out[s.alias] = raw === undefined ? null : raw;
    } else if (def.conn) {
      const items = (Array.isArray(raw) ? raw : []) as Rec[];
      const first = argValue(s.args.first ?? { kind: 'lit', value: null }, ctx);
      const page = typeof first === 'number' ? items.slice(0, first) : items;
      const conn: Rec = {};
      for (const cs of s.selections as Field[]) {
        if (cs.name === 'edges') {
          const node = cs.selections!.find(
            (x): x is Field => x.kind === 'field' && x.name === 'node',
          );
          conn[cs.alias] = page.map((it, i) => ({
            ...(node && { [node.alias]: project(def.t, it, node.selections!, ctx) }),
            ...(cs.selections!.some((x) => x.kind === 'field' && x.name === 'cursor') && {
              cursor: String(i),
            }),
          }));
        } else if (cs.name === 'nodes')
          conn[cs.alias] = page.map((it) => project(def.t, it, cs.selections!, ctx));
        else if (cs.name === 'pageInfo')
          conn[cs.alias] = {
            hasNextPage: page.length < items.length,
            endCursor: String(page.length - 1),
          };
      }
      (conn as { __conn?: string }).__conn = def.t;
      out[s.alias] = conn;
    } else if (def.list) {
      let items = (raw as Rec[] | undefined) ?? [];
      // An inventory level's quantities: only the names asked.
      if (def.t === 'InventoryQuantity') {
        const names = argValue(s.args.names!, ctx) as string[];
        items = items.filter((q) => names.includes(String(q.name)));
      }
      out[s.alias] = items.map((it) => project(def.t, it, s.selections!, ctx));
    } else {
      out[s.alias] = project(def.t, raw as Rec | null, s.selections!, ctx);
    }
  }
  return out;
}

/**
 * A bulk result as JSONL: each node of a connection on its own line, nested connections' nodes
 * after their parent with `__parentId` (https://shopify.dev/docs/api/usage/bulk-operations/queries).
 */
function toJsonl(rootConn: Rec, out: string[], parentId?: string): number {
  // Returns how many nodes this connection had (its children are not counted).
  let n = 0;
  const nodes = ((rootConn.edges as Rec[] | undefined)?.map((e) => e.node) ??
    (rootConn.nodes as Rec[] | undefined) ??
    []) as Rec[];
  for (const node of nodes) {
    const children: Rec[] = [];
    // A connection inside a nested object (a variant's inventoryItem.inventoryLevels) is also
    // its own lines, whose parent is this node.
    const hoist = (o: Rec): Rec => {
      const kept: Rec = {};
      for (const [k, v] of Object.entries(o)) {
        if (v && typeof v === 'object' && '__conn' in (v as Rec)) children.push(v as Rec);
        else if (v && typeof v === 'object' && !Array.isArray(v)) kept[k] = hoist(v as Rec);
        else kept[k] = stripConn(v);
      }
      return kept;
    };
    const flat = hoist(node);
    if (parentId) flat.__parentId = parentId;
    out.push(JSON.stringify(flat));
    n++;
    for (const c of children) toJsonl(c, out, String(node.id));
  }
  return n;
}

/** Connections nested in a list (a refund's lines) stay inline, without the marker. */
function stripConn(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripConn);
  if (v && typeof v === 'object') {
    const o: Rec = {};
    for (const [k, x] of Object.entries(v as Rec)) if (k !== '__conn') o[k] = stripConn(x);
    return o;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// The server.

interface BulkOp {
  id: string;
  status: 'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELING' | 'CANCELED' | 'EXPIRED';
  query: string;
  createdAt: string;
  completedAt: string | null;
  polls: number;
  lines: string[];
  roots: number;
}

export interface ShopifyFakeOptions {
  port?: number;
  /** Client ID and secret the grant accepts. */
  clientId?: string;
  clientSecret?: string;
  /** A legacy custom app's Admin API access token (shpat_…). */
  legacyToken?: string;
  scopes?: string[];
  /** Leaky bucket (rate-limits page: Standard plan 100 points/s; bucket 2000 in 2025-10). */
  maximumAvailable?: number;
  restoreRate?: number;
  /** How many polls a bulk operation stays RUNNING. */
  pollsToComplete?: number;
  now?: () => number;
}

export interface RequestLog {
  method: string;
  path: string;
  token: string | null;
  operation: string | null;
  status: number;
  /** Answered THROTTLED (HTTP 200 with the error and the cost extension). */
  throttled?: boolean;
}

export interface ShopifyFake {
  origin: string;
  store: FixtureStore;
  requests: RequestLog[];
  /** Requests a real API would have refused, or that leaked a credential (should stay empty). */
  violations: string[];
  /** Answers the next `count` GraphQL calls with this HTTP status. */
  failNext(status: 401 | 429 | 500 | 502 | 503, count?: number): void;
  /** Empties the leaky bucket now. */
  drain(): void;
  /** The second sync's changes (see ./shopify-store.ts). */
  change(): void;
  setScopes(scopes: string[]): void;
  bulkOps(): BulkOp[];
  /** Expires every token the grant issued (as after 24 hours). */
  expireTokens(): void;
  close(): Promise<void>;
}

export async function startShopifyFake(opts: ShopifyFakeOptions = {}): Promise<ShopifyFake> {
  const clientId = opts.clientId ?? 'fake-client-id';
  const clientSecret = opts.clientSecret ?? 'fake-client-secret';
  const legacyToken = opts.legacyToken ?? 'shpat_fake_legacy_token';
  let scopes = new Set(
    opts.scopes ?? ['read_orders', 'read_products', 'read_inventory', 'read_customers'],
  );
  const maximum = opts.maximumAvailable ?? 2000;
  const restoreRate = opts.restoreRate ?? 100;
  const pollsToComplete = opts.pollsToComplete ?? 2;
  const now = opts.now ?? Date.now;
  const store = fixtureStore();
  const requests: RequestLog[] = [];
  const violations: string[] = [];
  const issued = new Set<string>();
  const ops: BulkOp[] = [];
  let failing: { status: number; count: number } | null = null;
  let bucket = { available: maximum, at: now() };
  let tokenSeq = 0;
  let opSeq = 1000;
  let origin = '';

  const available = () => {
    bucket = {
      available: Math.min(maximum, bucket.available + ((now() - bucket.at) / 1000) * restoreRate),
      at: now(),
    };
    return bucket.available;
  };
  const throttleStatus = () => ({
    maximumAvailable: maximum,
    currentlyAvailable: Math.floor(available()),
    restoreRate,
  });

  function send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const parts: Buffer[] = [];
    for await (const c of req) parts.push(c as Buffer);
    return Buffer.concat(parts).toString('utf8');
  }

  function advance(op: BulkOp) {
    if (op.status === 'CREATED') op.status = 'RUNNING';
    else if (op.status === 'RUNNING' && ++op.polls >= pollsToComplete) {
      op.status = 'COMPLETED';
      op.completedAt = new Date(now()).toISOString();
    } else if (op.status === 'CANCELING') op.status = 'CANCELED';
  }

  function opView(op: BulkOp): Rec {
    const done = op.status === 'COMPLETED';
    const count = done
      ? op.lines.length
      : Math.floor((op.lines.length * op.polls) / pollsToComplete);
    return {
      id: op.id,
      status: op.status,
      errorCode: null,
      createdAt: op.createdAt,
      completedAt: op.completedAt,
      objectCount: String(count),
      rootObjectCount: String(
        done ? op.roots : Math.floor((op.roots * op.polls) / pollsToComplete),
      ),
      fileSize: done && op.lines.length ? String(op.lines.join('\n').length) : null,
      // Shopify: null when the result is empty.
      url:
        done && op.lines.length
          ? `${origin}/bulk/${encodeURIComponent(op.id)}.jsonl?signature=fake`
          : null,
      partialDataUrl: null,
      query: op.query,
      type: 'QUERY',
    };
  }

  function execute(
    doc: Operation,
    vars: Record<string, unknown>,
    bulk: boolean,
  ): { data: Rec; cost: number } {
    for (const [k, d] of Object.entries(doc.variables)) {
      if (vars[k] === undefined && d.default)
        vars[k] = argValue(d.default, { vars: {}, scopes, bulk });
      if (d.type.endsWith('!') && (vars[k] === undefined || vars[k] === null))
        throw new QueryError(
          `Variable $${k} of type ${d.type} was provided invalid value`,
          'INVALID_VARIABLE',
        );
    }
    for (const k of Object.keys(vars))
      if (!(k in doc.variables))
        throw new QueryError(
          `Variable $${k} is not defined by the operation`,
          'variableNotDefined',
        );
    const ctx: Ctx = { vars, scopes, bulk };
    const rootType = doc.type === 'mutation' ? 'Mutation' : 'QueryRoot';
    const conns = { n: 0, depth: 0 };
    const cost =
      check(rootType, doc.selections, ctx, 0, conns) + (doc.type === 'mutation' ? 10 : 0);
    if (bulk) {
      if (conns.n === 0)
        throw new QueryError('Bulk queries must contain at least one connection.', 'INVALID');
      if (conns.n > 5)
        throw new QueryError('Bulk queries cannot contain more than 5 connections.', 'INVALID');
      if (conns.depth > 3)
        throw new QueryError(
          'Bulk queries cannot contain connections with a nesting depth greater than 2.',
          'INVALID',
        );
    }
    const data: Rec = {};
    for (const s of doc.selections) {
      if (s.kind !== 'field')
        throw new QueryError('Fragments on the root are not supported', 'INVALID');
      const a = (n: string) => argValue(s.args[n] ?? { kind: 'lit', value: null }, ctx);
      const sub = (type: string, obj: Rec | null) => project(type, obj, s.selections!, ctx);
      switch (s.name) {
        case 'shop':
          data[s.alias] = sub('Shop', store.shop);
          break;
        case 'currentAppInstallation':
          data[s.alias] = sub('AppInstallation', {
            id: 'gid://shopify/AppInstallation/1',
            accessScopes: [...scopes].map((handle) => ({ handle })),
          });
          break;
        case 'orders':
        case 'products': {
          const list = (s.name === 'orders' ? store.orders : store.products).filter(
            searchFilter(a('query')),
          );
          data[s.alias] = project('QueryRoot', { [s.name]: list }, [s], ctx)![s.alias];
          break;
        }
        case 'ordersCount':
        case 'productsCount': {
          const list = (s.name === 'ordersCount' ? store.orders : store.products).filter(
            searchFilter(a('query')),
          );
          const limit = s.args.limit ? a('limit') : 10000;
          const count = typeof limit === 'number' ? Math.min(limit, list.length) : list.length;
          data[s.alias] = sub('Count', {
            count,
            precision: typeof limit === 'number' && list.length > limit ? 'AT_LEAST' : 'EXACT',
          });
          break;
        }
        case 'node': {
          const op = ops.find((o) => o.id === a('id'));
          if (op) advance(op);
          data[s.alias] = op ? sub('Node', opView(op)) : null;
          break;
        }
        case 'currentBulkOperation': {
          const op = ops.at(-1);
          if (op) advance(op);
          data[s.alias] = op ? sub('BulkOperation', opView(op)) : null;
          break;
        }
        case 'bulkOperationRunQuery': {
          const running = ops.find((o) => /^(CREATED|RUNNING|CANCELING)$/.test(o.status));
          if (running) {
            data[s.alias] = sub('BulkOperationRunQueryPayload', {
              bulkOperation: null,
              userErrors: [
                {
                  field: ['query'],
                  message: `A bulk query operation for this app and shop is already in progress: ${running.id}.`,
                  code: 'OPERATION_IN_PROGRESS',
                },
              ],
            });
            break;
          }
          const q = String(a('query') ?? '');
          const lines: string[] = [];
          let roots = 0;
          try {
            const inner = parseGraphql(q);
            if (inner.type !== 'query')
              throw new QueryError('Bulk queries must be queries.', 'INVALID');
            const res = execute(inner, {}, true);
            for (const v of Object.values(res.data))
              if (v && typeof v === 'object' && '__conn' in v) roots += toJsonl(v as Rec, lines);
          } catch (e) {
            data[s.alias] = sub('BulkOperationRunQueryPayload', {
              bulkOperation: null,
              userErrors: [
                {
                  field: ['query'],
                  message: e instanceof Error ? e.message : String(e),
                  code: 'INVALID',
                },
              ],
            });
            break;
          }
          const op: BulkOp = {
            id: `gid://shopify/BulkOperation/${++opSeq}`,
            status: 'CREATED',
            query: q,
            createdAt: new Date(now()).toISOString(),
            completedAt: null,
            polls: 0,
            lines,
            roots,
          };
          ops.push(op);
          data[s.alias] = sub('BulkOperationRunQueryPayload', {
            bulkOperation: opView(op),
            userErrors: [],
          });
          break;
        }
        case 'bulkOperationCancel': {
          const op = ops.find((o) => o.id === a('id'));
          if (op && /^(CREATED|RUNNING)$/.test(op.status)) op.status = 'CANCELING';
          data[s.alias] = sub('BulkOperationCancelPayload', {
            bulkOperation: op ? opView(op) : null,
            userErrors: op ? [] : [{ field: ['id'], message: 'Bulk operation does not exist' }],
          });
          break;
        }
      }
    }
    return { data, cost };
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const token = (req.headers['x-shopify-access-token'] as string | undefined) ?? null;
      const log: RequestLog = {
        method: req.method ?? '',
        path: url.pathname,
        token,
        operation: null,
        status: 200,
      };
      requests.push(log);
      const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
        log.status = status;
        send(res, status, body, headers);
      };
      const body = await readBody(req);
      if (url.pathname === '/health') return reply(200, { ok: true });

      // The client credentials grant.
      if (url.pathname === '/admin/oauth/access_token') {
        if (req.method !== 'POST') return reply(405, { error: 'method_not_allowed' });
        const ct = String(req.headers['content-type'] ?? '');
        const form = ct.startsWith('application/x-www-form-urlencoded')
          ? Object.fromEntries(new URLSearchParams(body))
          : ct.startsWith('application/json')
            ? (JSON.parse(body || '{}') as Record<string, string>)
            : null;
        if (!form) {
          violations.push(`grant with Content-Type ${ct || '(none)'}`);
          return reply(400, {
            error: 'invalid_request',
            error_description: 'Unsupported content type',
          });
        }
        if (form.grant_type !== 'client_credentials')
          return reply(400, {
            error: 'unsupported_grant_type',
            error_description: 'grant_type must be client_credentials',
          });
        if (form.client_id !== clientId || form.client_secret !== clientSecret)
          return reply(400, {
            error: 'invalid_client',
            error_description: 'Client authentication failed',
          });
        const t = `shpca_fake_${++tokenSeq}`;
        issued.add(t);
        return reply(200, { access_token: t, scope: [...scopes].join(','), expires_in: 86399 });
      }

      // The bulk result file (Google Cloud Storage for Shopify: no shop credential belongs here).
      const bulkMatch = /^\/bulk\/(.+)\.jsonl$/.exec(url.pathname);
      if (bulkMatch) {
        if (token) violations.push('the shop token was sent with the bulk result download');
        const op = ops.find((o) => o.id === decodeURIComponent(bulkMatch[1]!));
        if (!op || op.status !== 'COMPLETED') return reply(404, 'NoSuchKey');
        log.status = 200;
        res.writeHead(200, { 'Content-Type': 'application/jsonl' });
        // In two chunks, split mid-line, as a network delivers it.
        const text = op.lines.map((l) => `${l}\n`).join('');
        const cut = Math.floor(text.length / 2);
        res.write(text.slice(0, cut));
        setTimeout(() => res.end(text.slice(cut)), 5);
        return;
      }

      const gql = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
      if (!gql) return reply(404, { errors: 'Not Found' });
      if (gql[1] !== FAKE_API_VERSION) {
        violations.push(`API version ${gql[1]}`);
        return reply(404, { errors: 'Not Found' });
      }
      if (req.method !== 'POST') return reply(405, { errors: 'Method not allowed' });
      if (!token || !(token === legacyToken || issued.has(token))) {
        if (!token) violations.push('GraphQL call without X-Shopify-Access-Token');
        return reply(401, {
          errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
        });
      }
      if (failing && failing.count > 0) {
        failing.count--;
        const status = failing.status;
        if (failing.count === 0) failing = null;
        if (status === 401)
          return reply(401, {
            errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
          });
        return reply(
          status,
          {
            errors:
              status === 429
                ? 'Exceeded 2 calls per second for api client.'
                : 'Internal Server Error',
          },
          status === 429 ? { 'Retry-After': '1' } : {},
        );
      }
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        violations.push('GraphQL call without Content-Type: application/json');
        return reply(400, { errors: 'Bad Request' });
      }
      let payload: { query?: unknown; variables?: unknown };
      try {
        payload = JSON.parse(body) as typeof payload;
      } catch {
        return reply(400, { errors: 'Bad Request: body is not JSON' });
      }
      if (typeof payload.query !== 'string')
        return reply(400, { errors: { query: 'Required parameter missing or invalid' } });
      const vars = (payload.variables ?? {}) as Record<string, unknown>;
      let doc: Operation;
      try {
        doc = parseGraphql(payload.query);
      } catch (e) {
        violations.push(`unparsable query: ${String(e)}`);
        return reply(200, {
          errors: [
            {
              message: `Parse error: ${e instanceof Error ? e.message : String(e)}`,
              extensions: { code: 'parseError' },
            },
          ],
        });
      }
      log.operation = doc.selections.map((s) => (s.kind === 'field' ? s.name : '...')).join(',');
      let result: { data: Rec; cost: number };
      try {
        // The cost first: a throttled call runs nothing.
        const conns = { n: 0, depth: 0 };
        const requested =
          check(
            doc.type === 'mutation' ? 'Mutation' : 'QueryRoot',
            doc.selections,
            { vars, scopes, bulk: false },
            0,
            conns,
          ) + (doc.type === 'mutation' ? 10 : 0);
        if (requested > 1000)
          return reply(200, {
            errors: [
              {
                message: `Query cost is ${requested}, which exceeds the single query max cost limit (1000).`,
                extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: 1000 },
              },
            ],
          });
        if (available() < requested) {
          log.throttled = true;
          return reply(200, {
            errors: [
              {
                message: 'Throttled',
                extensions: {
                  code: 'THROTTLED',
                  documentation: 'https://shopify.dev/api/usage/rate-limits',
                },
              },
            ],
            extensions: {
              cost: {
                requestedQueryCost: requested,
                actualQueryCost: null,
                throttleStatus: throttleStatus(),
              },
            },
          });
        }
        result = execute(doc, { ...vars }, false);
        bucket.available -= result.cost;
      } catch (e) {
        if (e instanceof QueryError) {
          if (e.code !== 'ACCESS_DENIED') violations.push(`rejected query: ${e.message}`);
          return reply(200, {
            data: null,
            errors: [{ message: e.message, extensions: { code: e.code } }],
            extensions: {
              cost: { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: throttleStatus() },
            },
          });
        }
        throw e;
      }
      return reply(200, {
        data: result.data,
        extensions: {
          cost: {
            requestedQueryCost: result.cost,
            actualQueryCost: result.cost,
            throttleStatus: throttleStatus(),
          },
        },
      });
    })().catch((e: unknown) => {
      violations.push(`fake crashed: ${String(e)}`);
      if (!res.headersSent) send(res, 500, { errors: 'fake crashed' });
    });
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    store,
    requests,
    violations,
    failNext(status, count = 1) {
      failing = { status, count };
    },
    drain() {
      bucket = { available: 0, at: now() };
    },
    change() {
      changeStore(store, new Date(now()).toISOString());
    },
    setScopes(s) {
      scopes = new Set(s);
    },
    bulkOps: () => ops,
    expireTokens() {
      issued.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
