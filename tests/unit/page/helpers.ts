import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';

const dir = fileURLToPath(new URL('../../fixtures/pages/', import.meta.url));

/** The saved page's HTML as served. */
export function fixtureHtml(name: string): string {
  return readFileSync(`${dir}${name}`, 'utf8');
}

/** A DOM built by a parser, as the content script would see it. */
export function parse(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

export function loadPage(name: string): { doc: Document; html: string } {
  const html = fixtureHtml(name);
  return { doc: parse(html), html };
}
