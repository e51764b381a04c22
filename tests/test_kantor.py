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


LAYANAN_KUA = ["bimbingan-perkawinan", "buku-nikah-pengganti", "legalisir-buku-nikah", "pencatatan-nikah",
               "pencatatan-rujuk", "rekomendasi-nikah"]


def test_katalog_bawaan_setiap_kecamatan_punya_kua_sendiri():
    k = muat_katalog(AKAR / "catalog")
    assert [kec.kua.id for kec in k.wilayah.kecamatan] == [f"kua-{slug(kec.nama)}" for kec in k.wilayah.kecamatan]
    assert all(kec.kua.kontak.kode_wilayah == kec.kode for kec in k.wilayah.kecamatan)
    # the structured field, not the word "KUA" in the name, says where a service is delivered
    assert sorted(x.id for x in k.layanan.values() if x.dilayani_di == "kua") == LAYANAN_KUA
    assert k.layanan["pendaftaran-haji"].dilayani_di is None


def test_halaman_kantor_menyebut_kua_kecamatannya_sendiri(situs_terbangun):
    k = muat_katalog(AKAR / "catalog")
    kec_jalur, desa_jalur = daftar_tempat(k.wilayah)
    for kec in k.wilayah.kecamatan:
        for jalur in (kec_jalur[kec.kode], desa_jalur[kec.desa[0].kode]):
            sup = baca(situs_terbangun, jalur)
            bagian = []
            for el in sup.select_one("h2#kua").find_next_siblings():
                if el.name == "h2":
                    break
                bagian.append(el)
            tautan_kua = {a["href"].rstrip("/").rsplit("/", 1)[-1] for el in bagian for a in el.select("a[href*='instansi/kua-']")}
            assert tautan_kua == {kec.kua.id}, jalur  # exactly this kecamatan's KUA, no other
            teks = " ".join(el.get_text(" ", strip=True) for el in bagian)
            assert kec.kua.kontak.alamat in teks and "belum terverifikasi" in teks
            assert any("status-buka" in (el.get("class") or []) and el.get("data-jam") for el in bagian)  # hours
            layanan = {a["href"].rstrip("/").rsplit("/", 1)[-1] for el in bagian for a in el.select("a[href*='layanan/']")}
            assert layanan == set(LAYANAN_KUA), jalur


@pytest.mark.parametrize("id_", LAYANAN_KUA)
def test_layanan_di_kua_menunjuk_pilih_kecamatan(situs_terbangun, id_):
    sup = baca(situs_terbangun, f"layanan/{id_}")
    a = sup.select_one(".pilih-desa-tautan a")
    assert a.get_text() == "Pilih kecamatan/desa Anda" and a["href"] == "../../kantor/"
    daftar = [x["href"] for x in sup.select("#tempat ~ div details.daftar-kantor a")]
    assert len(daftar) == 18 and all(h.startswith("../../instansi/kua-") for h in daftar)
    assert "KUA" in sup.select_one("#tempat ~ div").get_text()


def test_layanan_bukan_kua_tidak_menunjuk_kua(situs_terbangun):
    sup = baca(situs_terbangun, "layanan/pendaftaran-haji")  # at the PTSP of Kemenag, not at a KUA
    assert not sup.select("#tempat ~ div a[href*='instansi/kua-']")
    assert sup.select_one("#tempat ~ div .pilih-desa-tautan") is None


def test_halaman_kua_mendaftar_layanannya(situs_terbangun):
    sup = baca(situs_terbangun, "instansi/kua-sedati")
    assert {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in sup.select("main a[href*='layanan/']")} >= set(LAYANAN_KUA)
    assert "Alamat jalan belum terverifikasi, pastikan sebelum datang." in sup.get_text()


KUA_UJI = """# yaml-language-server: $schema=../../schema/katalog.schema.json
instansi:
  id: kua-uji
  nama: KUA Kecamatan Sedati
  singkatan: KUA Sedati
  jenis: kua
  kontak:
    alamat: Kecamatan Sedati
    alamat_terverifikasi: false
    kode_wilayah: "35.15.17"
  jam_layanan:
    - hari: [senin]
      buka: "08:00"
      tutup: "12:00"
  pengaduan:
    keterangan: Di KUA.
layanan: []
"""


def _galat(katalog):
    from sipraja.load import KatalogTidakSah
    with pytest.raises(KatalogTidakSah) as e:
        muat_katalog(katalog.folder)
    return [k for k in e.value.kesalahan if not k.peringatan]


