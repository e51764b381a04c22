"""Findability: the query set through the real search page, typo correction, filters, the glossary."""
import sys
from urllib.parse import quote

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import AKAR, CHROMIUM
from sipraja.load import KatalogTidakSah, muat_katalog

sys.path.insert(0, str(AKAR / "scripts"))
import ukur_pencarian  # noqa: E402

# Floors from the last measured run (README "Search quality"); raise them as search improves.
RECALL_1, RECALL_3, BITA_KUERI_PERTAMA = 0.90, 0.96, 140_000
# The held-out set (tests/data/kueri-uji.yaml) is never tuned on, so its floors sit lower.
RECALL_1_UJI, RECALL_3_UJI = 0.83, 0.88


def test_kumpulan_kueri_lengkap_dan_sah():
    kueri = yaml.safe_load((AKAR / "tests" / "data" / "kueri.yaml").read_text(encoding="utf-8"))["kueri"]
    layanan = set(muat_katalog(AKAR / "catalog").layanan)
    assert len(kueri) >= 200
    assert len({k["q"].lower() for k in kueri}) == len(kueri)
    assert {k["jenis"] for k in kueri} >= {"singkatan", "nama-lama", "sehari-hari", "jawa", "salah-ketik", "inggris", "pertanyaan"}
    assert all(set(k["harap"]) <= layanan for k in kueri), [k for k in kueri if not set(k["harap"]) <= layanan]


def test_mutu_pencarian_di_atas_lantai(situs_terbangun, peramban):
    kueri = yaml.safe_load((AKAR / "tests" / "data" / "kueri.yaml").read_text(encoding="utf-8"))["kueri"]
    data = ukur_pencarian.ukur(situs_terbangun, kueri, CHROMIUM, browser=peramban)
    semua = data["ringkasan"]["semua"]
    gagal = [(k["q"], k["harap"], k["hasil"][:3]) for k in data["kueri"] if not k["peringkat"] or k["peringkat"] > 3]
    assert semua["recall@3"] >= RECALL_3, gagal
    assert semua["recall@1"] >= RECALL_1, gagal
    assert 0 < data["bita"]["kueri_pertama"] < BITA_KUERI_PERTAMA


def test_mutu_pencarian_kueri_terpisah(situs_terbangun, peramban):
    kueri = yaml.safe_load((AKAR / "tests" / "data" / "kueri-uji.yaml").read_text(encoding="utf-8"))["kueri"]
    disetel = {k["q"].lower() for k in yaml.safe_load((AKAR / "tests" / "data" / "kueri.yaml").read_text(encoding="utf-8"))["kueri"]}
    assert len(kueri) >= 80 and not {k["q"].lower() for k in kueri} & disetel  # held out: none of the tuned queries
    data = ukur_pencarian.ukur(situs_terbangun, kueri, CHROMIUM, browser=peramban)
    semua = data["ringkasan"]["semua"]
    gagal = [(k["q"], k["harap"], k["hasil"][:3]) for k in data["kueri"] if not k["peringkat"] or k["peringkat"] > 3]
    assert semua["recall@3"] >= RECALL_3_UJI, gagal
    assert semua["recall@1"] >= RECALL_1_UJI, gagal


def _cari(halaman, server, q):
    halaman.goto(f"{server}cari/?{q}")
    halaman.wait_for_selector("#hasil-pencarian li a, #bantuan-cari:not([hidden])", timeout=15000)
    return [a.get_attribute("href") for a in halaman.locator("#hasil-pencarian ol > li > a").all()]


@pytest.mark.parametrize("q, harap", [("kelahran", "akta-kelahiran"), ("kartu%20kelurga", "kartu-keluarga"),
                                      ("skcj", "skck")])
def test_salah_ketik_dikoreksi_dan_diberitahukan(halaman, server, q, harap):
    href = _cari(halaman, server, f"q={q}")
    assert any(h.endswith(f"/{harap}/") for h in href[:3]), href
    koreksi = halaman.locator("#koreksi-pencarian")
    assert koreksi.is_visible() and "Menampilkan hasil untuk" in koreksi.inner_text()
    # the live region (role=status) announces the corrected words, not only the typed ones
    status = halaman.locator("#status-pencarian")
    assert status.get_attribute("role") == "status" and "Anda mengetik" in status.inner_text()


