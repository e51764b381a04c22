// Offline reading of what the reader already opened, and nothing more.
// Pages are fetched from the network first (so they are never stale while
// online); a copy of each visited page and of the files it used (style,
// scripts, QR code) is kept, and served only when the network fails. Nothing
// is fetched ahead; the Pagefind search index is never stored.
const CACHE = "sipraja-dibuka-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => {
  e.waitUntil((async () => {
    for (const nama of await caches.keys()) if (nama !== CACHE) await caches.delete(nama);
    await self.clients.claim();
  })());
});

function simpan(req) {
  const url = new URL(req.url);
  return req.method === "GET" && url.origin === self.location.origin && !url.pathname.includes("/pagefind/");
}

const LURING = `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tidak ada sambungan</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem"><h1>Tidak ada sambungan internet</h1><p>Halaman ini belum pernah Anda buka di perangkat ini, jadi belum tersimpan untuk dibaca tanpa internet. Halaman yang sudah pernah Anda buka tetap bisa dibaca.</p></body></html>`;

self.addEventListener("fetch", (e) => {
  const req = e.request;
  if (!simpan(req)) return;
  e.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const jawab = await fetch(req);
      if (jawab.ok && jawab.type === "basic") await cache.put(req, jawab.clone());
      return jawab;
    } catch (galat) {
      const lama = await cache.match(req, { ignoreSearch: req.mode !== "navigate" });
      if (lama) return lama;
      if (req.mode === "navigate") {
        return new Response(LURING, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
      }
      throw galat;
    }
  })());
});
