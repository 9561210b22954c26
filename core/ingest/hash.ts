/**
 * The customer key: a salted 64-bit hash of the lower-cased email (or customer id), as 16 hex
 * characters. Two independent 32-bit multiply-xorshift lanes (cyrb53's construction, widened to
 * 64 bits). Not cryptographic: it keeps emails out of the store and makes keys unlinkable across
 * installs (the salt is per install). SubtleCrypto would be async and ~100× slower per row.
 */
export function customerKeyOf(idOrEmail: string, salt: string): string {
  const s = idOrEmail.trim().toLowerCase();
  if (s === '') return '';
  let h1 = 0xdeadbeef ^ salt.length;
  let h2 = 0x41c6ce57 ^ s.length;
  for (let i = 0; i < salt.length; i++) {
    const c = salt.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  // A separator so ("ab","c") and ("a","bc") differ.
  h1 = Math.imul(h1 ^ 0x1f, 2654435761);
  h2 = Math.imul(h2 ^ 0x1f, 1597334677);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}
