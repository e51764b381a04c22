"""The English version: message tables, English pages under en/, the language switch,
language-of-parts marking, the optional `en:` catalogue text and the English index."""
import gzip
import json
import re
import string

import pytest
from bs4 import BeautifulSoup

from conftest import AKAR
from sipraja.bahasa import FOLDER, Antarmuka, diindeks_en, halaman_diindeks_en, tabel
from sipraja.load import KatalogTidakSah, muat_katalog
from test_build import dua_kali

INS = "instansi/dinas-uji.yaml"
EN_AKTA = """    en:
      nama: Get a Test Certificate
      ringkasan: A certificate for testing.
      deskripsi: |
        Description in **bold** with a [link](https://uji.go.id/info).
      persyaratan: [Original identity card]
"""


def _placeholder(teks: str) -> set[str]:
    return {nama for _, nama, _, _ in string.Formatter().parse(teks) if nama}


def _sup(p):
    return BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def k():
    return muat_katalog(AKAR / "catalog")


def test_tabel_pesan_sama_kunci_dan_isian():
    id_, en = tabel("id"), tabel("en")
    assert len(id_) > 250 and set(id_) == set(en)
    beda = [k for k in id_ if _placeholder(id_[k]) != _placeholder(en[k])]
    assert beda == []
    # every literal key a template asks for exists (a typo would only fail at render)
    dipakai = set()
    for p in (AKAR / "templates").glob("*.html"):
        dipakai |= set(re.findall(r"""["']([a-z0-9_.\-]+)["']\)?\s*\|\s*t\b""", p.read_text(encoding="utf-8")))
    # a key ending in "." is a prefix completed in the template ("tingkat." ~ code)
    hilang = {x for x in dipakai if x not in id_ and not (x.endswith(".") and any(y.startswith(x) for y in id_))}
    assert len(dipakai) > 150 and not hilang, hilang
    assert {p.name for p in FOLDER.iterdir()} == {"id.yaml", "en.yaml"}


def test_setiap_halaman_ada_dalam_dua_bahasa_dengan_tautan_bahasa(situs_terbangun):
    halaman = sorted(p for p in situs_terbangun.rglob("*.html") if "pagefind" not in p.parts)
    en = [p for p in halaman if p.relative_to(situs_terbangun).parts[0] == "en"]
    assert len(en) > 300 and len(en) * 2 == len(halaman)
    for p in halaman:
        jalur = p.relative_to(situs_terbangun).as_posix()
        bahasa = "en" if jalur.startswith("en/") else "id"
        sup = _sup(p)
        assert sup.html["lang"] == bahasa, jalur
        (sakelar,) = sup.select("header a[hreflang]")
        lain = "id" if bahasa == "en" else "en"
        assert sakelar["hreflang"] == sakelar["lang"] == lain, jalur
        if p.name == "404.html":
            continue  # its links are absolute; the switch leads to the other home page
        tujuan = (p.parent / sakelar["href"]).resolve() / "index.html"
        pasangan = jalur[3:] if bahasa == "en" else "en/" + jalur
        assert tujuan == (situs_terbangun / pasangan).resolve(), jalur
        # the other language's switch leads back here
        (balik,) = _sup(tujuan).select("header a[hreflang]")
        assert (tujuan.parent / balik["href"]).resolve() / "index.html" == p.resolve()


def test_hreflang_di_kepala_halaman(situs_terbangun):
    for jalur in ("layanan/akta-kelahiran/", "en/layanan/akta-kelahiran/", "", "en/", "kantor/sedati/pepe/"):
        p = situs_terbangun / jalur / "index.html"
        alt = {a["hreflang"]: a["href"] for a in _sup(p).select("head link[rel=alternate][hreflang]")}
        assert set(alt) == {"id", "en", "x-default"}, jalur
        netral = jalur.removeprefix("en/")
        assert (p.parent / alt["id"]).resolve() == (situs_terbangun / netral).resolve()
        assert (p.parent / alt["en"]).resolve() == (situs_terbangun / "en" / netral).resolve()
        assert alt["x-default"] == alt["id"]
    # search engines must not index the search page: no alternates there
    assert not _sup(situs_terbangun / "cari" / "index.html").select("link[hreflang]")
    peta = (situs_terbangun / "sitemap.xml").read_text(encoding="utf-8")
    assert ("<loc>https://sipraja.sidoarjokab.go.id/en/layanan/akta-kelahiran/</loc><lastmod>" in peta
            and 'hreflang="en" href="https://sipraja.sidoarjokab.go.id/en/layanan/akta-kelahiran/"' in peta)


