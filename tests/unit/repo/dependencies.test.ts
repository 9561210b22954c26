import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// A runtime dependency nothing imports ships dead weight and misleads readers (udsv was one).
function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|tsx)$/.test(name)) out.push(p);
  }
  return out;
}

describe('package.json dependencies', () => {
  it('every runtime dependency is imported by core, pwa or extension code', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const text = ['core', 'pwa/src', 'extension']
      .flatMap((d) => sources(d))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const unused = Object.keys(pkg.dependencies).filter(
      (d) => !new RegExp(`from '${d}(/[^']*)?'`).test(text),
    );
    expect(unused).toEqual([]);
  });
});
