"""schema.org JSON-LD read back with a real extractor (extruct) and compared with the catalogue."""
import json

import extruct
import pytest
from bs4 import BeautifulSoup

from conftest import AKAR, objek_dalam
from sipraja.bahasa import AWALAN, Antarmuka
from sipraja.hsds import alamat_jalan
from sipraja.jsonld import durasi, harga
from sipraja.load import muat_katalog
from sipraja.pipeline import bangun

URL = "https://sipraja.sidoarjokab.go.id/"
BERANDA = {"id": "Beranda", "en": "Home"}


def ld(jalur, url):
    return extruct.extract(jalur.read_text(encoding="utf-8"), base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]


def satu(data, jenis):
    cocok = [d for d in data if d.get("@type") == jenis]
    assert len(cocok) == 1, [d.get("@type") for d in data]
    return cocok[0]


@pytest.fixture(scope="module")
def k():
    return muat_katalog(AKAR / "catalog")


def test_setiap_halaman_punya_breadcrumblist(situs_terbangun):
    halaman = [p for p in situs_terbangun.rglob("index.html") if "pagefind" not in p.parts]
    assert len(halaman) > 400 and any(p.parts[-3:] == ("en", "layanan", "index.html") for p in halaman)
    for p in halaman:
        jalur = p.parent.relative_to(situs_terbangun).as_posix()
        jalur = "" if jalur == "." else jalur + "/"
        bahasa = "en" if jalur.startswith("en/") else "id"
        remah = satu(ld(p, URL + jalur), "BreadcrumbList")["itemListElement"]
        assert remah[0]["item"] == URL + AWALAN[bahasa] and remah[0]["name"] == BERANDA[bahasa]
        assert remah[-1]["item"] == URL + jalur  # the last crumb is the page itself
        assert [x["position"] for x in remah] == list(range(1, len(remah) + 1))


@pytest.mark.parametrize("bahasa", ["id", "en"])
def test_governmentservice_cocok_dengan_katalog(situs_terbangun, k, bahasa):
    ui, awal = Antarmuka(bahasa), URL + AWALAN[bahasa]
    assert any(x.en for x in k.layanan.values())  # English text exists, so the en run compares it
    for lay in k.layanan.values():
        url = f"{awal}layanan/{lay.id}/"
        g = satu(ld(situs_terbangun / AWALAN[bahasa] / "layanan" / lay.id / "index.html", url), "GovernmentService")
        assert g["name"] == ui.isi(lay, "nama") and g["description"] == ui.isi(lay, "ringkasan") and g["url"] == url
        assert g["provider"]["name"] == ui.isi(lay.instansi, "nama")
        assert g["serviceOperator"]["@id"] == g["provider"]["@id"] == f"{awal}instansi/{lay.instansi.id}/#organisasi"
        assert g["provider"]["url"] == f"{awal}instansi/{lay.instansi.id}/"
        assert g["areaServed"]["identifier"] == k.wilayah.kode
        assert g["produces"]["name"] == ui.isi(lay, "produk")
        assert g["offers"]["description"] == ui.isi(lay, "biaya")
        if lay.biaya == "Gratis":
            assert g["offers"]["price"] == "0" and g["offers"]["priceCurrency"] == "IDR"
        kanal = g["availableChannel"]
        assert [c["name"] for c in kanal] == [ui.isi(x, "label") for x in lay.kanal]
        for c, x in zip(kanal, lay.kanal):
            if x.url:
                assert c["serviceUrl"] == x.url
            if x.telepon:
                assert c["servicePhone"]["telephone"] == x.telepon
            if x.jenis == "loket" and lay.dilayani_di:
                # one office per kecamatan: named, and no invented street address
                assert "address" not in c["serviceLocation"] and c["serviceLocation"]["name"]
            elif x.jenis == "loket":
                tempat = ui.isi(x, "tempat") if x.tempat else lay.instansi.kontak.alamat
                jalan = (bool(x.tempat) or lay.instansi.kontak.alamat_terverifikasi) and alamat_jalan(tempat)
                assert c["serviceLocation"]["address"].get("streetAddress") == (tempat if jalan else None)
                assert c["serviceLocation"]["address"]["addressLocality"] == k.wilayah.nama
        waktu = {c.get("processingTime") for c in kanal}
        assert len(waktu) == 1 and (waktu.pop() is None) == ("hari kerja" in lay.waktu or durasi(lay.waktu) is None)
        assert g.get("alternateName", []) == (ui.isi(lay, "alias") if lay.alias else [])


