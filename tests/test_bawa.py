"""Take it with you: QR codes (SVG, build time), WhatsApp sharing, posters, and the one-page print view."""
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from hypothesis import given, settings, strategies as st
from bs4 import BeautifulSoup

from conftest import AKAR
from sipraja.load import muat_katalog
from sipraja.pipeline import bangun

URL = "https://sipraja.sidoarjokab.go.id/"
# What a person looks at: the printed pages are kept here (CI uploads the folder as an artifact)
HASIL = Path(os.environ.get("SIPRAJA_HASIL_UJI", AKAR / "hasil-uji"))


def baca(folder, jalur):
    return BeautifulSoup((folder / jalur / "index.html").read_text(encoding="utf-8"), "html.parser")


def matriks_svg(berkas: Path) -> list[list[int]]:
    """Read the SVG path ("M x y h n m ...") back into rows of dark modules."""
    isi = berkas.read_text(encoding="utf-8")
    ukuran = int(re.search(r'viewBox="0 0 (\d+) \d+"', isi).group(1))
    d = re.search(r'class="qrline"[^>]* d="([^"]+)"', isi).group(1)
    m = [[0] * ukuran for _ in range(ukuran)]
    x = y = 0.0
    for op, angka in re.findall(r"([Mmh])([-\d. ]+)", d):
        a = [float(v) for v in angka.split()]
        if op == "M":
            x, y = a
        elif op == "m":
            x, y = x + a[0], y + a[1]
        else:
            for i in range(int(a[0])):
                m[int(y)][int(x) + i] = 1
            x += a[0]
    return m


def baca_qr(m: list[list[int]], skala: int = 4) -> str | None:
    """Decode a module grid with zxing-cpp's reader, as a phone camera would see the printed code."""
    baris = [bytes(0 if v else 255 for v in b for _ in range(skala)) for b in m for _ in range(skala)]
    gambar = memoryview(b"".join(baris)).cast("B", (len(m) * skala, len(m) * skala))
    hasil = zxingcpp.read_barcode(gambar, formats=zxingcpp.BarcodeFormat.QRCode)
    return hasil.text if hasil else None


def test_qr_memuat_alamat_terbit_halaman(situs_terbangun):
    k = muat_katalog(AKAR / "catalog")
    for jalur in ("layanan/akta-kelahiran", "instansi/dispendukcapil", "kantor/sedati/pepe"):
        m = matriks_svg(situs_terbangun / "qr" / f"{jalur}.svg")
        assert all(not any(b) for b in m[:4] + m[-4:]) and all(not any(b[:4] + b[-4:]) for b in m), "quiet zone"
        assert baca_qr(m) == f"{URL}{jalur}/", jalur
    assert len(list((situs_terbangun / "qr" / "layanan").glob("*.svg"))) == len(k.layanan)
    assert len(list((situs_terbangun / "qr" / "instansi").glob("*.svg"))) == len(k.instansi)


def _jalur_rujukan(n: int, modul: bytes) -> str:
    """The path as its docstring says, one run at a time: the slow, obvious reading of qr._jalur."""
    d, ujung = [], None
    for y in range(n):
        x = 0
        while x < n:
            if modul[y * n + x]:
                x += 1
                continue
            h = next((i for i in range(x, n) if modul[y * n + i]), n) - x
            d.append(f"M{x + 4} {y + 4}.5h{h}" if ujung is None else f"m{x - ujung[0]} {y - ujung[1]}h{h}")
            ujung, x = (x + h, y), x + h
    return "".join(d)


def test_qr_masker_sama_dengan_pilihan_zint(situs_terbangun):
    """qr.matriks chooses the mask itself (bit operations) and must choose exactly what zint does
    when left to choose (ISO/IEC 18004 §7.8.3), for every size: every bundled page's address in both
    languages, and thousands of random ones from 21 to 69 modules, each size first met with a new cache."""
    import random
    import string
    from sipraja import qr
    acak = random.Random(18004)
    alamat = [f"{URL}{p.parent.relative_to(situs_terbangun).as_posix()}/"
              for p in situs_terbangun.rglob("index.html") if "pagefind" not in p.parts]
    alamat += ["".join(acak.choice(string.ascii_letters + "-/.?=%0123456789") for _ in range(acak.randint(1, 300)))
               for _ in range(3000)]
    qr._UKURAN.clear()
    for url in alamat:
        n, modul = qr.matriks(url)
        zint = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
        assert modul == memoryview(zint.to_image(scale=1, add_quiet_zones=False)).tobytes(), url
        assert qr._jalur(n, modul) == _jalur_rujukan(n, modul), url
    assert len(alamat) > 3500 and set(qr._UKURAN) == set(range(21, 70, 4))


