// Turning what a user types or a tab's URL into the origin and match pattern used for the
// optional host permission and the auto-open registration.

/** "shop.example.com/x" or "https://shop.example.com/x" → "https://shop.example.com"; null if not http(s). */
export function normaliseOrigin(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname) return null;
  return url.origin;
}

/** The match pattern covering every page of an origin; host permissions ignore the port. */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * The content-script match pattern for exactly one origin, port included. Firefox's match patterns
 * cannot name a port (bug 1362809): there it covers every port of the host, and the script and the
 * background check the origin themselves (as they do everywhere).
 */
export function exactOriginPattern(origin: string, portsInPatterns: boolean): string {
  const url = new URL(origin);
  return `${url.protocol}//${portsInPatterns ? url.host : url.hostname}/*`;
}
