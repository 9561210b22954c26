import type { JSX } from 'preact';
import { costSettingsSchema, type CostSettings } from '../../../core/schema/costs.ts';
import { gatewayKey } from '../../../core/analytics/profit.ts';
import {
  currencyDigits,
  formatMoney,
  formatNumber,
  formatPercent,
} from '../../../core/ui/format.ts';

/**
 * Editable defaults, check your plan: the published online rates of common gateways, to start a
 * gateway's row from (amounts in the store currency's major units, as published in USD).
 * - Shopify Payments, Basic plan, US, online cards: 2.9% + 30¢ (https://www.shopify.com/pricing;
 *   2.6% + 30¢ on Grow, 2.4% + 30¢ on Advanced).
 * - PayPal Checkout, US: 3.49% + 0.49 USD (https://www.paypal.com/us/business/paypal-business-fees;
 *   on Shopify without Shopify Payments, Shopify adds its own 2% third-party fee on Basic).
 * - Stripe, US, domestic cards: 2.9% + 30¢ (https://stripe.com/pricing).
 * - Paid by hand (manual, cash on delivery, bank deposit), gift cards: no gateway fee.
 */
export function gatewayDefault(gateway: string): { percent: number; fixed: number } | null {
  const k = gatewayKey(gateway);
  if (k === 'shopify payments' || k.startsWith('stripe')) return { percent: 0.029, fixed: 0.3 };
  if (k.startsWith('paypal')) return { percent: 0.0349, fixed: 0.49 };
  if (
    k === 'manual' ||
    /^(gift ?cards?|cash on delivery|cod|bank deposit|bank transfer|money order|bacs|cheque)\b/.test(
      k,
    )
  )
    return { percent: 0, fixed: 0 };
  return null;
}

/** Common gateway rates to start from (editable once added); the user's contract may differ. */
const FEE_PRESETS = [
  { id: 'shopify', label: 'Shopify Payments (2.9% + 0.30)', percent: 0.029, fixed: 0.3 },
  { id: 'stripe', label: 'Stripe (2.9% + 0.30)', percent: 0.029, fixed: 0.3 },
  { id: 'paypal', label: 'PayPal (3.49% + 0.49)', percent: 0.0349, fixed: 0.49 },
  { id: 'none', label: 'Blank rate (0% + 0)', percent: 0, fixed: 0 },
] as const;

/** No costs set: what a store without a costs record gets. */
export const EMPTY_COSTS: CostSettings = costSettingsSchema.parse({});

/** What is wrong with the cost settings, in words naming the row ([] when they can be saved). */
export function costProblems(c: CostSettings, currency: string): string[] {
  const out: string[] = [];
  const amount = (v: number, what: string) => {
    if (!Number.isSafeInteger(v) || v < 0)
      out.push(`${what} must be an amount of 0 or more in ${currency}.`);
  };
  amount(c.shippingPerOrder, 'Shipping cost per order');
  c.shippingByCountry.forEach((r, i) => {
    if (!/^[A-Z]{2}$/.test(r.country))
      out.push(`Shipping rule ${i + 1}: the country must be a two-letter code such as US or DE.`);
    amount(r.cost, `Shipping rule ${i + 1} (${r.country || 'no country'})`);
  });
  c.shippingByWeight.forEach((b, i) => {
    const what = `Weight band ${i + 1}`;
    if (b.country !== '' && !/^[A-Z]{2}$/.test(b.country))
      out.push(`${what}: the country must be a two-letter code such as US, or empty for any.`);
    if (!(b.fromGrams >= 0) || !(b.toGrams > b.fromGrams))
      out.push(`${what}: “up to” must be more grams than “over”.`);
    amount(b.cost, `${what}: the cost`);
  });
  c.paymentFees.forEach((f, i) => {
    const what = `Payment fee ${i + 1}`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.from)) out.push(`${what}: pick the day it applies from.`);
    if (!(f.percent >= 0 && f.percent <= 1))
      out.push(`${what}: the percentage must be between 0% and 100%.`);
    amount(f.fixed, `${what}: the fixed fee`);
  });
  const days = c.paymentFees.map((f) => `${gatewayKey(f.gateway)}|${f.from}`);
  if (new Set(days).size !== days.length)
    out.push(
      'Two payment fee rates of the same gateway start on the same day: keep one per gateway and day.',
    );
  c.fixedCosts.forEach((f, i) => {
    if (!f.name.trim()) out.push(`Fixed cost ${i + 1}: give it a name (for example Rent).`);
    amount(f.monthly, `Fixed cost ${i + 1} (${f.name || 'unnamed'})`);
  });
  c.defaultMargins.forEach((m, i) => {
    const what = `Default margin ${i + 1}`;
    if (!m.key.trim()) out.push(`${what}: name the product type or vendor it applies to.`);
    if (!(m.margin >= 0 && m.margin <= 1))
      out.push(`${what}: the margin must be between 0% and 100%.`);
  });
  return out;
}

