import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';

// The PWA: Vite root is pwa/, output dist/pwa, served by `npm start` on 127.0.0.1:4173.
export default defineConfig({
  root: 'pwa',
  base: '/',
  publicDir: 'public',
  build: { outDir: '../dist/pwa', emptyOutDir: true, target: 'es2022', sourcemap: true },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  plugins: [
    preact(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      workbox: {
        skipWaiting: false,
        clientsClaim: true,
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,woff2}'],
        navigateFallback: '/index.html',
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        // Android's share sheet POSTs files here (pwa/public/share-target.js).
        importScripts: ['/share-target.js'],
      },
    }),
  ],
});
