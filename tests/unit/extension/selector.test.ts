import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { robustSelector } from '../../../extension/features/selector.ts';

const page = `<!doctype html><html><body>
  <main id="MainContent">
    <div class="product css-1x9f3kq">
      <div class="price__container">
        <span class="price-item price-item--regular sc-AxjAm">$129.00</span>
        <span class="price-item price-item--sale">$99.00</span>
      </div>
      <div class="price__container"><span class="price-item">$5.00</span></div>
      <span itemprop="price" content="12.00">12,00 €</span>
    </div>
  </main>
  <section id="product-8841234"><p><b>£10</b></p><p><b>£20</b></p></section>
</body></html>`;

describe('robustSelector', () => {
  const { document } = parseHTML(page);

  it('finds exactly the picked element again', () => {
    for (const el of document.querySelectorAll('span, b')) {
      const selector = robustSelector(el);
      expect(document.querySelectorAll(selector), selector).toHaveLength(1);
      expect(document.querySelector(selector)).toBe(el);
    }
  });

  it('prefers stable attributes such as itemprop', () => {
    expect(robustSelector(document.querySelector('[itemprop=price]')!)).toBe(
      'span[itemprop="price"]',
    );
  });

  it('skips generated class names and ids, which change between visits', () => {
    const regular = robustSelector(document.querySelector('.price-item--regular')!);
    expect(regular).not.toMatch(/css-1x9f3kq|sc-AxjAm/);
    const second = robustSelector(document.querySelectorAll('#product-8841234 b')[1]!);
    expect(second).not.toContain('8841234');
    expect(document.querySelector(second)!.textContent).toBe('£20');
  });
});
