"""Places: "Kantor saya" pages for every kecamatan and desa/kelurahan, map links, open-now hint."""
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from conftest import AKAR
from sipraja.kantor import daftar_tempat, slug
from sipraja.load import muat_katalog
from sipraja.pipeline import bangun


def baca(folder, jalur):
    return BeautifulSoup((folder / jalur / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_slug():
    assert slug("Jatialun-alun") == "jatialun-alun" and slug("Sidoarjo Kota") == "sidoarjo-kota"


def test_setiap_desa_dan_kecamatan_punya_halaman(situs_terbangun):
    k = muat_katalog(AKAR / "catalog")
    kec_jalur, desa_jalur = daftar_tempat(k.wilayah)
    assert len(kec_jalur) == 18 and len(desa_jalur) == 346 == len(set(desa_jalur.values()))
    for jalur in [*kec_jalur.values(), *desa_jalur.values()]:
        assert (situs_terbangun / jalur / "index.html").is_file(), jalur
    indeks = baca(situs_terbangun, "kantor")
    assert len(indeks.select("details.pilih-desa")) == 18
    assert len(indeks.select("details.pilih-desa li a")) == 346
    assert "Lapindo" in indeks.get_text() and "ODbL" in indeks.get_text()


def test_halaman_desa_menyebut_kantor_per_tingkat(situs_terbangun):
    sup = baca(situs_terbangun, "kantor/sedati/pepe")
    assert sup.h1.get_text(strip=True) == "Kantor layanan untuk warga Desa Pepe"
    assert [h.get("id") for h in sup.select("main h2")] == ["desa", "kecamatan", "kua", "opd"]
    teks = sup.get_text(" ", strip=True)
    assert "Ketua RT/RW" in teks and "tipe A" in teks and "KUA Kecamatan Sedati" in teks
    assert sup.select_one("#kecamatan ~ p a[href='../../../instansi/kecamatan-sedati/']")
    assert sup.select_one("a[href='../../../instansi/mpp-sidoarjo/']")
    peta = [a["href"] for a in sup.select("a[href^='https://www.openstreetmap.org/search?query=']")]
    assert unquote(peta[0].split("=", 1)[1]) == "Kantor Desa Pepe, Kecamatan Sedati, Kabupaten Sidoarjo"
    assert len(peta) == 4  # desa, kecamatan, KUA, MPP
    jam = sup.select(".status-buka[data-jam][hidden]")
    assert jam and '"b":"07:30"' in jam[0]["data-jam"]
    # every link to a service resolves to a tipe A or B service
    assert sup.select("a[href^='../../../layanan/sk-kelahiran-desa/']")


def test_halaman_layanan_menunjuk_pilih_desa(situs_terbangun):
    for id_ in ("sk-kelahiran-desa", "sk-waris-kecamatan"):
        a = baca(situs_terbangun, f"layanan/{id_}").select_one(".pilih-desa-tautan a")
        assert a.get_text() == "Pilih desa Anda" and a["href"] == "../../kantor/"


def test_tautan_peta_hanya_bila_domain_diizinkan(katalog, tmp_path):
    bangun(katalog.folder, tmp_path / "a", log=lambda *_: None)
    assert baca(tmp_path / "a", "kantor/sedati").select("a[href*='openstreetmap.org']")
    katalog.ganti("situs.yaml", "    - www.openstreetmap.org\n", "")
    bangun(katalog.folder, tmp_path / "b", log=lambda *_: None)
    assert not baca(tmp_path / "b", "kantor/sedati").select("a[href*='openstreetmap.org']")


@pytest.mark.parametrize("waktu_utc, harap", [
    ("2026-11-30T02:00:00Z", "Buka sekarang, sampai pukul 16:00 WIB"),          # Senin 09:00 WIB
    ("2026-11-27T08:00:00Z", "Tutup sekarang; buka lagi Senin pukul 07:30 WIB"),  # Jumat 15:00 WIB
    ("2026-11-29T23:00:00Z", "Tutup sekarang; buka lagi hari ini pukul 07:30 WIB"),  # Senin 06:00 WIB
])
def test_buka_sekarang_menurut_wib(peramban, server, waktu_utc, harap):
    # the reader's own clock zone must not matter: the hint is in Asia/Jakarta time
    konteks = peramban.new_context(timezone_id="America/New_York")
    page = konteks.new_page()
    page.clock.set_fixed_time(waktu_utc)
    page.goto(server + "kantor/sedati/pepe/")
    status = page.locator("#kecamatan ~ .status-buka").first
    status.wait_for(state="visible")
    assert status.inner_text().startswith(harap)
    konteks.close()


def test_kecamatan_tanpa_kantor_diperingatkan(katalog):
    (katalog.folder / "instansi" / "kecamatan-sedati.yaml").unlink()
    k = muat_katalog(katalog.folder)
    pesan = [str(p) for p in k.peringatan if "Kecamatan Sedati" in p.pesan]
    baris = (katalog.folder / "wilayah.yaml").read_text().splitlines().index('    - kode: "35.15.17"') + 1
    assert pesan and pesan[0].startswith(f"catalog/wilayah.yaml:{baris}:")


def test_katalog_bawaan_semua_kantor_terhubung():
    k = muat_katalog(AKAR / "catalog")
    assert all(kec.kantor is not None for kec in k.wilayah.kecamatan)
    assert not [p for p in k.peringatan if "Kantor saya" in p.pesan]


def test_layanan_kua_menunjuk_pilih_desa(situs_terbangun):
    a = baca(situs_terbangun, "layanan/pencatatan-nikah").select_one(".pilih-desa-tautan a")
    assert a["href"] == "../../kantor/"
