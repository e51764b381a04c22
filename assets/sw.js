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

// The offline page in the language of the page asked for: TEKS_LURING (one
// entry per language, with its folder) is written above by sipraja/luring.py
// from templates/bahasa/*.yaml.
function luring(url) {
  const akar = new URL("./", self.location).pathname;
  let t = TEKS_LURING[0];
  for (const x of TEKS_LURING) if (x.awalan && new URL(url).pathname.startsWith(akar + x.awalan)) t = x;
  return `<!doctype html><html lang="${t.bahasa}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t.judul}</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem"><h1>${t.h1}</h1><p>${t.isi}</p></body></html>`;
}

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
        return new Response(luring(req.url), { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
      }
      throw galat;
    }
  })());
});
