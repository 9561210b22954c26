// Web Share Target (Android): "Share" a bundle or an export to the installed app. The browser
// POSTs the files to /share-target; this handler (imported into the generated service worker
// before Workbox's routes) keeps them in a cache and opens the Import screen, which picks them up
// and asks the user to confirm before reading them.
//
// Any website can POST a form to /share-target too. A real share is a navigation the browser
// starts itself: Sec-Fetch-Site "none" and no referrer. Chromium does not show Sec-Fetch-Site to
// service workers, so the referrer decides: a request from a page of another origin is refused
// (nothing is kept); one without a referrer (a share, or a page that hid its address) is kept
// marked "shared from another app", and the Import screen says so and waits for a confirmation.

/** 'refuse' for a request from another site or origin, else the origin it names ('' for none). */
function shareSender(request, ownOrigin) {
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'none' && site !== 'same-origin') return { refuse: true, from: site };
  let from = '';
  if (request.referrer && request.referrer !== 'about:client') {
    try {
      from = new URL(request.referrer).origin;
    } catch {
      from = 'an unknown page';
    }
  }
  if (from && from !== ownOrigin) return { refuse: true, from };
  return { refuse: false, from };
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'POST' || url.pathname !== '/share-target') return;
  event.respondWith(
    (async () => {
      const sender = shareSender(event.request, self.location.origin);
      if (sender.refuse) {
        // Nothing is kept; the Import screen says a page tried to send a file.
        return Response.redirect(`/#/import?share-refused=${encodeURIComponent(sender.from)}`, 303);
      }
      const form = await event.request.formData();
      const files = form.getAll('files').filter((f) => typeof f === 'object' && 'name' in f);
      const cache = await caches.open('storelens-shared');
      for (const old of await cache.keys()) await cache.delete(old);
      const at = String(Date.now());
      await Promise.all(
        files.map((f, i) =>
          cache.put(
            `/shared-file/${i}`,
            new Response(f, {
              headers: {
                'content-type': f.type || 'application/octet-stream',
                'x-file-name': encodeURIComponent(f.name),
                'x-shared-from': encodeURIComponent(sender.from),
                'x-shared-at': at,
              },
            }),
          ),
        ),
      );
      return Response.redirect(`/#/import?shared=${files.length}`, 303);
    })(),
  );
});
