"""Loader and validator: each class of bad catalogue input is an Indonesian error naming file and line."""
import pytest

from korpus_buruk import LAYANAN_SALINAN
from sipraja.load import KatalogTidakSah, muat_katalog

INS = "instansi/dinas-uji.yaml"


def galat(katalog):
    with pytest.raises(KatalogTidakSah) as e:
        muat_katalog(katalog.folder)
    return [k for k in e.value.kesalahan if not k.peringatan]


def satu(katalog, berkas=INS):
    kesalahan = galat(katalog)
    assert len(kesalahan) == 1, "\n".join(map(str, kesalahan))
    k = kesalahan[0]
    assert k.berkas == f"catalog/{berkas}"
    return k


def test_katalog_mini_sah(katalog):
    k = muat_katalog(katalog.folder)
    assert list(k.layanan) == ["akta-uji", "sk-uji-kecamatan"]
    lay = k.layanan["akta-uji"]
    assert lay.instansi.jam_layanan[0].buka == "08:00"  # unquoted 08:00 stays text, never 480
    assert lay.diperiksa == "2026-11-20"
    assert k.wilayah.kecamatan[0].kantor.id == "kecamatan-sedati"
    assert "<strong>tebal</strong>" in lay.deskripsi_html


def test_kolom_tidak_dikenal_dengan_saran(katalog):
    baris = katalog.ganti(INS, "    biaya: Gratis\n    produk: Akta uji", "    biya: Gratis\n    produk: Akta uji")
    kesalahan = galat(katalog)
    pesan = "\n".join(map(str, kesalahan))
    tidak_dikenal = [k for k in kesalahan if "tidak dikenal" in k.pesan]
    assert tidak_dikenal and tidak_dikenal[0].baris == baris
    assert 'Mungkin maksud Anda "biaya"' in pesan
    assert any('kolom wajib "biaya"' in k.pesan for k in kesalahan)


def test_kolom_wajib_hilang(katalog):
    katalog.ganti(INS, "    produk: Akta uji\n", "")
    k = satu(katalog)
    assert 'kolom wajib "produk"' in k.pesan and k.jalur == "layanan[0]"
    assert k.baris == 19


def test_jenis_salah(katalog):
    baris = katalog.ganti(INS, "    persyaratan:\n      - KTP-el asli", "    persyaratan: KTP-el asli")
    k = satu(katalog)
    assert k.baris == baris and "daftar" in k.pesan and k.jalur == "layanan[0].persyaratan"


def test_enum_salah_ketik(katalog):
    baris = katalog.ganti(INS, "tingkat: opd", "tingkat: kecamatn")
    k = satu(katalog)
    assert k.baris == baris and 'Mungkin maksud Anda "kecamatan"' in k.pesan


def test_kategori_tidak_dikenal(katalog):
    baris = katalog.ganti(INS, "kategori: [kependudukan]", "kategori: [kesehatn]")
    k = satu(katalog)
    assert k.baris == baris and 'Mungkin maksud Anda "kesehatan"' in k.pesan


def test_kode_wilayah_tidak_dikenal(katalog):
    baris = katalog.ganti(INS, 'kode_wilayah: "35.15.17"', 'kode_wilayah: "35.15.71"')
    k = satu(katalog)
    assert k.baris == baris and "wilayah.yaml" in k.pesan


def test_id_layanan_ganda_antar_berkas(katalog):
    katalog.ganti("instansi/kecamatan-sedati.yaml", "layanan: []", LAYANAN_SALINAN)
    k = satu(katalog, "instansi/kecamatan-sedati.yaml")
    assert "akta-uji" in k.pesan and "dinas-uji.yaml:19" in k.pesan and k.baris == 17


def test_id_berkas_tidak_cocok(katalog):
    katalog.ganti(INS, "  id: dinas-uji", "  id: dinas-lain")
    k = satu(katalog)
    assert k.baris == 3 and "nama berkas" in k.pesan


