// Page JSON is hostile input: it is parsed with JSON.parse only (never evaluated), keys that could
// reach a prototype are dropped while parsing, and readers copy known keys out instead of spreading
// page objects into ours.

/** Largest JSON text read from one script or attribute. */
export const MAX_JSON_CHARS = 2_000_000;

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function reviver(key: string, value: unknown): unknown {
  return FORBIDDEN.has(key) ? undefined : value;
}

/** JSON.parse that drops prototype-reaching keys and returns undefined instead of throwing. */
export function safeParse(text: string): Json | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_JSON_CHARS)
    return undefined;
  try {
    return JSON.parse(text, reviver) as Json;
  } catch {
    return undefined;
  }
}

/**
 * Parses a JSON-LD script body, repairing what CMSs commonly break: HTML comment and CDATA
 * wrappers, raw control characters inside strings, trailing commas. Returns an error message when
 * it still cannot be read.
 */
export function parseLenient(text: string): { value?: Json; error?: string } {
  if (text.length > MAX_JSON_CHARS)
    return { error: `is ${Math.round(text.length / 1000)} KB, over the 2 MB limit` };
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'is empty' };
  const first = safeParse(trimmed);
  if (first !== undefined) return { value: first };
  const repaired = trimmed
    .replace(/^\s*(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, '')
    .replace(/(?:-->|\/\/\s*\]\]>|\]\]>)\s*$/, '')
    // Raw control characters (newlines, tabs pasted into descriptions) are invalid inside JSON strings.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f]+/g, ' ')
    .replace(/,\s*([}\]])/g, '$1');
  const second = safeParse(repaired);
  if (second !== undefined) return { value: second };
  try {
    JSON.parse(repaired);
  } catch (e) {
    return {
      error: `is not valid JSON (${e instanceof Error ? e.message.slice(0, 120) : 'parse error'})`,
    };
  }
  return { error: 'could not be read' };
}

/** Own property of a JSON object, or undefined. */
export function get(obj: Json | undefined, key: string): Json | undefined {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

export function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The value as a list (JSON-LD allows one value or an array everywhere). */
export function list(v: Json | undefined): Json[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** A short plain string from a JSON value (numbers are stringified); undefined for anything else. */
export function str(v: Json | undefined, max = 500): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const s = v.replace(/\s+/g, ' ').trim();
  return s === '' ? undefined : s.slice(0, max);
}

/** A finite number from a JSON number or numeric string ("29.90", "29,90" is not accepted). */
export function num(v: Json | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Reads the JSON object literal that follows `marker` in script text (e.g. `var meta = {…};`),
 * respecting strings, without evaluating anything.
 */
export function jsonAfter(text: string, marker: string | RegExp): Json | undefined {
  let at: number;
  if (typeof marker === 'string') {
    const i = text.indexOf(marker);
    if (i < 0) return undefined;
    at = i + marker.length;
  } else {
    const m = marker.exec(text);
    if (!m) return undefined;
    at = m.index + m[0].length;
  }
  while (at < text.length && /\s/.test(text[at]!)) at++;
  const open = text[at];
  if (open !== '{' && open !== '[') return undefined;
  const close = open === '{' ? '}' : ']';
  let depth = 0;
  let inString: string | null = null;
  const limit = Math.min(text.length, at + MAX_JSON_CHARS);
  for (let i = at; i < limit; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === inString) inString = null;
      continue;
    }
    if (ch === '"') inString = ch;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return ch === close ? safeParse(text.slice(at, i + 1)) : undefined;
    }
  }
  return undefined;
}
