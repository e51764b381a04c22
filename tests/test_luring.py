"""Offline: the manifest, and a service worker that keeps only visited pages readable."""
import json


def test_manifest(situs_terbangun):
    m = json.loads((situs_terbangun / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert m["start_url"] == "./" and m["lang"] == "id" and m["short_name"] == "SIPRAJA"
    assert all((situs_terbangun / i["src"]).is_file() for i in m["icons"])
    assert (situs_terbangun / "sw.js").is_file() and not (situs_terbangun / "assets" / "sw.js").exists()


def test_halaman_yang_dibuka_terbaca_luring_yang_lain_tidak(peramban, server):
    konteks = peramban.new_context(service_workers="allow")
    page = konteks.new_page()
    page.goto(server + "layanan/akta-kelahiran/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the worker, so this visit is stored
    assert page.evaluate("!!navigator.serviceWorker.controller")
    page.wait_for_load_state("networkidle")
    disimpan = page.evaluate("caches.open('sipraja-dibuka-v1').then(c => c.keys()).then(k => k.map(r => new URL(r.url).pathname))")
    assert "/layanan/akta-kelahiran/" in disimpan and "/assets/gaya.css" in disimpan
    assert not any(p.startswith("/layanan/ktp-el") or "/pagefind/" in p for p in disimpan)  # nothing fetched ahead
    konteks.set_offline(True)
    page.goto(server + "layanan/akta-kelahiran/")
    assert "Akta Kelahiran" in page.locator("h1").inner_text()
    assert page.locator(".persyaratan li").count() > 0
    assert page.evaluate("getComputedStyle(document.querySelector('header.kepala')).backgroundColor") == "rgb(7, 55, 99)"
    page.goto(server + "layanan/ktp-el/")
    assert "Tidak ada sambungan internet" in page.locator("h1").inner_text()
    page.goto(server + "en/layanan/ktp-el/")  # never opened: the offline page in the page's language
    assert page.locator("h1").inner_text() == "No internet connection" and page.evaluate("document.documentElement.lang") == "en"
    konteks.close()