def test_halaman_inggris_memakai_teks_inggris_dan_menandai_bahasa_indonesia(situs_terbangun, k):
    ada = situs_terbangun / "en" / "layanan" / "akta-kelahiran" / "index.html"
    sup = _sup(ada)
    lay = k.layanan["akta-kelahiran"]
    assert sup.h1.get_text(strip=True) == lay.en["nama"] and not sup.h1.get("lang")
    assert [li.get_text() for li in sup.select(".persyaratan li")] == lay.en["persyaratan"]
    assert sup.select_one(".persyaratan").get("lang") is None
    fakta = {dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True) for dt in sup.select(".fakta dt")}
    assert fakta["Cost"] == "Free" and fakta["Completed at"].startswith("Regency agency")
    assert sup.select_one(".dasar-hukum")["lang"] == "id"  # the names of laws stay Indonesian
    # a service with no English text: Indonesian content, each part marked lang="id" (WCAG 3.1.2)
    tanpa = next(x for x in k.layanan.values() if not x.en and x.deskripsi_html)
    sup = _sup(situs_terbangun / "en" / "layanan" / tanpa.id / "index.html")
    assert sup.html["lang"] == "en" and sup.h1["lang"] == "id" and sup.h1.get_text(strip=True) == tanpa.nama
    for pilih in (".ringkasan", ".persyaratan", ".prosedur", ".deskripsi", ".fakta dd"):
        assert sup.select_one(pilih)["lang"] == "id", pilih
    assert sup.find("h2", id="persyaratan").get_text(strip=True) == "What to bring"
    # the Indonesian page is unmarked Indonesian
    sup = _sup(situs_terbangun / "layanan" / tanpa.id / "index.html")
    assert not sup.select("main [lang]")


def test_teks_antarmuka_skrip_dari_tabel(situs_terbangun):
    form = _sup(situs_terbangun / "en" / "cari" / "index.html").select_one("#formulir-cari")
    teks = json.loads(form["data-teks"])
    assert teks["kosong"] == tabel("en")["cari.js_kosong"] and form["data-akar"] == "../en/"
    jam = _sup(situs_terbangun / "en" / "instansi" / "dispendukcapil" / "index.html").select_one(".status-buka")
    assert json.loads(jam["data-teks"])["hari"][0] == "Monday"
    for berkas in ("cari.js", "jam.js"):
        js = (situs_terbangun / "assets" / berkas).read_text(encoding="utf-8")
        assert not re.search(r"Mencari|hasil untuk|Buka sekarang|Senin", js), berkas
    sw = (situs_terbangun / "sw.js").read_text(encoding="utf-8")
    assert tabel("en")["luring.h1"] in sw and tabel("id")["luring.h1"] in sw


def test_indeks_inggris_hanya_halaman_berteks_inggris(situs_terbangun, k):
    halaman = halaman_diindeks_en(k)
    assert 20 <= sum(1 for j in halaman if j.startswith("layanan/")) < len(k.layanan)
    assert all(diindeks_en(x) == bool(x.en or any(i.padanan_en and x.id in i.layanan for i in x.istilah))
               for x in k.layanan.values())

    def url_fragmen(folder):
        # a fragment is gzip of "pagefind_dcd" + JSON; urls are relative to the indexed folder
        return {json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])["url"]
                for p in (folder / "fragment").glob("*.pf_fragment")}
    en = url_fragmen(situs_terbangun / "en" / "pagefind")
    assert en == {"/" + j for j in halaman}
    id_ = url_fragmen(situs_terbangun / "pagefind")
    assert not any(u.startswith("/en/") for u in id_) and "/layanan/akta-kelahiran/" in id_
    # pages outside the English index are not marked for it
    luar = next(x for x in k.layanan.values() if not diindeks_en(x))
    assert _sup(situs_terbangun / "en" / "layanan" / luar.id / "index.html").find(attrs={"data-pagefind-body": True}) is None


