// A small static server for built output (used by Playwright and `npm start`).
// Serves index.html for unknown paths so deep links work; no caching headers so tests see fresh builds.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const [, , dirArg = 'dist/pwa', portArg = '4173'] = process.argv;
const root = resolve(dirArg);
const port = Number(portArg);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function startStaticServer(dir, listenPort, host = '127.0.0.1') {
  const base = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
      let file = join(base, path);
      if (!file.startsWith(base)) throw new Error('outside root');
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info) {
        if (extname(path)) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
          return;
        }
        file = join(base, 'index.html');
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(body);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad request');
    }
  });
  return new Promise((ok) => server.listen(listenPort, host, () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await startStaticServer(root, port);
  console.log(`Serving ${root} on http://127.0.0.1:${port}/`);
}