def test_pembaca_qr_menolak_kode_rusak(situs_terbangun):
    # the check above can fail: a code with its finder pattern wiped is not read
    m = matriks_svg(situs_terbangun / "qr" / "layanan/akta-kelahiran.svg")
    for y in range(4, 11):
        m[y][4:11] = [0] * 7
    assert baca_qr(m) is None


def test_semua_gambar_ada_dan_sendiri(situs_terbangun):
    hilang = []
    for p in situs_terbangun.rglob("*.html"):
        if "pagefind" in p.parts or p.name == "404.html":
            continue
        for img in BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").find_all("img"):
            if not (p.parent / img["src"]).resolve().is_file() or img["src"].startswith(("http", "//")):
                hilang.append(f"{p.relative_to(situs_terbangun)} -> {img['src']}")
    assert hilang == []


def test_url_dasar_lain_masuk_ke_qr_dan_cetakan(katalog, tmp_path):
    lain = "https://contoh.go.id/portal/"
    bangun(katalog.folder, tmp_path / "d", url_dasar=lain, log=lambda *_: None)
    sup = baca(tmp_path / "d", "layanan/akta-uji")
    assert f"{lain}layanan/akta-uji/" in sup.select_one(".qr-cetak").get_text()
    assert "contoh.go.id/portal/layanan/akta-uji/" in (tmp_path / "d" / "qr/layanan/akta-uji.svg").read_text()


def test_bagikan_whatsapp_berisi_daftar_periksa(situs_terbangun):
    k = muat_katalog(AKAR / "catalog")
    lay = k.layanan["akta-kelahiran"]
    a = baca(situs_terbangun, "layanan/akta-kelahiran").find("a", string="Bagikan ke WhatsApp")
    assert a["href"].startswith("https://wa.me/?text=") and set(a["rel"]) >= {"noopener", "noreferrer"}
    teks = parse_qs(urlsplit(a["href"]).query)["text"][0]
    assert teks.startswith(f"*{lay.nama}*") and f"Biaya: {lay.biaya}" in teks
    assert all(f"- {p}" in teks for p in lay.persyaratan)
    assert teks.rstrip().endswith(f"{URL}layanan/akta-kelahiran/")


def test_bagikan_hilang_bila_wa_me_tidak_diizinkan(katalog, tmp_path):
    katalog.ganti("situs.yaml", "    - wa.me\n", "")
    bangun(katalog.folder, tmp_path / "d", log=lambda *_: None)
    assert "wa.me/?text" not in (tmp_path / "d/layanan/akta-uji/index.html").read_text()


def layanan_poster(k, ins):
    """What a poster lists: the institution's own services and, at a kecamatan office, the services
    written once for every kecamatan (tingkat: kecamatan), which is where people queue for them."""
    bersama = sorted((x for x in k.layanan.values() if x.tingkat == "kecamatan" and x.instansi.jenis != "kecamatan"
                      and x.status != "dihentikan"), key=lambda x: (x.nama.casefold(), x.id))
    return ins.layanan + (bersama if ins.jenis == "kecamatan" else [])


def test_situs_lama_tanpa_domain_templat(katalog, tmp_path):
    """A catalogue from before domain_templat listed wa.me and OpenStreetMap in domain_diizinkan: still works."""
    katalog.ganti("situs.yaml", "  domain_templat:\n", "")
    bangun(katalog.folder, tmp_path / "d", log=lambda *_: None)
    assert "https://wa.me/?text=" in (tmp_path / "d/layanan/akta-uji/index.html").read_text()
    assert "https://www.openstreetmap.org/search?query=" in (tmp_path / "d/kantor/sedati/index.html").read_text()


def test_poster_per_instansi(situs_terbangun):
    k = muat_katalog(AKAR / "catalog")
    for ins in k.instansi.values():
        sup = baca(situs_terbangun, f"instansi/{ins.id}/poster")
        src = [img["src"] for img in sup.select(".poster-daftar img")]
        assert src == [f"../../../qr/layanan/{x.id}.svg" for x in layanan_poster(k, ins)], ins.id
        assert sup.select_one(".poster-kantor img")["src"] == f"../../../qr/instansi/{ins.id}.svg"


def test_poster_kecamatan_memuat_layanan_tingkat_kecamatan(situs_terbangun):
    k = muat_katalog(AKAR / "catalog")
    kecamatan = [i for i in k.instansi.values() if i.jenis == "kecamatan"]
    assert len(kecamatan) == 18
    sktm = k.layanan["sktm-kecamatan"]
    assert sktm.tingkat == "kecamatan" and sktm.instansi.jenis != "kecamatan"
    for ins in kecamatan:
        sup = baca(situs_terbangun, f"instansi/{ins.id}/poster")
        nama = [x.get_text() for x in sup.select(".poster-daftar strong")]
        assert sktm.nama in nama and len(nama) >= 8, ins.id
    # a kecamatan's own service stays on its own poster only
    prambon = baca(situs_terbangun, "instansi/kecamatan-prambon/poster").get_text()
    assert k.layanan["prambon-jemput-bola-adminduk-minggu"].nama in prambon
    assert k.layanan["prambon-jemput-bola-adminduk-minggu"].nama not in baca(situs_terbangun,
                                                                          "instansi/kecamatan-waru/poster").get_text()