def test_en_di_katalog_diperiksa_skema(katalog):
    baris = katalog.ganti(INS, "    diperiksa: 2026-11-20\n", "    diperiksa: 2026-11-20\n    en:\n      namaa: Test\n")
    with pytest.raises(KatalogTidakSah) as e:
        muat_katalog(katalog.folder)
    (g,) = [x for x in e.value.kesalahan if not x.peringatan]
    assert (g.berkas, g.baris) == (f"catalog/{INS}", baris + 2)
    assert "layanan[0].en" in g.jalur and 'Mungkin maksud Anda "nama"' in g.pesan


@pytest.mark.parametrize("isi, pesan", [
    ("      ringkasan: Test <script>x</script>\n", "tag HTML"),
    ("      deskripsi: See [this](https://contoh.example/)\n", "domain_diizinkan"),
    ("      persyaratan: []\n", "sekurang-kurangnya"),
])
def test_teks_inggris_diperiksa_seperti_teks_indonesia(katalog, isi, pesan):
    katalog.ganti(INS, "    diperiksa: 2026-11-20\n", "    diperiksa: 2026-11-20\n    en:\n" + isi)
    with pytest.raises(KatalogTidakSah) as e:
        muat_katalog(katalog.folder)
    galat = [x for x in e.value.kesalahan if not x.peringatan]
    assert galat and all(x.berkas == f"catalog/{INS}" for x in galat), galat
    assert any(pesan in x.pesan for x in galat), [x.pesan for x in galat]


def test_build_dengan_teks_inggris_deterministik(katalog, tmp_path):
    katalog.ganti(INS, "    diperiksa: 2026-11-20\n", "    diperiksa: 2026-11-20\n" + EN_AKTA)
    a, b = dua_kali(katalog.folder, tmp_path)
    assert a == b
    assert any(x.startswith("en/pagefind/fragment/") for x in a)
    sup = _sup(tmp_path / "a" / "en" / "layanan" / "akta-uji" / "index.html")
    assert sup.h1.get_text(strip=True) == "Get a Test Certificate"
    assert sup.select_one(".deskripsi a")["href"] == "https://uji.go.id/info"
    assert sup.select_one(".prosedur")["lang"] == "id"  # steps not translated: shown in Indonesian, marked


def test_tanggal_dan_hari_per_bahasa():
    from sipraja.model import JamLayanan
    en, id_ = Antarmuka("en"), Antarmuka("id")
    assert en.tanggal("2026-11-28") == "28 November 2026" and id_.tanggal("2026-08-01") == "1 Agustus 2026"
    jam = JamLayanan(["senin", "selasa", "rabu", "kamis"], "08:00", "14:00")
    assert en.teks_hari(jam) == "Monday–Thursday" and jam.hari_teks == "Senin–Kamis"
    assert str(en.teks(type("X", (), {"nama": "<b>", "en": None})(), "nama")) == '<span lang="id">&lt;b&gt;</span>'