@pytest.mark.parametrize("url, kata", [
    ("javascript:alert(1)", "https"),
    ("data:text/html,x", "https"),
    ("http://uji.go.id/ajukan", "https"),
    ("https://admin:rahasia@uji.go.id/", "sandi"),
    ("https://xn--sdoarjo-c2a.go.id/", "punycode"),
    ("https://uji.go.id.evil.com/", "domain_diizinkan"),
    ("https://uji.go.id:8443/", "port"),
    ("https://uji.go.id/" + "a" * 600, "panjang"),
])
def test_tautan_berbahaya(katalog, url, kata):
    baris = katalog.ganti(INS, "url: https://uji.go.id/ajukan", f"url: {url}")
    kesalahan = galat(katalog)
    assert any(k.baris == baris and kata in k.pesan for k in kesalahan), "\n".join(map(str, kesalahan))


@pytest.mark.parametrize("url", [
    "https://play.google.com/store/apps/details?id=id.go.uji.layanan",
    "https://play.google.com/store/apps/details?id=id.go.uji.layanan&hl=id",
    "https://github.com/contoh/portal/issues/new?template=laporkan-kesalahan.yml&layanan=akta-uji",
    "https://layanan.uji.go.id/a/../b",  # a whole-domain entry: any path
])
def test_tautan_dalam_batas_diterima(katalog, url):
    katalog.ganti(INS, "url: https://uji.go.id/ajukan", f"url: {url}")
    assert muat_katalog(katalog.folder).layanan["akta-uji"].kanal[0].url == url


def test_tautan_domain_templat_bukan_untuk_katalog(katalog):
    """wa.me makes the share link; a catalogue URL to it (a prefilled "send me your OTP") is refused."""
    baris = katalog.ganti(INS, "url: https://uji.go.id/ajukan", "url: https://wa.me/6281234567890?text=kirim%20OTP")
    k = satu(katalog)
    assert k.baris == baris and 'whatsapp: "6281234567890"' in k.pesan


def test_platform_satu_domain_utuh_diperingatkan(katalog):
    baris = katalog.ganti("situs.yaml", "    - github.com/contoh/portal/issues/new", "    - github.com")
    peringatan = [k for k in muat_katalog(katalog.folder).peringatan if "github.com" in k.pesan]
    assert [(k.berkas, k.baris) for k in peringatan] == [("catalog/situs.yaml", baris)]
    assert "awalan alamat" in peringatan[0].pesan


def test_katalog_bawaan_tanpa_platform_utuh():
    from conftest import AKAR
    assert not [k for k in muat_katalog(AKAR / "catalog").peringatan if "siapa saja" in k.pesan]


def test_tautan_markdown_berbahaya(katalog):
    katalog.ganti(INS, "[tautan](https://uji.go.id/info)", "[klik](javascript:alert(1))")
    k = satu(katalog)
    assert k.jalur == "layanan[0].deskripsi" and "javascript" in k.pesan and k.baris == 23  # the line of the link itself


def test_dua_kanal_utama(katalog):
    katalog.ganti(INS, "        label: Datang ke kantor\n", "        label: Datang ke kantor\n        utama: true\n")
    k = satu(katalog)
    # told at the second `utama: true`, naming the first one's line
    assert "tepat satu kanal" in k.pesan and k.jalur == "layanan[0].kanal[1].utama" and k.baris == 34
    assert "di baris 31" in k.pesan


def test_kanal_web_tanpa_url(katalog):
    katalog.ganti(INS, "        url: https://uji.go.id/ajukan\n", "")
    k = satu(katalog)
    assert 'kolom wajib "url"' in k.pesan


@pytest.mark.parametrize("biaya", ["0", "-", "Rp 0", "tidak ada"])
def test_biaya_samar(katalog, biaya):
    katalog.ganti(INS, "biaya: Gratis", f'biaya: "{biaya}"')
    k = satu(katalog)
    assert "Gratis" in k.pesan


def test_boolean_yaml11_di_katalog(katalog):
    baris = katalog.ganti(INS, "        utama: true", "        utama: yes")
    kesalahan = galat(katalog)
    assert kesalahan[0].baris == baris and "boolean" in kesalahan[0].pesan


def test_jam_sexagesimal_tetap_teks_dan_jam_salah_ditolak(katalog):
    baris = katalog.ganti(INS, 'tutup: "15:00"', "tutup: 25:00")
    k = satu(katalog)
    assert k.baris == baris and "JJ:MM" in k.pesan


def test_status_ditutup_perlu_keterangan(katalog):
    katalog.ganti(INS, "    status: aktif\n    diperiksa: 2026-11-20", "    status: ditutup-sementara\n    diperiksa: 2026-11-20")
    k = satu(katalog)
    assert "keterangan_status" in k.pesan


