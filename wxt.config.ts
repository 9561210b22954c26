import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The shipped extension asks for no host permission at install: the page in front is reached
// through activeTab (the toolbar click or its keyboard shortcut, which also open the side panel);
// allowed sites, tracked domains and the PWA bridge ask for an optional host permission when the
// user turns them on. The analysis UI is the side panel (extension/entrypoints/sidepanel: Chrome's
// side_panel, Firefox's sidebar_action), never a layer inside the page.
export default defineConfig({
  srcDir: 'extension',
  entrypointsDir: 'entrypoints',
  publicDir: 'extension/public',
  // The e2e fixture builds into a directory of its own (STORELENS_EXT_OUT_DIR), so test runs that
  // overlap on one machine never delete each other's extension mid-test.
  outDir: process.env.STORELENS_EXT_OUT_DIR ?? 'dist/extension',
  imports: false,
  vite: () => ({
    plugins: [preact()],
    optimizeDeps: { entries: ['extension/**/*.{ts,tsx,html}'] },
  }),
  manifest: ({ browser, mode, manifestVersion }) => ({
    name: 'Storelens',
    description:
      'See any storefront as an eCommerce manager: products and prices with their sources, platform, SEO and merchant-listing audit, competitor price history.',
    permissions: [
      'activeTab',
      'scripting',
      'storage',
      'alarms',
      'notifications',
      ...(browser === 'chrome' ? ['offscreen'] : []),
      ...(browser === 'chrome' && mode === 'e2e' ? ['debugger'] : []),
    ],
    ...(manifestVersion === 3
      ? { optional_host_permissions: ['http://*/*', 'https://*/*'] }
      : { optional_permissions: ['http://*/*', 'https://*/*'] }),
    // Chromium: on the user's request the side panel reads which links scripts listen to over the
    // DevTools protocol, as Lighthouse's crawlable-anchors audit does (granted in e2e builds).
    ...(browser === 'chrome' && mode !== 'e2e' ? { optional_permissions: ['debugger'] } : {}),
    // e2e builds only: lets Playwright inject on the local fixture server without a prompt.
    ...(mode === 'e2e' ? { host_permissions: ['http://127.0.0.1/*'] } : {}),
    // No popup: the click reaches action.onClicked, which opens the panel inside the click.
    action: { default_title: 'Storelens: analyse this page in the side panel' },
    commands: {
      // The shortcut is the toolbar click itself (same activeTab grant, same handler).
      [manifestVersion === 3 ? '_execute_action' : '_execute_browser_action']: {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Open Storelens in the side panel and analyse this page',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'storelens@storelens.app',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