@pytest.mark.parametrize("bahasa", ["id", "en"])
def test_governmentorganization_kontak_dan_jam(situs_terbangun, k, bahasa):
    hari = {"senin": "Monday", "selasa": "Tuesday", "rabu": "Wednesday", "kamis": "Thursday", "jumat": "Friday",
            "sabtu": "Saturday", "minggu": "Sunday"}
    ui = Antarmuka(bahasa)
    layanan_publik, pengaduan = ui.tabel["jsonld.layanan_publik"], ui.tabel["jsonld.pengaduan"]
    for ins in k.instansi.values():
        url = f"{URL}{AWALAN[bahasa]}instansi/{ins.id}/"
        o = satu(ld(situs_terbangun / AWALAN[bahasa] / "instansi" / ins.id / "index.html", url), "GovernmentOrganization")
        assert o["name"] == ui.isi(ins, "nama") and o["alternateName"] == ins.singkatan
        if ins.kontak.alamat_terverifikasi and alamat_jalan(ins.kontak.alamat):
            assert o["address"]["streetAddress"] == ins.kontak.alamat
        else:  # an area, or text that is no street: told in words on the office, never as an address
            assert "streetAddress" not in o["address"] and "streetAddress" not in o["location"]["address"]
            assert o["location"]["description"] == ins.kontak.alamat
        jenis_kontak = {c["contactType"]: c for c in o["contactPoint"]}
        assert jenis_kontak[pengaduan]["description"] == ui.isi(ins.pengaduan, "keterangan")
        if ins.kontak.telepon:
            assert jenis_kontak[layanan_publik]["telephone"] == ins.kontak.telepon[0]
        jam = o["location"]["openingHoursSpecification"]
        assert jam == jenis_kontak[layanan_publik]["hoursAvailable"]
        assert [(j["opens"], j["closes"]) for j in jam] == [(j.buka, j.tutup) for j in ins.jam_layanan]
        assert [j["dayOfWeek"] for j in jam] == [
            [f"https://schema.org/{hari[h]}" for h in sorted(j.hari, key=list(hari).index)] for j in ins.jam_layanan]
        assert sorted(x["itemOffered"]["name"] for x in o.get("makesOffer", [])) == sorted(ui.isi(x, "nama") for x in ins.layanan)


def test_bukan_alamat_tidak_masuk_kolom_alamat(situs_terbangun):
    """A desa counter's "Kantor desa/kelurahan tempat Anda terdaftar" is where to go, not an address."""
    jalan = []
    for p in [*(situs_terbangun / "layanan").glob("*/index.html"), *(situs_terbangun / "instansi").glob("*/index.html")]:
        for a in objek_dalam(ld(p, URL), lambda d: d.get("@type") == "PostalAddress"):
            assert set(a) <= {"@type", "streetAddress", "addressLocality", "addressRegion", "addressCountry"}
            if "streetAddress" in a:
                jalan.append(a["streetAddress"])
    assert jalan and all(alamat_jalan(x) for x in jalan)
    assert not any("tempat Anda" in x or "belum terverifikasi" in x for x in jalan)
    g = satu(ld(situs_terbangun / "layanan/sk-domisili/index.html", URL), "GovernmentService")
    loket = [c["serviceLocation"] for c in g["availableChannel"] if "serviceLocation" in c]
    assert loket and loket[0]["name"] == "Kantor desa/kelurahan tempat Anda terdaftar"
    assert "streetAddress" not in loket[0]["address"]


@pytest.mark.parametrize("bahasa", ["id", "en"])
def test_beranda_websitesearchaction(situs_terbangun, bahasa):
    url = URL + AWALAN[bahasa]
    w = satu(ld(situs_terbangun / AWALAN[bahasa] / "index.html", url), "WebSite")
    assert w["potentialAction"]["target"] == url + "cari/?q={search_term_string}" and w["inLanguage"] == bahasa


