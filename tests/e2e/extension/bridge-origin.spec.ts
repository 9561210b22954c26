// The bridge content script runs on the Storelens app's exact origin, port included: turning the
// bridge on for http://127.0.0.1:4173 must not register it for the storefront on port 4180 of the
// same host (the match pattern used to drop the port).
import { STORE, expect, test } from './fixtures.ts';

test('the bridge script is registered for the app’s exact origin and port only', async ({
  ext,
}) => {
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.getByRole('button', { name: 'Turn the bridge on' }).click();
  await expect(options.getByText(/Bridge: on for http:\/\/127\.0\.0\.1:4173/)).toBeVisible();
  const matches = await options.evaluate(async () => {
    const { scripting } = (
      globalThis as unknown as {
        chrome: {
          scripting: {
            getRegisteredContentScripts(f: { ids: string[] }): Promise<{ matches?: string[] }[]>;
          };
        };
      }
    ).chrome;
    const scripts = await scripting.getRegisteredContentScripts({ ids: ['storelens-bridge'] });
    return scripts.flatMap((s) => s.matches ?? []);
  });
  expect(matches).toEqual(['http://127.0.0.1:4173/*']);
  expect(new URL(STORE).port).toBe('4180');
});
