// `npm start`: builds the PWA and the extension (Chrome MV3 and Firefox), then serves the PWA on
// http://127.0.0.1:4173 (the demo store loads on first run) and prints where the extension is.
import { resolve } from 'node:path';
import { step } from './run.mjs';
import { startStaticServer } from '../e2e/servers/static.mjs';

await step('build PWA', 'npx', ['vite', 'build', '--logLevel', 'warn']);
await step('build extension (chrome-mv3)', 'npx', ['wxt', 'build']);
await step('build extension (firefox)', 'npx', ['wxt', 'build', '-b', 'firefox']);
await startStaticServer('dist/pwa', 4173);
console.log(`
Storelens is running.
  PWA (demo store on first run):  http://127.0.0.1:4173/
  Extension for Chrome/Edge:      ${resolve('dist/extension/chrome-mv3')}
      chrome://extensions → Developer mode → Load unpacked → pick that folder
  Extension for Firefox:          ${resolve('dist/extension/firefox-mv2')}
      about:debugging → This Firefox → Load Temporary Add-on → pick manifest.json there
Press Ctrl+C to stop.`);