def test_poster_satu_halaman_a4(peramban, server, situs_terbangun):
    """Printed from Chromium, every poster of the bundled catalogue is one A4 sheet with every code on it
    (the longest, 16 services, in both languages), and a kecamatan poster's codes stay scannable."""
    k = muat_katalog(AKAR / "catalog")
    konteks = peramban.new_context()
    page = konteks.new_page()
    kecamatan = [i for i in k.instansi.values() if i.jenis == "kecamatan"]
    terpanjang = sorted(k.instansi.values(), key=lambda i: len(layanan_poster(k, i)))[-2:]
    assert len(layanan_poster(k, terpanjang[-1])) >= 16
    halaman = [f"instansi/{i.id}/poster/" for i in k.instansi.values()]
    halaman += [f"en/instansi/{i.id}/poster/" for i in terpanjang]
    for jalur in halaman:
        page.goto(server + jalur)
        pdf = page.pdf(format="A4", print_background=True)  # print media, unless screen was emulated before
        if jalur in (f"instansi/{i.id}/poster/" for i in (k.instansi["kecamatan-sedati"], terpanjang[-1])):
            HASIL.mkdir(parents=True, exist_ok=True)
            (HASIL / f"poster-{jalur.split('/')[1]}.pdf").write_bytes(pdf)
        assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1, jalur
    page.emulate_media(media="print")
    for ins in kecamatan + terpanjang:
        page.goto(f"{server}instansi/{ins.id}/poster/")
        lebar = page.evaluate("[...document.querySelectorAll('.poster-daftar img')].map(i => i.getBoundingClientRect().width)")
        assert len(lebar) == len(layanan_poster(k, ins)) and min(lebar) >= 70, ins.id  # ~19 mm: still scannable
    konteks.close()


def _terpanjang(situs, n):
    ukuran = {p.parent.name: len(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select_one("main").get_text())
              for p in (situs / "layanan").glob("*/index.html")}
    return sorted(ukuran, key=ukuran.get)[-n:]


def test_cetak_satu_halaman_dengan_kotak_centang_dan_qr(peramban, server, situs_terbangun):
    """What a person checks: print the page, see one A4 sheet with tick boxes and a QR code.
    The PDFs and a screenshot of the print view are kept in HASIL for a person to look at."""
    HASIL.mkdir(parents=True, exist_ok=True)
    konteks = peramban.new_context()
    page = konteks.new_page()
    for id_ in ["sk-domisili", *_terpanjang(situs_terbangun, 4)]:
        page.goto(f"{server}layanan/{id_}/")
        pdf = page.pdf(format="A4", print_background=True)
        (HASIL / f"cetak-{id_}.pdf").write_bytes(pdf)
        assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1, id_
    page.emulate_media(media="print")
    assert page.locator(".qr-cetak img").is_visible()
    assert page.evaluate("document.querySelector('.qr-cetak img').naturalWidth") > 0
    kotak = page.evaluate("getComputedStyle(document.querySelector('.persyaratan li'), '::before').borderTopStyle")
    assert kotak == "solid"
    for tersembunyi in ("header.kepala", "footer.kaki", ".bawa", "#dasar-hukum"):
        assert not page.locator(tersembunyi).is_visible(), tersembunyi
    gambar = HASIL / f"cetak-{id_}.png"
    page.screenshot(path=str(gambar), full_page=True)
    assert gambar.stat().st_size > 10_000
    page.emulate_media(media="screen")
    assert not page.locator(".qr-cetak").is_visible() and page.locator(".bawa").is_visible()
    konteks.close()


def test_halaman_layanan_ringan(situs_terbangun):
    import gzip
    css = len(gzip.compress((situs_terbangun / "assets/gaya.css").read_bytes()))
    terbesar = max(len(gzip.compress(p.read_bytes())) for p in (situs_terbangun / "layanan").glob("*/index.html"))
    assert css + terbesar < 14 * 1024, (css, terbesar)


@settings(deadline=None, max_examples=400, derandomize=True)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_kutip_sama_dengan_quote_urllib(teks):
    # the WhatsApp link's text is quoted by a table; it must be what urllib.parse.quote(safe="") writes
    from urllib.parse import quote

    from sipraja.bagikan import kutip
    assert kutip(teks) == quote(teks, safe="")
    assert kutip(teks + " ~_.-/?&=#%+\n*Ü") == quote(teks + " ~_.-/?&=#%+\n*Ü", safe="")
