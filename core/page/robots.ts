// robots.txt reading and validation, following the behaviour Lighthouse relies on: the
// validator of its robots-txt audit and the group/longest-match semantics of robots-parser that
// its is-crawlable audit uses.

const SAFELIST = new Set([
  'user-agent',
  'disallow',
  'allow',
  'sitemap',
  'crawl-delay',
  'clean-param',
  'host',
  'request-rate',
  'visit-time',
  'noindex',
  'content-signal',
  'license',
]);
const SITEMAP_PROTOCOLS = new Set(['https:', 'http:', 'ftp:']);

export interface RobotsError {
  line: number;
  content: string;
  message: string;
}

function verify(name: string, value: string): string | undefined {
  if (!SAFELIST.has(name)) return 'Unknown directive';
  if (name === 'sitemap') {
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      return 'Invalid sitemap URL';
    }
    if (!SITEMAP_PROTOCOLS.has(u.protocol)) return 'Invalid sitemap URL protocol';
  }
  if (name === 'user-agent' && !value) return 'No user-agent specified';
  if (name === 'allow' || name === 'disallow') {
    if (value !== '' && value[0] !== '/' && value[0] !== '*')
      return 'Pattern should either be empty, start with "/" or "*"';
    const dollar = value.indexOf('$');
    if (dollar !== -1 && dollar !== value.length - 1)
      return '"$" should only be used at the end of the pattern';
  }
  return undefined;
}

/** Lines of a robots.txt that Lighthouse's robots-txt audit would reject, with the reason. */
export function validateRobotsTxt(content: string): RobotsError[] {
  const errors: RobotsError[] = [];
  let inGroup = false;
  const lines = content.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length && errors.length < 200; i++) {
    const original = lines[i]!;
    let line = original;
    const hash = line.indexOf('#');
    if (hash !== -1) line = line.slice(0, hash);
    line = line.trim();
    if (line.length === 0) continue;
    const colon = line.indexOf(':');
    if (colon === -1) {
      errors.push({
        line: i + 1,
        content: original.slice(0, 200),
        message: 'Syntax not understood',
      });
      continue;
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const problem = verify(name, value);
    if (problem) {
      errors.push({ line: i + 1, content: original.slice(0, 200), message: problem });
      continue;
    }
    if (name === 'user-agent') inGroup = true;
    else if (!inGroup && (name === 'allow' || name === 'disallow')) {
      errors.push({
        line: i + 1,
        content: original.slice(0, 200),
        message: 'No user-agent specified',
      });
    }
  }
  return errors;
}

interface Rule {
  pattern: string;
  allow: boolean;
  line: number;
  re: RegExp;
}

export interface RobotsRules {
  groups: Map<string, Rule[]>;
}

function agentToken(ua: string): string {
  return ua.split('/')[0]!.trim().toLowerCase();
}

function patternToRegExp(pattern: string): RegExp {
  let p = pattern;
  const anchored = p.endsWith('$');
  if (anchored) p = p.slice(0, -1);
  const body = p
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`);
}

function normalizePath(p: string): string {
  // Compare percent-encoded forms so "/ü" and "/%C3%BC" are the same path.
  try {
    return encodeURI(decodeURI(p));
  } catch {
    return p;
  }
}

/** Parses robots.txt into user-agent groups (consecutive user-agent lines share one group). */
export function parseRobotsTxt(content: string): RobotsRules {
  const groups = new Map<string, Rule[]>();
  let current: string[] = [];
  let lastWasAgent = false;
  const lines = content.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length && i < 50_000; i++) {
    let line = lines[i]!;
    const hash = line.indexOf('#');
    if (hash !== -1) line = line.slice(0, hash);
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'user-agent') {
      if (!lastWasAgent) current = [];
      const token = agentToken(value);
      if (token) {
        current.push(token);
        if (!groups.has(token)) groups.set(token, []);
      }
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if ((name === 'allow' || name === 'disallow') && value !== '') {
      const pattern = normalizePath(value);
      const rule: Rule = {
        pattern,
        allow: name === 'allow',
        line: i + 1,
        re: patternToRegExp(pattern),
      };
      for (const agent of current) groups.get(agent)!.push(rule);
    }
  }
  return { groups };
}

/** The rule that decides `path` for `userAgent` (longest pattern wins, allow wins ties). */
export function matchRobots(
  rules: RobotsRules,
  path: string,
  userAgent?: string,
): { allowed: boolean; line?: number } {
  const group = rules.groups.get(agentToken(userAgent ?? '*')) ?? rules.groups.get('*');
  if (!group) return { allowed: true };
  const target = normalizePath(path);
  let best: Rule | undefined;
  for (const rule of group) {
    if (!rule.re.test(target)) continue;
    if (
      !best ||
      rule.pattern.length > best.pattern.length ||
      (rule.pattern.length === best.pattern.length && rule.allow && !best.allow)
    ) {
      best = rule;
    }
  }
  return best ? { allowed: best.allow, line: best.line } : { allowed: true };
}
