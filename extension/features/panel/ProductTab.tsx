// Product tab: each field with the source it came from, disagreements between sources, variants
// with their prices (the selected one marked) and the "pick the price" correction.
import { useState } from 'preact/hooks';
import type { ExtractedProduct, Field } from '../../../core/page/types.ts';
import { effectivePrice } from '../analysis-shared.ts';
import type { PanelActions, PanelState } from './state.ts';
import { availabilityLabel, formatNumber, formatPrice, sourceLabel } from './format.ts';

function Badge({ source }: { source: string }) {
  return (
    <span class={`sl-badge sl-src-${source}`} title={`Source: ${sourceLabel(source)}`}>
      {sourceLabel(source)}
    </span>
  );
}

function Row({
  label,
  field,
  render,
}: {
  label: string;
  field?: Field<unknown>;
  render?: (v: unknown) => string;
}) {
  if (!field) return null;
  const text = render ? render(field.value) : String(field.value);
  return (
    <div class="sl-row">
      <dt>{label}</dt>
      <dd>
        <span class="sl-val">{text}</span> <Badge source={field.source} />
      </dd>
    </div>
  );
}

function PickConfirm({ state, actions }: { state: PanelState; actions: PanelActions }) {
  const draft = state.draft!;
  const [currency, setCurrency] = useState(draft.currency);
  const valid = /^[A-Z]{3}$/.test(currency);
  return (
    <form
      class="sl-pick"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) actions.savePick(currency);
      }}
    >
      <p>
        Picked: <span class="sl-val">{draft.text || '(empty element)'}</span>
      </p>
      <p>
        {draft.amount == null
          ? 'No number found in it — pick another element.'
          : `Reads as ${formatNumber(draft.amount, state.locale)}.`}
      </p>
      <label class="sl-field">
        Currency (ISO code)
        <input
          value={currency}
          maxLength={3}
          onInput={(e) => setCurrency((e.currentTarget as HTMLInputElement).value.toUpperCase())}
          aria-invalid={!valid}
        />
      </label>
      <div class="sl-actions">
        <button type="submit" class="sl-btn sl-primary" disabled={!valid || draft.amount == null}>
          Use for this site
        </button>
        <button type="button" class="sl-btn" onClick={actions.startPick}>
          Pick again
        </button>
        <button type="button" class="sl-btn sl-quiet" onClick={actions.cancelPick}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Variants({ product, state }: { product: ExtractedProduct; state: PanelState }) {
  if (product.variants.length === 0) return null;
  return (
    <>
      <h3 class="sl-h3">Variants ({product.variants.length})</h3>
      <table class="sl-table" data-testid="variants">
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">SKU</th>
            <th scope="col" class="sl-num">
              Price
            </th>
            <th scope="col">Stock</th>
          </tr>
        </thead>
        <tbody>
          {product.variants.map((v, i) => {
            const selected = v.id !== undefined && v.id === product.selectedVariantId;
            return (
              <tr
                key={v.id ?? i}
                class={selected ? 'sl-selected' : ''}
                aria-current={selected ? 'true' : undefined}
              >
                <td>
                  {v.name || v.options.join(' / ') || v.id || '—'}
                  {selected && <span class="sl-tag">selected</span>}
                </td>
                <td>{v.sku ?? ''}</td>
                <td class="sl-num">
                  {v.price != null
                    ? formatPrice(v.price, v.currency ?? product.currency?.value, state.locale)
                    : '—'}
                </td>
                <td>{v.availability ? availabilityLabel(v.availability) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function StoreData({
  state,
  actions,
  product,
  shown,
}: {
  state: PanelState;
  actions: PanelActions;
  product: ExtractedProduct | undefined;
  shown: { amount: number; currency?: string } | null;
}) {
  const result = state.result!;
  const platform = result.analysis.platform.platform;
  if (platform !== 'shopify' && platform !== 'woocommerce') return null;
  const loaded = result.platformProducts;
  if (!loaded) {
    return (
      <p class="sl-muted">
        The store’s own product data is the most trusted source.{' '}
        <button
          type="button"
          class="sl-btn"
          disabled={state.loadingPlatformData}
          onClick={actions.loadPlatformData}
        >
          {state.loadingPlatformData ? 'Loading…' : 'Load the store’s product data'}
        </button>
      </p>
    );
  }
  const first = loaded[0];
  if (!first) return <p class="sl-muted">The store’s product data had no product for this page.</p>;
  const variant = first.variants.find(
    (v) => v.id !== undefined && v.id === product?.selectedVariantId,
  );
  const amount = variant?.price ?? first.price?.value;
  const currency = variant?.currency ?? first.currency?.value ?? shown?.currency;
  return (
    <section class="sl-section" data-testid="platform-data">
      <h3 class="sl-h3">The store’s own data</h3>
      <p>
        {first.name?.value ?? '—'}
        {variant && ` · ${variant.name || variant.options.join(' / ')}`}
        {amount != null && (
          <>
            {' · '}
            <span data-testid="platform-price">
              {formatPrice(amount, currency, state.locale)}
            </span>{' '}
            <Badge source="platform-json" />
          </>
        )}
      </p>
      {amount != null && shown && Math.abs(amount - shown.amount) > 0.005 && (
        <p class="sl-warn" role="alert" data-testid="platform-mismatch">
          The store’s data says {formatPrice(amount, currency, state.locale)} but this page shows{' '}
          {formatPrice(shown.amount, shown.currency, state.locale)}: the page may be cached, or the
          price changed after it loaded.
        </p>
      )}
    </section>
  );
}

/** The Product tab. */
export function ProductTab({ state, actions }: { state: PanelState; actions: PanelActions }) {
  const result = state.result!;
  const products = result.analysis.products;
  const product = products[Math.min(state.productIndex, products.length - 1)];
  const picked = state.productIndex === 0 ? result.picked : undefined;
  const price = effectivePrice(product, picked);
  const locale = state.locale;

  if (state.draft) return <PickConfirm state={state} actions={actions} />;

  return (
    <div data-testid="product-tab">
      {products.length > 1 && (
        <label class="sl-field">
          Product {state.productIndex + 1} of {products.length}
          <select
            value={String(state.productIndex)}
            onChange={(e) =>
              actions.setProduct(Number((e.currentTarget as HTMLSelectElement).value))
            }
          >
            {products.map((p, i) => (
              <option key={i} value={String(i)}>
                {p.name?.value ?? `Product ${i + 1}`}
              </option>
            ))}
          </select>
        </label>
      )}
      {!product && !price && (
        <p class="sl-muted">
          No product found on this page. If it shows a price, pick it so Storelens can read it here
          next time.
        </p>
      )}
      {product?.name && (
        <h2 class="sl-name" data-testid="product-name">
          {product.name.value}
        </h2>
      )}
      {price && (
        <p class="sl-price">
          <span data-testid="product-price">
            {formatPrice(price.amount, price.currency, locale)}
          </span>
          {/* A price range (AggregateOffer) reads as a range, not as its low end. */}
          {!picked && product?.highPrice && product.highPrice.value > price.amount && (
            <span data-testid="product-price-high">
              {' – '}
              {formatPrice(product.highPrice.value, price.currency, locale)}
            </span>
          )}{' '}
          {product?.wasPrice && (
            <s class="sl-was" title="Price before the reduction">
              {formatPrice(product.wasPrice.value, price.currency, locale)}
            </s>
          )}{' '}
          <Badge source={price.source} />
        </p>
      )}
      {picked?.problem && (
        <p class="sl-warn" role="alert">
          {picked.problem}
        </p>
      )}
      {picked &&
        picked.amount != null &&
        product?.price &&
        product.price.value !== picked.amount && (
          <p class="sl-warn">
            The page's data says {formatPrice(product.price.value, product.currency?.value, locale)}{' '}
            ({sourceLabel(product.price.source)}
            ); your pick reads {formatPrice(picked.amount, picked.currency, locale)}.
          </p>
        )}
      {product && product.disagreements.length > 0 && (
        <div class="sl-warn" data-testid="disagreements">
          <strong>Sources disagree</strong>
          <ul>
            {product.disagreements.map((d) => (
              <li key={d.field}>
                {d.field}:{' '}
                {d.values.map((v) => `${sourceLabel(v.source)} says ${v.value}`).join(' · ')}
              </li>
            ))}
          </ul>
        </div>
      )}
      {product && (
        <dl class="sl-dl">
          <Row label="Brand" field={product.brand} />
          <Row label="SKU" field={product.sku} />
          <Row label="GTIN" field={product.gtin} />
          <Row label="MPN" field={product.mpn} />
          <Row label="Currency" field={product.currency} />
          {product.highPrice && (
            <Row
              label="Up to"
              field={product.highPrice}
              render={(v) => formatPrice(v as number, product.currency?.value, locale)}
            />
          )}
          <Row
            label="Availability"
            field={product.availability}
            render={(v) => availabilityLabel(String(v))}
          />
          <Row
            label="Rating"
            field={product.rating}
            render={(v) => formatNumber(v as number, locale, 1)}
          />
          <Row
            label="Reviews"
            field={product.reviewCount}
            render={(v) => formatNumber(v as number, locale, 0)}
          />
          <Row label="Image" field={product.image} />
        </dl>
      )}
      {product && <Variants product={product} state={state} />}
      <StoreData state={state} actions={actions} product={product} shown={price} />
      <div class="sl-actions">
        <button type="button" class="sl-btn" onClick={actions.startPick}>
          {picked ? 'Pick the price again' : 'Pick the price'}
        </button>
        {picked && (
          <button type="button" class="sl-btn sl-quiet" onClick={actions.forgetPick}>
            Forget my pick
          </button>
        )}
      </div>
    </div>
  );
}
