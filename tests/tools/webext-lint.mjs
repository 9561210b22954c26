// Lints the Firefox build with web-ext: errors fail, warnings are printed.
import { existsSync } from 'node:fs';
import { run } from './run.mjs';

const dir = ['dist/extension/firefox-mv2', 'dist/extension/firefox-mv3'].find((d) => existsSync(d));
if (!dir) {
  console.error('No Firefox build in dist/extension: run `npx wxt build -b firefox` first.');
  process.exit(1);
}
process.exit(await run('npx', ['web-ext', 'lint', '--source-dir', dir, '--no-config-discovery']));
