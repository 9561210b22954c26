// Web Share Target (Android): "Share" a bundle or an export to the installed app. The browser
// POSTs the files to /share-target; this handler (imported into the generated service worker
// before Workbox's routes) keeps them in a cache and opens the Import screen, which picks them up.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'POST' || url.pathname !== '/share-target') return;
  event.respondWith(
    (async () => {
      const form = await event.request.formData();
      const files = form.getAll('files').filter((f) => typeof f === 'object' && 'name' in f);
      const cache = await caches.open('storelens-shared');
      for (const old of await cache.keys()) await cache.delete(old);
      await Promise.all(
        files.map((f, i) =>
          cache.put(
            `/shared-file/${i}`,
            new Response(f, {
              headers: {
                'content-type': f.type || 'application/octet-stream',
                'x-file-name': encodeURIComponent(f.name),
              },
            }),
          ),
        ),
      );
      return Response.redirect(`/#/import?shared=${files.length}`, 303);
    })(),
  );
});