/** The list without its item `i`. */
function without<T>(list: readonly T[], i: number): T[] {
  return list.filter((_, j) => j !== i);
}

/** The last cell of an editable cost row: its Remove button, named for screen readers. */
function RemoveCell(p: { label: string; onRemove: () => void }): JSX.Element {
  return (
    <td>
      <button type="button" class="btn small" aria-label={p.label} onClick={p.onRemove}>
        Remove
      </button>
    </td>
  );
}

function num(e: Event): number {
  const t = (e.target as HTMLInputElement).value;
  return t.trim() === '' ? NaN : Number(t);
}
/** A ratio for an input in percent, without float noise (0.029 → 2.9). */
function pct(r: number): number | string {
  return Number.isFinite(r) ? Number((r * 100).toFixed(4)) : '';
}

/**
 * The cost settings of the Profit screen (kept with the store's settings): shipping per order and
 * per country, dated payment-fee rates, monthly fixed costs, default margins for products without
 * a cost, and whether returned units go back to stock. Amounts are typed in major units.
 */
export function ProfitCosts({
  value,
  currency,
  onChange,
  firstDay,
  gateways = [],
}: {
  value: CostSettings | undefined;
  currency: string;
  onChange: (c: CostSettings) => void;
  /** The first day with orders: where a first fee rate starts. */
  firstDay: string | null;
  /** The payment gateways of the stored orders ('' unknown) with their order counts. */
  gateways?: { gateway: string; orders: number }[];
}): JSX.Element {
  const c = value ?? EMPTY_COSTS;
  const digits = currencyDigits(currency);
  const toMinor = (major: number) =>
    Number.isFinite(major) ? Math.round(major * 10 ** digits) : NaN;
  const toMajor = (minor: number) => (Number.isFinite(minor) ? minor / 10 ** digits : '');
  const set = <K extends keyof CostSettings>(k: K, v: CostSettings[K]) =>
    onChange({ ...c, [k]: v });
  const problems = costProblems(c, currency);
  const startDay = firstDay ?? new Date().toISOString().slice(0, 10);
  const named = gateways.filter((g) => g.gateway !== '');
  // The gateway choices of a fee row: the orders' gateways, and the row's own if none has it.
  const gatewayChoices = (own: string) =>
    own === '' || named.some((g) => gatewayKey(g.gateway) === gatewayKey(own))
      ? named.map((g) => g.gateway)
      : [...named.map((g) => g.gateway), own];
  const step = digits > 0 ? String(10 ** -digits) : '1';

  return (
    <section class="card grid" aria-labelledby="costs-h">
      <h2 id="costs-h">Costs (Profit screen)</h2>
      <p class="muted">
        What your orders cost besides the goods. The Profit screen takes these off net sales;
        amounts in {currency}.
      </p>
      {problems.length > 0 && (
        <ul class="banner error" role="alert" aria-label="Cost settings to fix">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <label class="grid">
        Shipping cost per order (what you pay the carrier)
        <input
          type="number"
          min="0"
          step={step}
          value={toMajor(c.shippingPerOrder)}
          onInput={(e) => set('shippingPerOrder', toMinor(num(e)))}
        />
      </label>

      <h3>Shipping cost by country</h3>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Shipping cost by country">
        <table class="settings-table">
          <thead>
            <tr>
              <th>Country (code)</th>
              <th>Cost per order</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {c.shippingByCountry.map((r, i) => {
              const upd = (patch: Partial<typeof r>) =>
                set(
                  'shippingByCountry',
                  c.shippingByCountry.map((x, j) => (j === i ? { ...x, ...patch } : x)),
                );
              return (
                <tr key={i}>
                  <td>
                    <input
                      value={r.country}
                      size={4}
                      maxLength={2}
                      aria-label={`Shipping rule ${i + 1} country`}
                      onInput={(e) =>
                        upd({ country: (e.target as HTMLInputElement).value.toUpperCase() })
                      }
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      min="0"
                      step={step}
                      value={toMajor(r.cost)}
                      aria-label={`Shipping rule ${i + 1} cost per order`}
                      onInput={(e) => upd({ cost: toMinor(num(e)) })}
                    />
                  </td>
                  <RemoveCell
                    label={`Remove shipping rule ${i + 1}`}
                    onRemove={() => set('shippingByCountry', without(c.shippingByCountry, i))}
                  />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        class="btn small"
        onClick={() =>
          set('shippingByCountry', [
            ...c.shippingByCountry,
            { country: '', cost: c.shippingPerOrder },
          ])
        }
      >
        Add a country
      </button>

      <h3>Shipping cost by weight</h3>
      <p class="muted small">
        An order’s weight is its products’ weights (from your products import) × quantity. A band of
        the order’s country wins over that country’s cost, which wins over a band for any country
        (country left empty), then the cost per order. Orders with a product of no known weight take
        the country’s or the per-order cost.
      </p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Shipping cost by weight">
        <table class="settings-table">
          <thead>
            <tr>
              <th>Country (code, empty for any)</th>
              <th>Over (g)</th>
              <th>Up to (g)</th>
              <th>Cost per order</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {c.shippingByWeight.map((b, i) => {
              const upd = (patch: Partial<typeof b>) =>
                set(
                  'shippingByWeight',
                  c.shippingByWeight.map((x, j) => (j === i ? { ...x, ...patch } : x)),
                );
              return (
                <tr key={i}>
                  <td>
                    <input
                      value={b.country}
                      size={4}
                      maxLength={2}
                      aria-label={`Weight band ${i + 1} country`}
                      onInput={(e) =>
                        upd({ country: (e.target as HTMLInputElement).value.toUpperCase() })
                      }
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      min="0"
                      step="1"
                      value={Number.isFinite(b.fromGrams) ? b.fromGrams : ''}
                      aria-label={`Weight band ${i + 1} over grams`}
                      onInput={(e) => upd({ fromGrams: num(e) })}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      min="0"
                      step="1"
                      value={Number.isFinite(b.toGrams) ? b.toGrams : ''}
                      aria-label={`Weight band ${i + 1} up to grams`}
                      onInput={(e) => upd({ toGrams: num(e) })}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      min="0"
                      step={step}
                      value={toMajor(b.cost)}
                      aria-label={`Weight band ${i + 1} cost per order`}
                      onInput={(e) => upd({ cost: toMinor(num(e)) })}
                    />
                  </td>
                  <RemoveCell
                    label={`Remove weight band ${i + 1}`}
                    onRemove={() => set('shippingByWeight', without(c.shippingByWeight, i))}
                  />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        class="btn small"
        onClick={() => {
          const last = c.shippingByWeight[c.shippingByWeight.length - 1];
          const from = last && Number.isFinite(last.toGrams) ? last.toGrams : 0;
          set('shippingByWeight', [
            ...c.shippingByWeight,
            { country: last?.country ?? '', fromGrams: from, toGrams: from + 500, cost: 0 },
          ]);
        }}
      >
        Add a weight band
      </button>

      <h3>Payment fees</h3>
      <p class="muted small">
        Percentage of the order total plus a fixed fee per order, from the day given until the next
        rate’s day of the same gateway. An order takes its gateway’s rate, else the rate for all
        other gateways; orders before the first rate get no fee.
      </p>
      {named.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Gateways in your orders">
          <table class="settings-table">
            <thead>
              <tr>
                <th>Gateway in your orders</th>
                <th>Orders</th>
                <th>Rate</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {named.map((g) => {
                const d = gatewayDefault(g.gateway);
                const has = c.paymentFees.filter(
                  (f) => gatewayKey(f.gateway) === gatewayKey(g.gateway),
                ).length;
                return (
                  <tr key={g.gateway}>
                    <td>{g.gateway}</td>
                    <td>{formatNumber(g.orders)}</td>
                    <td>
                      {has > 0
                        ? `${has} rate${has > 1 ? 's' : ''} below`
                        : 'none: takes the rate for all other gateways'}
                    </td>
                    <td>
                      <button
                        type="button"
                        class="btn small"
                        onClick={() =>
                          set('paymentFees', [
                            ...c.paymentFees,
                            {
                              gateway: g.gateway,
                              from: startDay,
                              percent: d?.percent ?? 0,
                              fixed: Math.round((d?.fixed ?? 0) * 10 ** digits),
                            },
                          ])
                        }
                      >
                        {d
                          ? `Add a rate for ${g.gateway} (${pct(d.percent)}% + ${d.fixed.toFixed(2)}, editable default)`
                          : `Add a rate for ${g.gateway}`}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p class="muted small">
            The defaults are published online card rates (Shopify Payments on the Basic plan in the
            US, PayPal Checkout in the US): editable defaults, check your plan.
          </p>
        </div>
      )}
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Payment fees">
        <table class="settings-table">
          <thead>
            <tr>
              <th>Gateway</th>
              <th>From</th>
              <th>Percent</th>
              <th>Fixed per order</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {c.paymentFees.map((f, i) => {
              const upd = (patch: Partial<typeof f>) =>
                set(
                  'paymentFees',
                  c.paymentFees.map((x, j) => (j === i ? { ...x, ...patch } : x)),
                );
              return (
                <tr key={i}>
                  <td>
                    <select
                      value={f.gateway}
                      aria-label={`Payment fee ${i + 1} gateway`}
                      onChange={(e) => upd({ gateway: (e.target as HTMLSelectElement).value })}
                    >
                      <option value="">All other gateways</option>
                      {gatewayChoices(f.gateway).map((g) => (
                        <option key={g} value={g}>
                          {g}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      type="date"
                      value={f.from}
                      aria-label={`Payment fee ${i + 1} from`}
                      onInput={(e) => upd({ from: (e.target as HTMLInputElement).value })}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      min="0"
                      max="100"
                      step="any"
                      value={pct(f.percent)}
                      aria-label={`Payment fee ${i + 1} percent`}
                      onInput={(e) => upd({ percent: num(e) / 100 })}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      min="0"
                      step={step}
                      value={toMajor(f.fixed)}
                      aria-label={`Payment fee ${i + 1} fixed per order`}
                      onInput={(e) => upd({ fixed: toMinor(num(e)) })}
                    />
                  </td>
                  <RemoveCell
                    label={`Remove payment fee ${i + 1}`}
                    onRemove={() => set('paymentFees', without(c.paymentFees, i))}
                  />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
        {FEE_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            class="btn small"
            onClick={() =>
              set('paymentFees', [
                ...c.paymentFees,
                {
                  gateway: '',
                  from: startDay,
                  percent: p.percent,
                  fixed: Math.round(p.fixed * 10 ** digits),
                },
              ])
            }
          >
            Add {p.label}
            {named.length > 0 ? ' for all other gateways' : ''}
          </button>
        ))}
      </div>

      <h3>Monthly fixed costs</h3>
      <p class="muted small">Apps, staff, rent: each month’s amount is spread over its days.</p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Monthly fixed costs">
        <table class="settings-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Per month</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {c.fixedCosts.map((f, i) => {
              const upd = (patch: Partial<typeof f>) =>
                set(
                  'fixedCosts',
                  c.fixedCosts.map((x, j) => (j === i ? { ...x, ...patch } : x)),
                );
              return (
                <tr key={i}>
                  <td>
                    <input
                      value={f.name}
                      aria-label={`Fixed cost ${i + 1} name`}
                      onInput={(e) => upd({ name: (e.target as HTMLInputElement).value })}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      min="0"
                      step={step}
                      value={toMajor(f.monthly)}
                      aria-label={`Fixed cost ${i + 1} per month`}
                      onInput={(e) => upd({ monthly: toMinor(num(e)) })}
                    />
                  </td>
                  <RemoveCell
                    label={`Remove fixed cost ${i + 1}`}
                    onRemove={() => set('fixedCosts', without(c.fixedCosts, i))}
                  />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        class="btn small"
        onClick={() => set('fixedCosts', [...c.fixedCosts, { name: '', monthly: 0 }])}
      >
        Add a fixed cost
      </button>
      {c.fixedCosts.length > 0 && (
        <p class="muted small">
          In all{' '}
          {formatMoney(
            c.fixedCosts.reduce((a, f) => a + (Number.isFinite(f.monthly) ? f.monthly : 0), 0),
            currency,
          )}{' '}
          per month.
        </p>
      )}

      <h3>Default margin for products without a cost</h3>
      <p class="muted small">
        Cost of goods = net sales × (1 − margin) for products with no cost in your products import.
        A product type’s margin wins over its vendor’s.
      </p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Default margins">
        <table class="settings-table">
          <thead>
            <tr>
              <th>Applies to</th>
              <th>Name</th>
              <th>Gross margin %</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {c.defaultMargins.map((m, i) => {
              const upd = (patch: Partial<typeof m>) =>
                set(
                  'defaultMargins',
                  c.defaultMargins.map((x, j) => (j === i ? { ...x, ...patch } : x)),
                );
              return (
                <tr key={i}>
                  <td>
                    <select
                      value={m.by}
                      aria-label={`Default margin ${i + 1} applies to`}
                      onChange={(e) =>
                        upd({
                          by: (e.target as HTMLSelectElement).value as 'productType' | 'vendor',
                        })
                      }
                    >
                      <option value="productType">Product type</option>
                      <option value="vendor">Vendor</option>
                    </select>
                  </td>
                  <td>
                    <input
                      value={m.key}
                      aria-label={`Default margin ${i + 1} name`}
                      onInput={(e) => upd({ key: (e.target as HTMLInputElement).value })}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      min="0"
                      max="100"
                      step="any"
                      value={pct(m.margin)}
                      aria-label={`Default margin ${i + 1} percent`}
                      onInput={(e) => upd({ margin: num(e) / 100 })}
                    />
                    <span class="muted target-preview">{formatPercent(m.margin)}</span>
                  </td>
                  <RemoveCell
                    label={`Remove default margin ${i + 1}`}
                    onRemove={() => set('defaultMargins', without(c.defaultMargins, i))}
                  />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        class="btn small"
        onClick={() =>
          set('defaultMargins', [...c.defaultMargins, { by: 'productType', key: '', margin: 0.5 }])
        }
      >
        Add a default margin
      </button>
      <label>
        <input
          type="checkbox"
          checked={c.returnsToStock}
          onChange={(e) => set('returnsToStock', (e.target as HTMLInputElement).checked)}
        />{' '}
        Returned units go back to stock (their cost of goods is reversed)
      </label>
    </section>
  );
}
