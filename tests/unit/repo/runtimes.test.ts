// Each runtime's tsconfig must refuse the APIs its runtime lacks. A probe file is compiled with
// each config's options: if a config lost its lib/types restriction, these tests fail.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];

/** Diagnostics of `source` compiled alone with the options of `config`. */
function errorsOf(config: string, source: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, config),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${config}`);
  // The probe sits in the config's own folder so module and type resolution are the runtime's.
  const dir = mkdtempSync(join(dirname(join(root, config)), '.probe-'));
  dirs.push(dir);
  const file = join(dir, 'probe.ts');
  writeFileSync(file, source);
  const program = ts.createProgram([file], parsed.options);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('one type-check per runtime', () => {
  it('analytics is pure: no DOM, no web platform, no Node', () => {
    const c = 'core/analytics/tsconfig.json';
    expect(errorsOf(c, 'export const n = [1, 2].at(-1);')).toEqual([]);
    expect(errorsOf(c, 'export const t = document.title;').join()).toMatch(/document/);
    expect(errorsOf(c, "export const r = fetch('x');").join()).toMatch(/fetch/);
    expect(errorsOf(c, "export const f = process.env['X'];").join()).toMatch(/process/);
  }, 30_000);

  it('workers have the web platform but no DOM and no Node', () => {
    const c = 'core/tsconfig.json';
    expect(errorsOf(c, "export const d = new TextDecoder('utf-8');")).toEqual([]);
    expect(errorsOf(c, 'export const t = document.title;').join()).toMatch(/document/);
    expect(
      errorsOf(c, "import { readFileSync } from 'node:fs'; export { readFileSync };").join(),
    ).toMatch(/node:fs/);
  }, 30_000);

  it('page analysis and the app have the DOM but not Node', () => {
    for (const c of ['core/page/tsconfig.json', 'pwa/tsconfig.json']) {
      expect(errorsOf(c, "export const h = document.querySelector('h1');")).toEqual([]);
      expect(errorsOf(c, "export const f = process.env['X'];").join()).toMatch(/process/);
    }
  }, 30_000);

  it('the extension has the DOM and the extension APIs but not Node', () => {
    const c = 'extension/tsconfig.json';
    expect(
      errorsOf(c, "import { browser } from 'wxt/browser'; export const id = browser.runtime.id;"),
    ).toEqual([]);
    expect(errorsOf(c, "export const f = process.env['X'];").join()).toMatch(/process/);
  }, 30_000);
});
