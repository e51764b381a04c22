"""Life-event journeys: schema, service references, pages and "bagian dari" on service pages."""
import pytest
from bs4 import BeautifulSoup

from conftest import AKAR
from sipraja.load import KatalogTidakSah, muat_katalog
from sipraja.pipeline import bangun

ALUR = "alur/uji-peristiwa.yaml"
WAJIB = ["kelahiran-anak", "menikah", "pindah-domisili", "kematian-anggota-keluarga", "memulai-usaha-mikro",
         "membangun-rumah", "mencari-kerja"]


def galat(katalog):
    with pytest.raises(KatalogTidakSah) as e:
        muat_katalog(katalog.folder)
    return [k for k in e.value.kesalahan if not k.peringatan]


def test_alur_mini_terbaca_dan_tercatat_di_layanan(katalog):
    k = muat_katalog(katalog.folder)
    a = k.alur["uji-peristiwa"]
    assert [la.layanan.id for la in a.langkah] == ["sk-uji-kecamatan", "akta-uji"]
    assert k.layanan["akta-uji"].bagian_dari == [(a, 1)]
    assert a.rantai == [("Ketua RT/RW (surat pengantar)", [1]), ("Kantor kecamatan", [1]), ("Disuji", [2])]


def test_layanan_yang_tidak_ada_disebut_dengan_baris(katalog):
    baris = katalog.ganti(ALUR, "layanan: akta-uji", "layanan: akta-ujii")
    [k] = galat(katalog)
    assert k.berkas == f"catalog/{ALUR}" and k.baris == baris and k.kolom == 16
    assert k.jalur == "alur.langkah[1].layanan"
    assert 'layanan "akta-ujii" tidak ada di katalog' in k.pesan and 'Mungkin maksud Anda "akta-uji"' in k.pesan


def test_kolom_alur_salah_ketik(katalog):
    baris = katalog.ganti(ALUR, "      keterangan: Sesudahnya.", "      keteranga: Sesudahnya.")
    kesalahan = galat(katalog)
    assert any(k.baris == baris and 'Mungkin maksud Anda "keterangan"' in k.pesan for k in kesalahan)
    assert all(k.berkas == f"catalog/{ALUR}" for k in kesalahan)


def test_id_alur_harus_sama_dengan_nama_berkas(katalog):
    katalog.ganti(ALUR, "  id: uji-peristiwa", "  id: peristiwa-lain")
    [k] = galat(katalog)
    assert k.baris == 3 and "nama berkas" in k.pesan


def test_berkas_alur_tidak_boleh_memuat_layanan(katalog):
    katalog.tulis("alur/campur.yaml", "# yaml-language-server: $schema=../../schema/katalog.schema.json\nlayanan: []\n")
    kesalahan = galat(katalog)
    assert any(k.berkas == "catalog/alur/campur.yaml" and '"layanan" tidak boleh ada' in k.pesan for k in kesalahan)


def test_satu_langkah_saja_ditolak(katalog):
    teks = (katalog.folder / ALUR).read_text(encoding="utf-8")
    katalog.tulis(ALUR, teks.split("    - judul: Buat akta uji")[0] + '  diperiksa: "2026-11-28"\n')
    [k] = galat(katalog)
    assert "sekurang-kurangnya 2" in k.pesan and k.jalur == "alur.langkah"


def test_katalog_bawaan_memuat_alur_wajib():
    k = muat_katalog(AKAR / "catalog")
    assert set(WAJIB) <= set(k.alur)
    for a in k.alur.values():
        assert len(a.langkah) >= 3, a.id
    assert [n for n, _ in k.alur["kelahiran-anak"].rantai][:3] == [
        "Ketua RT/RW (surat pengantar)", "Kantor desa/kelurahan", "Dispendukcapil"]
    # moving: the application is made at the desa, finished at the kecamatan, then Dispendukcapil
    assert [n for n, _ in k.alur["pindah-domisili"].rantai][:4] == [
        "Ketua RT/RW (surat pengantar)", "Kantor desa/kelurahan", "Kantor kecamatan", "Dispendukcapil"]
    # marriage is registered at the KUA of the kecamatan, not at the Kemenag office
    rantai = dict(k.alur["menikah"].rantai)
    assert "KUA kecamatan" in rantai and "Kemenag Sidoarjo" not in rantai
    # a service named "... dari Desa" is a desa service: name and level agree
    for x in k.layanan.values():
        if x.nama.endswith("dari Desa") or x.nama.endswith("dari Desa/Kelurahan"):
            assert x.tingkat == "desa-kelurahan", x.id


def test_langkah_lewat_desa_masuk_urutan_kantor(katalog):
    katalog.ganti(ALUR, "      pengantar_rt_rw: true\n", "      pengantar_rt_rw: true\n      lewat_desa: true\n")
    a = muat_katalog(katalog.folder).alur["uji-peristiwa"]
    assert a.rantai == [("Ketua RT/RW (surat pengantar)", [1]), ("Kantor desa/kelurahan", [1]),
                        ("Kantor kecamatan", [1]), ("Disuji", [2])]


@pytest.fixture(scope="module")
def sup_alur(situs_terbangun):
    baca = lambda j: BeautifulSoup((situs_terbangun / j / "index.html").read_text(encoding="utf-8"), "html.parser")  # noqa: E731
    return baca


def test_halaman_alur_langkah_bernomor_dan_bertaut(situs_terbangun, sup_alur):
    sup = sup_alur("alur/kelahiran-anak")
    langkah = sup.select("ol.langkah-alur > li > details")
    assert len(langkah) == 6
    assert langkah[0].has_attr("open") and not langkah[1].has_attr("open")
    assert langkah[1].select_one("summary").get_text(" ", strip=True).startswith("2 Langkah 2:")
    assert langkah[1].select_one("a")["href"] == "../../layanan/akta-kelahiran/"
    assert "RT" in sup.select_one("ol.rantai").get_text()
    indeks = sup_alur("alur")
    assert {a["href"].strip("/").split("/")[-1] for a in indeks.select("main .kartu a")} >= set(WAJIB)


def test_halaman_layanan_menyebut_bagian_dari_dengan_tetangga(sup_alur):
    sup = sup_alur("layanan/akta-kelahiran")
    kotak = sup.select_one(".bagian-dari")
    teks = kotak.get_text(" ", strip=True)
    assert "Kelahiran anak" in teks and "langkah 2 dari 6" in teks
    tautan = [a["href"] for a in kotak.select(".tetangga a")]
    assert "../../layanan/sk-kelahiran-desa/" in tautan and "../../layanan/kartu-keluarga/" in tautan
    assert sup_alur("layanan/paspor-baru").select_one(".bagian-dari") is None


def test_alur_rusak_tidak_membangun(katalog, tmp_path):
    katalog.ganti(ALUR, "layanan: akta-uji", "layanan: tidak-ada")
    with pytest.raises(KatalogTidakSah):
        bangun(katalog.folder, tmp_path / "dist", log=lambda *_: None)
    assert not (tmp_path / "dist").exists()
