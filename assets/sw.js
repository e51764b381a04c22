// Offline reading of what the reader already opened, and nothing more.
// Pages are fetched from the network first (so they are never stale while
// online); a copy of each visited page and of the files it used (style,
// scripts, QR code) is kept, and served only when the network fails. Nothing
// is fetched ahead; the Pagefind search index is never stored.
// The first page is loaded before this worker runs, so its requests are never
// seen here: once active, the worker stores the pages already open in its
// scope and the files their HTML names (from the HTTP cache when it has them).
// The search page does not load luring.js, so its first query never fetches
// this worker. At most HALAMAN_MAKS pages and BERKAS_MAKS files are kept;
// the least recently stored goes first.
const HALAMAN = "sipraja-halaman-v2";
const BERKAS = "sipraja-berkas-v2";
const HALAMAN_MAKS = 50;
const BERKAS_MAKS = 150;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => {
  e.waitUntil((async () => {
    for (const nama of await caches.keys()) if (nama !== HALAMAN && nama !== BERKAS) await caches.delete(nama);
    await self.clients.claim();
    for (const c of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) await simpanTerbuka(c.url);
  })());
});

function boleh(url) {
  const u = new URL(url, self.location.href);
  return u.origin === self.location.origin && !u.pathname.includes("/pagefind/") && u.pathname !== new URL(self.location.href).pathname;
}

// Re-putting a request moves it to the end, so the first keys are the least recently stored.
// One write at a time, so the count and the order of eviction stay exact.
let antrean = Promise.resolve();
function taruh(nama, maks, req, jawab) {
  antrean = antrean.then(async () => {
    const cache = await caches.open(nama);
    await cache.delete(req);
    await cache.put(req, jawab);
    const kunci = await cache.keys();
    for (const lama of kunci.slice(0, Math.max(0, kunci.length - maks))) await cache.delete(lama);
  }).catch(() => {});
  return antrean;
}

async function simpan(req, jawab, halaman) {
  if (jawab.ok && jawab.type === "basic") {
    await taruh(halaman ? HALAMAN : BERKAS, halaman ? HALAMAN_MAKS : BERKAS_MAKS, req, jawab);
  }
}

const FILE = /\.(css|js|svg|png|jpg|webp|webmanifest)$/;

// A page opened before this worker ran, and the files its HTML names.
async function simpanTerbuka(url) {
  if (!boleh(url)) return;
  try {
    const req = new Request(url.split("#")[0]);
    const jawab = await fetch(req, { cache: "force-cache" });
    await simpan(req, jawab.clone(), true);
    const html = await jawab.text();
    const berkas = new Set();
    for (const m of html.matchAll(/<(?:link|script|img)\b[^>]*?\b(?:href|src)="([^"]+)"/g)) {
      const u = new URL(m[1].replace(/&amp;/g, "&"), req.url);
      if (boleh(u.href) && FILE.test(u.pathname)) berkas.add(u.href);
    }
    await Promise.all([...berkas].slice(0, 30).map(async (u) => {
      const r = new Request(u);
      await simpan(r, await fetch(r, { cache: "force-cache" }), false);
    }));
  } catch (galat) { /* offline already, or gone: nothing to keep */ }
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
  // an event stream (serve mode's refresh) never ends, so it could never be stored
  if (req.method !== "GET" || !boleh(req.url) || req.headers.get("Accept") === "text/event-stream") return;
  const halaman = req.mode === "navigate";
  e.respondWith((async () => {
    try {
      const jawab = await fetch(req);
      e.waitUntil(simpan(req, jawab.clone(), halaman)); // the reader does not wait for the copy
      return jawab;
    } catch (galat) {
      const lama = await caches.match(req, { ignoreSearch: !halaman });
      if (lama) return lama;
      if (halaman) {
        return new Response(luring(req.url), { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
      }
      throw galat;
    }
  })());
});