def test_cari_inggris_sampai_halaman_inggris_lalu_kembali(halaman, server):
    halaman.goto(f"{server}en/cari/?q=birth%20certificate")
    halaman.wait_for_selector("#hasil-pencarian li a", timeout=15000)
    tautan = halaman.locator("#hasil-pencarian ol > li > a")
    assert tautan.first.get_attribute("href").endswith("/en/layanan/akta-kelahiran/"), tautan.all_inner_texts()
    assert "results for “birth certificate”" in halaman.locator("#status-pencarian").inner_text()
    tautan.first.click()
    halaman.wait_for_load_state()
    assert halaman.url.endswith("/en/layanan/akta-kelahiran/")
    assert halaman.evaluate("document.documentElement.lang") == "en"
    assert halaman.locator("h1").inner_text() == "Get a Birth Certificate"
    halaman.locator("header a[hreflang=id]").click()
    halaman.wait_for_load_state()
    assert halaman.url.endswith("/layanan/akta-kelahiran/") and "/en/" not in halaman.url
    assert halaman.evaluate("document.documentElement.lang") == "id"
    assert halaman.locator("h1").inner_text() == "Membuat Akta Kelahiran"
    assert halaman.galat == []


@pytest.mark.parametrize("q, id_layanan", [("passport", "paspor-baru"), ("driving%20licence", "sim-baru"),
                                           ("identity%20card", "ktp-el"), ("business%20license", "nib-oss"),
                                           ("police%20clearance", "skck"), ("family%20card", "kartu-keluarga")])
def test_kueri_inggris_menemukan_layanan(halaman, server, q, id_layanan):
    halaman.goto(f"{server}en/cari/?q={q}")
    halaman.wait_for_selector("#hasil-pencarian li a", timeout=15000)
    href = halaman.eval_on_selector_all("#hasil-pencarian ol > li > a", "els => els.map(e => e.getAttribute('href'))")
    assert any(h.endswith(f"/en/layanan/{id_layanan}/") for h in href[:3]), href
    assert all(h.startswith("/en/") for h in href)


def test_jam_buka_dalam_bahasa_halaman(halaman, server):
    for jalur, kata in (("en/instansi/dispendukcapil/", ("Open now", "Closed now")),
                        ("instansi/dispendukcapil/", ("Buka sekarang", "Tutup sekarang"))):
        halaman.goto(server + jalur)
        status = halaman.locator(".status-buka").first
        status.wait_for(state="visible")
        assert status.inner_text().startswith(kata), status.inner_text()


def test_kode_qr_halaman_inggris(situs_terbangun, k):
    # a page with English text has its own code; one without prints the Indonesian page's code and says so
    sup = _sup(situs_terbangun / "en" / "layanan" / "akta-kelahiran" / "index.html")
    assert sup.select_one(".qr-cetak img")["src"].endswith("qr/en/layanan/akta-kelahiran.svg")
    assert (situs_terbangun / "qr" / "en" / "layanan" / "akta-kelahiran.svg").is_file()
    tanpa = next(x for x in k.layanan.values() if not x.en)
    sup = _sup(situs_terbangun / "en" / "layanan" / tanpa.id / "index.html")
    qr = sup.select_one(".qr-cetak")
    assert qr.img["src"].endswith(f"qr/layanan/{tanpa.id}.svg") and "in Indonesian" in qr.get_text()
    assert f"https://sipraja.sidoarjokab.go.id/layanan/{tanpa.id}/" in qr.get_text()
    assert not (situs_terbangun / "qr" / "en" / "layanan" / f"{tanpa.id}.svg").exists()


@pytest.mark.parametrize("bahasa", ["id", "en"])
def test_pesan_hanya_memakai_nama_polos_dan_argumen_di_escape(bahasa):
    """Antarmuka.t formats escaped arguments with str.format: right only for plain {name} fields."""
    for kunci, teks in tabel(bahasa).items():
        for _, nama, spec, konversi in string.Formatter().parse(teks):
            assert nama is None or (nama.isidentifier() and not spec and not konversi), (kunci, teks)
    ui = Antarmuka(bahasa)
    kunci = next(k for k, v in tabel(bahasa).items() if "{" in v)
    nama = next(n for _, n, _, _ in string.Formatter().parse(tabel(bahasa)[kunci]) if n)
    lain = {n: "x" for _, n, _, _ in string.Formatter().parse(tabel(bahasa)[kunci]) if n}
    keluar = ui.t(kunci, **{**lain, nama: "<script>alert(1)</script>"})
    assert "<script>" not in keluar and "&lt;script&gt;" in keluar
