"""The real search page in headless Chromium (Debian's chromium, driven by Playwright), and axe-core."""
import json
from pathlib import Path

import pytest

import axe_playwright_python

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def hasil_cari(halaman, server, q):
    halaman.goto(f"{server}cari/?q={q}")
    halaman.wait_for_selector("#hasil-pencarian li a, #bantuan-cari:not([hidden])", timeout=15000)
    return halaman.locator("#hasil-pencarian ol > li > a")


def test_akte_lahir_menemukan_akta_kelahiran_lalu_membukanya(halaman, server):
    tautan = hasil_cari(halaman, server, "akte%20lahir")
    judul = tautan.all_inner_texts()[:3]
    assert "Membuat Akta Kelahiran" in judul, judul
    tautan.nth(judul.index("Membuat Akta Kelahiran")).click()
    halaman.wait_for_load_state()
    assert halaman.url.endswith("/layanan/akta-kelahiran/")
    assert "Akta Kelahiran" in halaman.locator("h1").inner_text()
    assert halaman.galat == []


@pytest.mark.parametrize("q, id_layanan", [
    ("KTP", "ktp-el"),
    ("SKCK", "skck"),
    ("IMB", "pbg"),
    ("kartu%20kuning", "ak-i"),
    ("surat%20miskin", "sktm-desa"),
    ("passport", "paspor-baru"),
])
def test_alias_menemukan_layanan(halaman, server, q, id_layanan):
    tautan = hasil_cari(halaman, server, q)
    href = [tautan.nth(i).get_attribute("href") for i in range(min(tautan.count(), 5))]
    assert any(h.rstrip("/").endswith(f"/{id_layanan}") or h.endswith(f"/{id_layanan}/") for h in href), href


def test_tanpa_hasil_memberi_jalan_lain(halaman, server):
    halaman.goto(f"{server}cari/?q=zzqxv")
    halaman.wait_for_selector("#bantuan-cari:not([hidden])", timeout=15000)
    assert "Tidak ada hasil" in halaman.locator("#status-pencarian").inner_text()
    assert halaman.locator("#bantuan-cari a[href$='layanan/']").count() == 1


def test_tanpa_javascript(peramban, server):
    konteks = peramban.new_context(java_script_enabled=False)
    page = konteks.new_page()
    page.goto(f"{server}cari/?q=akte")
    tanpa = page.locator("#tanpa-skrip")
    assert tanpa.is_visible() and tanpa.locator("a[href$='layanan/']").count() == 1
    page.goto(f"{server}")
    page.fill("#q", "ktp")
    page.click("form.cari button")
    assert "/cari/?q=ktp" in page.url
    page.goto(f"{server}layanan/akta-kelahiran/")
    assert page.locator(".persyaratan li").count() > 0
    konteks.close()


HALAMAN_AXE = ["", "layanan/", "layanan/akta-kelahiran/", "layanan/sk-waris-kecamatan/", "instansi/",
               "instansi/dispendukcapil/", "instansi/kecamatan-sedati/", "kategori/", "kategori/kependudukan/",
               "cari/?q=akta", "cari/?q=zzqxv", "404.html", "alur/", "alur/kelahiran-anak/", "layanan/sk-kelahiran-desa/",
               "kantor/", "kantor/sedati/", "kantor/sedati/pepe/", "kantor/porong/",
               "instansi/dispendukcapil/poster/",
               # English pages, with English text and with Indonesian text marked lang="id"
               "en/", "en/layanan/akta-kelahiran/", "en/layanan/sk-waris-kecamatan/", "en/cari/?q=passport",
               "en/cari/?q=zzqxv", "en/alur/kelahiran-anak/", "en/kantor/sedati/pepe/", "en/instansi/dispendukcapil/"]


@pytest.mark.parametrize("jalur", HALAMAN_AXE)
def test_axe_wcag22_aa(halaman, server, jalur):
    halaman.goto(server + jalur)
    if "cari/" in jalur:
        halaman.wait_for_selector("#hasil-pencarian li, #bantuan-cari:not([hidden])", timeout=15000)
    halaman.evaluate(AXE)
    hasil = halaman.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})""")
    pelanggaran = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in hasil["violations"]]
    assert pelanggaran == [], json.dumps(pelanggaran, indent=1)


def test_ponsel_360px_tanpa_gulir_samping(halaman, server):
    for jalur in ["", "layanan/akta-kelahiran/", "instansi/", "layanan/"]:
        halaman.goto(server + jalur)
        lebar = halaman.evaluate("document.documentElement.scrollWidth")
        assert lebar <= 360, f"{jalur}: {lebar}px"


def test_peristiwa_hidup_ditemukan_pencarian(halaman, server):
    tautan = hasil_cari(halaman, server, "menikah")
    href = [tautan.nth(i).get_attribute("href") for i in range(min(tautan.count(), 5))]
    assert any(h.rstrip("/").endswith("/alur/menikah") for h in href), href
