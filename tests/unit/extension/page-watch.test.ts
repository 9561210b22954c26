import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { watchPage, type ChangeReason } from '../../../extension/features/page-watch.ts';

// A window whose URL the "page" changes the way history.pushState/replaceState would.
function fakeWindow(url: string) {
  const { window, document } = parseHTML(
    `<html><head><title>A</title></head><body><select id="size"><option>8</option><option>9</option></select><input type="radio" name="c" id="red"><input type="text" id="q"></body></html>`,
  );
  const location = { href: url };
  const win = Object.assign(Object.create(window), {
    document,
    location,
    MutationObserver: window.MutationObserver,
  });
  win.addEventListener = window.addEventListener.bind(window);
  return { win: win as unknown as Window, location, document, window };
}

describe('watchPage', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports an SPA navigation once, a ?variant= switch as a variant, and stops when aborted', async () => {
    const { win, location } = fakeWindow('https://shop.example/products/a');
    const seen: ChangeReason[] = [];
    const ctrl = new AbortController();
    watchPage(win, ctrl.signal, (r) => seen.push(r), { pollMs: 50, debounceMs: 100, settleMs: 0 });

    location.href = 'https://shop.example/products/b';
    await vi.advanceTimersByTimeAsync(400);
    expect(seen).toEqual(['navigation']);

    location.href = 'https://shop.example/products/b?variant=2';
    await vi.advanceTimersByTimeAsync(400);
    expect(seen).toEqual(['navigation', 'variant']);

    ctrl.abort();
    location.href = 'https://shop.example/products/c';
    await vi.advanceTimersByTimeAsync(400);
    expect(seen).toHaveLength(2);
  });

  it('treats a change on a variant select or radio as a variant switch, not typing in a text field', async () => {
    const { win, document, window } = fakeWindow('https://shop.example/products/a');
    const seen: ChangeReason[] = [];
    watchPage(win, new AbortController().signal, (r) => seen.push(r), {
      pollMs: 50,
      debounceMs: 100,
      settleMs: 0,
    });
    const fire = (id: string) =>
      document.getElementById(id)!.dispatchEvent(new window.Event('change', { bubbles: true }));

    fire('q');
    await vi.advanceTimersByTimeAsync(300);
    expect(seen).toEqual([]);

    fire('size');
    fire('red');
    await vi.advanceTimersByTimeAsync(300);
    expect(seen).toEqual(['variant']);
  });

  it('re-analyses when the page is still rendering just after the overlay opened, not later', async () => {
    const { win, document } = fakeWindow('https://shop.example/spa/products/a');
    const seen: ChangeReason[] = [];
    watchPage(win, new AbortController().signal, (r) => seen.push(r), {
      pollMs: 50,
      debounceMs: 100,
      settleMs: 1000,
    });

    document.body.append(document.createElement('h1'));
    await vi.advanceTimersByTimeAsync(300);
    expect(seen).toEqual(['navigation']);

    await vi.advanceTimersByTimeAsync(2000);
    document.body.append(document.createElement('p'));
    await vi.advanceTimersByTimeAsync(300);
    expect(seen).toEqual(['navigation']);
  });
});
