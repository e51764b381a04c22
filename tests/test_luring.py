"""Offline: the manifest, and a service worker that keeps only visited pages readable."""
import functools
import json
import threading
import time
from http.server import ThreadingHTTPServer

import pytest

from conftest import _Diam

HALAMAN, BERKAS = "sipraja-halaman-v2", "sipraja-berkas-v2"


class _TanpaSimpan(_Diam):
    """No HTTP caching at all: whatever is readable offline was stored by the service worker."""

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@pytest.fixture(scope="module")
def server_no_store(situs_terbangun):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_TanpaSimpan, directory=str(situs_terbangun)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def isi_cache(page, nama):
    return page.evaluate(f"caches.open('{nama}').then(c => c.keys()).then(k => k.map(r => new URL(r.url).pathname))")


def tunggu(syarat, batas=15.0):
    akhir = time.monotonic() + batas
    while not syarat():
        assert time.monotonic() < akhir, "waktu habis"
        time.sleep(0.2)


def test_manifest(situs_terbangun):
    m = json.loads((situs_terbangun / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert m["start_url"] == "./" and m["lang"] == "id" and m["short_name"] == "SIPRAJA"
    assert all((situs_terbangun / i["src"]).is_file() for i in m["icons"])
    assert (situs_terbangun / "sw.js").is_file() and not (situs_terbangun / "assets" / "sw.js").exists()


def test_halaman_pertama_terbaca_luring_tanpa_muat_ulang(peramban, server_no_store):
    """The very first page a person opens is readable offline: no reload, no HTTP cache to fall back on."""
    server = server_no_store
    konteks = peramban.new_context(service_workers="allow")
    page = konteks.new_page()
    page.goto(server + "layanan/akta-kelahiran/")
    # loaded before the worker existed (it claims the page afterwards, too late to see its requests)
    tunggu(lambda: "/layanan/akta-kelahiran/" in isi_cache(page, HALAMAN)
           and "/assets/gaya.css" in isi_cache(page, BERKAS))
    page.goto(server + "layanan/kartu-keluarga/")  # a second visit, now through the worker
    page.wait_for_load_state("networkidle")
    halaman = isi_cache(page, HALAMAN)
    assert halaman == ["/layanan/akta-kelahiran/", "/layanan/kartu-keluarga/"]  # nothing fetched ahead
    assert not any("/pagefind/" in p for p in isi_cache(page, BERKAS))
    assert "/qr/layanan/akta-kelahiran.svg" in isi_cache(page, BERKAS)  # the checklist's QR code
    konteks.set_offline(True)
    for id_, nama in (("akta-kelahiran", "Akta Kelahiran"), ("kartu-keluarga", "Kartu Keluarga")):
        page.goto(server + f"layanan/{id_}/")
        assert nama in page.locator("h1").inner_text()
        assert page.locator(".persyaratan li").count() > 0
        assert page.evaluate("getComputedStyle(document.querySelector('header.kepala')).backgroundColor") == "rgb(7, 55, 99)"
    page.goto(server + "layanan/ktp-el/")
    assert "Tidak ada sambungan internet" in page.locator("h1").inner_text()
    page.goto(server + "en/layanan/ktp-el/")  # never opened: the offline page in the page's language
    assert page.locator("h1").inner_text() == "No internet connection" and page.evaluate("document.documentElement.lang") == "en"
    konteks.close()


def test_simpanan_dibatasi_yang_terlama_dibuang(peramban, server_no_store, situs_terbangun):
    server = server_no_store
    konteks = peramban.new_context(service_workers="allow")
    page = konteks.new_page()
    page.goto(server + "layanan/akta-kelahiran/")
    tunggu(lambda: "/layanan/akta-kelahiran/" in isi_cache(page, HALAMAN))
    lain = sorted(p.parent.name for p in (situs_terbangun / "layanan").glob("*/index.html")
                  if p.parent.name != "akta-kelahiran")[:60]
    # 60 more pages opened (as frames: each is a navigation through the worker): 50 are kept, the oldest go
    page.evaluate("""(daftar) => { for (const id of daftar) {
        const f = document.createElement("iframe"); f.src = `/layanan/${id}/`; document.body.append(f); } }""", lain)
    tunggu(lambda: len(isi_cache(page, HALAMAN)) == 50 and "/layanan/akta-kelahiran/" not in isi_cache(page, HALAMAN),
           batas=90)
    page.wait_for_load_state("networkidle")
    halaman = isi_cache(page, HALAMAN)
    assert len(halaman) == 50 and set(halaman) <= {f"/layanan/{x}/" for x in lain}
    assert len(isi_cache(page, BERKAS)) <= 150
    konteks.close()


def test_halaman_cari_tidak_memasang_pekerja(peramban, server):
    """The search page's first query downloads what it did before: no worker, nothing stored."""
    konteks = peramban.new_context(service_workers="allow")
    diminta = []
    konteks.on("request", lambda r: diminta.append(r.url))
    page = konteks.new_page()
    page.goto(server + "cari/?q=akta%20kelahiran")
    page.wait_for_selector("#hasil-pencarian li a", timeout=15000)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    assert not any(u.endswith("/sw.js") for u in diminta)
    assert page.evaluate("caches.keys()") == []
    page.goto(server + "layanan/akta-kelahiran/")  # the next page a person opens does register it
    tunggu(lambda: page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 1)
    konteks.close()