def test_frasa_ganti_terpanjang_didahulukan(halaman, server):
    # glosarium.ganti "surat izin mengemudi" -> "sim": a three-word phrase, matched before its words
    href = _cari(halaman, server, "q=" + quote("perpanjangan surat izin mengemudi"))
    assert href and href[0].endswith("/perpanjang-sim/"), href


def test_kata_yang_dikenal_tidak_dikoreksi(halaman, server):
    _cari(halaman, server, "q=akta%20kelahiran")
    assert halaman.locator("#koreksi-pencarian").is_hidden()


def test_saringan_dari_url_membatasi_hasil(halaman, server):
    k = muat_katalog(AKAR / "catalog")
    polresta = {f"/layanan/{i}/" for i, x in k.layanan.items() if x.instansi.singkatan == "Polresta Sidoarjo"}
    semua = _cari(halaman, server, "q=surat")
    instansi = _cari(halaman, server, "q=surat&instansi=" + quote("Polresta Sidoarjo"))
    assert instansi and not set(semua) <= polresta
    assert all(any(h.endswith(p) for p in polresta) for h in instansi), instansi
    assert halaman.locator("#saring-instansi").input_value() == "Polresta Sidoarjo"
    assert halaman.locator("#saringan").get_attribute("open") is not None
    hanya_saring = _cari(halaman, server, "kanal=" + quote("Daring (online)") + "&kategori=" + quote("Kependudukan dan Pencatatan Sipil"))
    assert hanya_saring and all("/layanan/" in h for h in hanya_saring)


def test_saringan_bisa_dipakai_dengan_papan_ketik(halaman, server):
    halaman.goto(f"{server}cari/?q=akta")
    halaman.wait_for_selector("#hasil-pencarian li a")
    halaman.locator("#saringan summary").focus()
    halaman.keyboard.press("Enter")
    for _ in range(3):  # summary -> kategori -> instansi -> tingkat, by Tab alone
        halaman.keyboard.press("Tab")
    assert halaman.evaluate("document.activeElement.id") == "saring-tingkat"
    # a native <select> is operated by the browser itself; pick a value, then submit from the keyboard
    halaman.locator("#saring-tingkat").select_option(label="Kecamatan (SIPRAJA tipe B)")
    halaman.keyboard.press("Tab")
    assert halaman.evaluate("document.activeElement.id") == "saring-kanal"
    halaman.keyboard.press("Tab")
    with halaman.expect_navigation():
        halaman.keyboard.press("Enter")
    assert "tingkat=Kecamatan" in halaman.url and "kategori=" not in halaman.url  # unset filters are not sent


def test_istilah_dijelaskan_di_halaman_dan_di_glosarium(situs_terbangun):
    sup = BeautifulSoup((situs_terbangun / "layanan" / "ktp-el" / "index.html").read_text(encoding="utf-8"), "html.parser")
    istilah = {dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True) for dt in sup.select(".istilah dt")}
    assert istilah["KTP-el"] == "Kartu Tanda Penduduk elektronik"
    tersembunyi = " ".join(d.get_text() for d in sup.select("div[hidden][data-pagefind-weight]"))
    assert "identity card" in tersembunyi
    # KK and MPP stand only in its requirements and steps: explained there, kept out of the index
    assert istilah["KK"] == "Kartu Keluarga" and "MPP" in istilah
    assert "family card" not in tersembunyi
    glosarium = (situs_terbangun / "istilah" / "index.html").read_text(encoding="utf-8")
    assert "Persetujuan Bangunan Gedung" in glosarium and "IMB" in glosarium


def test_glosarium_dengan_layanan_tidak_dikenal_ditolak(katalog):
    katalog.tulis("glosarium.yaml", "# yaml-language-server: $schema=../schema/katalog.schema.json\n"
                  "glosarium:\n  istilah:\n    - istilah: AKU\n      arti: Akta uji\n      jenis: singkatan\n"
                  "      layanan: [akta-ujii]\n  ganti: []\n  kata_umum: []\n")
    with pytest.raises(KatalogTidakSah) as e:
        muat_katalog(katalog.folder)
    (k,) = [k for k in e.value.kesalahan if not k.peringatan]
    assert (k.berkas, k.baris) == ("catalog/glosarium.yaml", 7) and 'Mungkin maksud Anda "akta-uji"' in k.pesan