def test_dilayani_di_kua_tanpa_berkas_kua_ditolak(katalog):
    baris = katalog.ganti("instansi/dinas-uji.yaml", "    tingkat: opd\n", "    tingkat: opd\n    dilayani_di: kua\n") + 1
    [k] = _galat(katalog)
    assert (k.berkas, k.baris, k.jalur) == ("catalog/instansi/dinas-uji.yaml", baris, "layanan[0].dilayani_di")
    assert "belum ada berkas instansi berjenis kua" in k.pesan
    katalog.tulis("instansi/kua-uji.yaml", KUA_UJI)
    k = muat_katalog(katalog.folder)
    kec = k.wilayah.kecamatan[0]
    assert kec.kua.id == "kua-uji" and k.layanan["akta-uji"].dilayani_di == "kua"


def test_kua_wajib_kode_kecamatan_dan_hanya_satu(katalog):
    katalog.tulis("instansi/kua-uji.yaml", KUA_UJI.replace('    kode_wilayah: "35.15.17"\n', ""))
    [k] = _galat(katalog)
    assert k.berkas == "catalog/instansi/kua-uji.yaml" and k.baris in (7, 8) and "jenis kua wajib mengisi kontak.kode_wilayah" in k.pesan
    katalog.tulis("instansi/kua-uji.yaml", KUA_UJI)
    katalog.tulis("instansi/kua-dua.yaml", KUA_UJI.replace("id: kua-uji", "id: kua-dua"))
    [k] = _galat(katalog)
    assert k.berkas == "catalog/instansi/kua-uji.yaml" and k.baris == 10
    assert "sudah punya KUA di catalog/instansi/kua-dua.yaml" in k.pesan


def test_halaman_kantor_mini_menyebut_kua_dan_layanannya(katalog, tmp_path):
    katalog.tulis("instansi/kua-uji.yaml", KUA_UJI)
    katalog.ganti("instansi/dinas-uji.yaml", "    tingkat: opd\n", "    tingkat: opd\n    dilayani_di: kua\n")
    bangun(katalog.folder, tmp_path / "d", log=lambda *_: None)
    sup = baca(tmp_path / "d", "kantor/sedati")
    assert sup.select_one("h2#kua ~ p a[href='../../instansi/kua-uji/']")
    assert sup.select_one("h2#kua ~ ul a[href='../../layanan/akta-uji/']")
    a = baca(tmp_path / "d", "layanan/akta-uji").select_one(".pilih-desa-tautan a")
    assert a.get_text() == "Pilih kecamatan/desa Anda"
    # without the field, the same service is not at the KUA any more
    katalog.ganti("instansi/dinas-uji.yaml", "    dilayani_di: kua\n", "")
    bangun(katalog.folder, tmp_path / "e", log=lambda *_: None)
    assert not baca(tmp_path / "e", "kantor/sedati").select("h2#kua ~ ul a[href*='akta-uji']")
    assert baca(tmp_path / "e", "layanan/akta-uji").select_one(".pilih-desa-tautan") is None


def test_daftar_tautan_kantor_dibuat_sekali_dan_lengkap(situs_terbangun, tmp_path, monkeypatch):
    """Every desa page lists the same services: the list is rendered once per language and link root
    (render.DaftarTautan), not once per page, and still holds every service of its level."""
    import jinja2
    from sipraja import render
    k = muat_katalog(AKAR / "catalog")
    panggilan, dibuat = [], []
    asli_panggil, asli_render = render.DaftarTautan.__call__, jinja2.Template.render

    def panggil(self, *a):
        panggilan.append(a)
        return asli_panggil(self, *a)

    def render_templat(self, *a, **isi):
        if self.name == "_daftar_tautan.html":
            dibuat.append(isi["akar"])
        return asli_render(self, *a, **isi)
    monkeypatch.setattr(render.DaftarTautan, "__call__", panggil)
    monkeypatch.setattr(jinja2.Template, "render", render_templat)
    render.Perender(k, tmp_path, sendiri=True).halaman_daftar()
    desa = sum(len(c.desa) for c in k.wilayah.kecamatan)
    assert len(panggilan) >= 3 * 2 * desa  # 3 lists on every desa page, in 2 languages
    assert 3 <= len(dibuat) <= 3 * 2 * 2  # rendered once per list, link root (desa, kecamatan) and language
    for awalan in ("", "en/"):
        sup = baca(situs_terbangun, awalan + "kantor/sedati/pepe")
        tautan = {a["href"] for a in sup.select("#desa ~ details a")}
        harap = {x.id for x in k.layanan.values() if x.tingkat in ("desa-kelurahan", "kecamatan")}
        assert {h.split("/")[-2] for h in tautan if "/layanan/" in h} == harap