def test_semua_kesalahan_dilaporkan_sekaligus(katalog):
    katalog.ganti(INS, "tingkat: opd", "tingkat: xyz")
    katalog.ganti("instansi/kecamatan-sedati.yaml", "  jenis: kecamatan", "  jenis: kecamatan\n  warna: biru")
    katalog.tulis("instansi/rusak.yaml", "instansi:\n  id: [\n")
    berkas = {k.berkas for k in galat(katalog)}
    assert berkas == {"catalog/instansi/dinas-uji.yaml", "catalog/instansi/kecamatan-sedati.yaml", "catalog/instansi/rusak.yaml"}


def test_semua_kesalahan_satu_berkas_sekaligus(katalog):
    """A schema error no longer hides the same file's cross-reference and link checks."""
    b_kolom = katalog.ganti(INS, "    produk: Akta uji\n", "    produk: Akta uji\n    warna: biru\n") + 1
    b_kategori = katalog.ganti(INS, "kategori: [kependudukan]", "kategori: [kependudukn]")
    b_tautan = katalog.ganti(INS, "url: https://uji.go.id/ajukan", "url: https://uji-go-id.com/ajukan")
    kesalahan = galat(katalog)
    dilihat = sorted((k.baris, k.jalur) for k in kesalahan)
    assert dilihat == [(b_kategori, "layanan[0].kategori[0]"), (b_tautan, "layanan[0].kanal[0].url"),
                       (b_kolom, "layanan[0].warna")], "\n".join(map(str, kesalahan))
    pesan = {k.jalur: k.pesan for k in kesalahan}
    assert "tidak dikenal" in pesan["layanan[0].warna"]
    assert 'Mungkin maksud Anda "kependudukan"' in pesan["layanan[0].kategori[0]"]
    assert "domain_diizinkan" in pesan["layanan[0].kanal[0].url"]


def test_galat_pembaca_tidak_menyembunyikan_sisa_berkas(katalog):
    """An unquoted `yes` is refused where it stands; the schema, link and region checks
    of the rest of the file still run, and nothing is said twice about the refused value
    (no "must be true/false", no "exactly one main channel")."""
    b_yes = katalog.ganti(INS, "        utama: true", "        utama: yes")
    b_enum = katalog.ganti(INS, "tingkat: opd", "tingkat: kecamatn")
    b_tautan = katalog.ganti(INS, "url: https://uji.go.id/ajukan", "url: http://uji.go.id/ajukan")
    b_kode = katalog.ganti(INS, 'kode_wilayah: "35.15.17"', 'kode_wilayah: "35.15.71"')
    kesalahan = galat(katalog)
    assert sorted(k.baris for k in kesalahan) == sorted([b_yes, b_enum, b_tautan, b_kode]), "\n".join(map(str, kesalahan))
    assert [k.pesan for k in kesalahan if k.baris == b_yes][0].startswith("nilai yes tanpa tanda kutip")


def test_karakter_tak_terlihat_tidak_menyembunyikan_kategori(katalog):
    b_zw = katalog.ganti(INS, "nama: Membuat Akta Uji", "nama: Membuat\u200b Akta Uji")
    b_kategori = katalog.ganti(INS, "kategori: [kependudukan]", "kategori: [kependudukn]")
    kesalahan = galat(katalog)
    assert sorted((k.baris, "U+200B" in k.pesan) for k in kesalahan) == [(b_zw, True), (b_kategori, False)]


def test_berkas_asing(katalog):
    katalog.tulis("glosari.yml", "a: 1\n")
    k = satu(katalog, "glosari.yml")
    assert "tidak dikenal" in k.pesan


def test_teks_templat_dan_html_ditolak(katalog):
    # the renderer would show them as text (test_build), but the loader stops them first
    baris = katalog.ganti(INS, "ringkasan: Akta untuk pengujian.", "ringkasan: \"{{ 7*7 }} {% raw %} <script>alert(1)</script>\"")
    kesalahan = galat(katalog)
    assert {k.baris for k in kesalahan} == {baris}
    assert any("tag HTML" in k.pesan for k in kesalahan) and any("templat" in k.pesan for k in kesalahan)