def test_teks_katalog_tidak_bisa_keluar_dari_skrip(katalog, tmp_path):
    # The loader refuses markup in text (test_korpus_buruk.py); this is the second
    # layer: were such text ever to get through, it cannot leave the JSON-LD block.
    from sipraja.load import muat_katalog
    from sipraja.render import Perender
    jahat = "Akta </script><script>alert(1)</script> & <!-- \"kutip\""
    k = muat_katalog(katalog.folder)
    k.layanan["akta-uji"].nama = jahat
    k.instansi["dinas-uji"].kontak.alamat = "</SCRIPT ><b>Jl. Uji</b>"
    Perender(k, tmp_path / "dist").semua()
    for jalur, jenis, kunci, nilai in (("layanan/akta-uji/", "GovernmentService", "name", jahat),
                                       ("instansi/dinas-uji/", "GovernmentOrganization", "address",
                                        "</SCRIPT ><b>Jl. Uji</b>")):
        berkas = tmp_path / "dist" / jalur / "index.html"
        html = berkas.read_text(encoding="utf-8")
        sup = BeautifulSoup(html, "html.parser")
        skrip = [s for s in sup.find_all("script") if not s.get("src")]  # the rest are the site's own files
        assert {s.get("type") for s in skrip} == {"application/ld+json"}
        assert sup.find("b") is None
        for s in skrip:
            teks = s.string
            assert "<" not in teks and ">" not in teks and "&" not in teks
            json.loads(teks)  # still valid JSON
        g = satu(ld(berkas, URL + jalur), jenis)
        assert (g[kunci]["streetAddress"] if kunci == "address" else g[kunci]) == nilai  # the text survives exactly


def test_skrip_meloloskan_karakter_html():
    from sipraja.jsonld import skrip
    teks = str(skrip({"name": "</script>&<!--\u2028"}))
    isi = teks.removeprefix('<script type="application/ld+json">').removesuffix("</script>\n")
    assert "<" not in isi and ">" not in isi and "&" not in isi and "\u2028" not in isi
    assert json.loads(isi)["name"] == "</script>&<!--\u2028"


# working days are not calendar days: no ISO 8601 duration says "5 hari kerja"
@pytest.mark.parametrize("waktu,iso", [("1 hari kerja", None), ("Paling lama 14 hari kerja", None),
                                       ("1 hari sejak surat permohonan diterima", "P1D"), ("Paling lama 5 bulan sejak didaftarkan", "P5M"),
                                       ("Sekitar 30 menit setelah berkas lengkap", "PT30M"), ("24 jam setiap hari", None),
                                       ("Seketika", None), ("Hari yang sama", None)])
def test_durasi(waktu, iso):
    assert durasi(waktu) == iso


@pytest.mark.parametrize("biaya,nilai", [("Gratis", "0"), ("Rp 30.000 (PNBP)", "30000"), ("Rp 10.000", "10000"),
                                         ("Gratis di kantor KUA pada jam kerja", None), ("Sesuai tarif RSUD", None)])
def test_harga(biaya, nilai):
    assert harga(biaya) == nilai


def test_gabung_url_sama_dengan_urljoin():
    # the breadcrumb trail resolves its "../" links without urljoin; the result must be urljoin's
    import itertools
    from urllib.parse import urljoin

    from sipraja.jsonld import gabung_url
    halaman = ["https://x.id/", "https://x.id/a/", "https://x.id/en/layanan/ktp-el/", "https://x.id/sub/en/instansi/a/poster/",
               "http://h:8080/a/b/", "https://x.id/a//b/", "https://x.id/a/./b/", "https://x.id/a/../b/", "https://x.id/a/b",
               "https://x.id/a/?q=1", "https://x.id/a/#f", "file:///a/b/", "//x.id/a/b/", "https://x.id/a%20b/c/"]
    tautan = ["../", "../../", "../../../", "../../../../", "../../../../../", "./", "..", "../x/", "../..", "x/", "/", "..//"]
    for h, t in itertools.product(halaman, tautan):
        assert gabung_url(h, t) == urljoin(h, t), (h, t)
