"""Mistakes a new OPD editor makes on a real catalogue file, and the
message that must be enough to fix each one without help: file:line:column,
field path, what was expected, and the corrected value or the exact edit."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

AKAR = Path(__file__).resolve().parent.parent
BERKAS = "instansi/dispendukcapil.yaml"


@pytest.fixture
def nyata(tmp_path):
    folder = tmp_path / "catalog"
    shutil.copytree(AKAR / "catalog", folder)
    return folder


def _periksa(folder, ubah):
    p = folder / BERKAS
    teks = p.read_text(encoding="utf-8")
    baru = ubah(teks)
    assert baru != teks
    p.write_text(baru, encoding="utf-8")
    r = subprocess.run([sys.executable, str(AKAR / "build.py"), "check", "--katalog", str(folder)],
                       capture_output=True, text=True)
    assert r.returncode == 1
    galat = [b for b in r.stderr.splitlines() if ": galat" in b]
    assert len(galat) == 1, r.stderr
    m = re.match(r"catalog/instansi/dispendukcapil\.yaml:(\d+):(\d+): galat(?: \[(.*?)\])?: (.*)", galat[0])
    assert m, galat[0]
    return int(m.group(1)), int(m.group(2)), m.group(3), r.stderr.split(": galat", 1)[1]


def _baris(teks, potongan):
    return teks[: teks.index(potongan)].count("\n") + 1


def _ganti(lama, baru):
    return lambda t: t.replace(lama, baru, 1)


def test_1_salah_ketik_kategori(nyata):
    teks = (nyata / BERKAS).read_text()
    b, k, jalur, pesan = _periksa(nyata, _ganti("  - kependudukan\n  alias:", "  - kependudukn\n  alias:"))
    assert b == _baris(teks, "  - kependudukan\n  alias:") and k == 5
    assert jalur == "layanan[0].kategori[0]" and 'Mungkin maksud Anda "kependudukan"' in pesan


def test_2_nama_kolom_salah_ketik_satu_pesan(nyata):
    teks = (nyata / BERKAS).read_text()
    b, k, jalur, pesan = _periksa(nyata, _ganti("  persyaratan:", "  persyaratn:"))
    assert b == _baris(teks, "  persyaratan:") and k == 3 and jalur == "layanan[0].persyaratn"
    assert 'kolom wajib "persyaratan" belum ada' in pesan and "Ganti nama kolom ini menjadi persyaratan:" in pesan


def test_3_indentasi_lebih_satu_spasi(nyata):
    teks = (nyata / BERKAS).read_text()
    b, _, jalur, pesan = _periksa(nyata, _ganti("  tingkat: opd", "   tingkat: opd"))
    assert b == _baris(teks, "  tingkat: opd") and jalur == "layanan[0].tingkat"
    assert "indentasi tidak rata" in pesan and "menjorok 3 spasi" in pesan and "2 spasi" in pesan


def test_4_titik_dua_di_dalam_teks(nyata):
    teks = (nyata / BERKAS).read_text()
    b, _, jalur, pesan = _periksa(nyata, _ganti("  ringkasan: Perekaman data", "  ringkasan: Catatan: Perekaman data"))
    assert b == _baris(teks, "  ringkasan: Perekaman data") and jalur == "layanan[0].ringkasan"
    assert "tanda kutip" in pesan and 'ringkasan: "Catatan: Perekaman' in pesan


def test_5_kutip_tidak_ditutup_ditunjuk_di_barisnya(nyata):
    teks = (nyata / BERKAS).read_text()
    b, _, jalur, pesan = _periksa(nyata, _ganti('tutup: "14:30"', 'tutup: "14:30'))
    assert b == _baris(teks, 'tutup: "14:30"')  # not the line below where libyaml noticed
    assert jalur == "instansi.jam_layanan[0].tutup"
    assert 'belum ditutup' in pesan and 'tutup: "14:30"' in pesan


@pytest.mark.parametrize("salah,benar", [("8.00", "08:00"), ("8:00", "08:00"), ("08.00 WIB", "08:00")])
def test_6_jam_ditulis_dengan_titik(nyata, salah, benar):
    _, _, jalur, pesan = _periksa(nyata, _ganti('buka: "08:00"', f'buka: {salah}'))
    assert jalur == "instansi.jam_layanan[0].buka" and f'Mungkin maksud Anda "{benar}"' in pesan


def test_7_tanggal_gaya_indonesia(nyata):
    b, _, jalur, pesan = _periksa(nyata, lambda t: re.sub(r'diperiksa: "?(\d{4})-(\d\d)-(\d\d)"?',
                                                        r'diperiksa: \3-\2-\1', t, count=1))
    assert jalur == "layanan[0].diperiksa" and re.search(r'Mungkin maksud Anda "\d{4}-\d\d-\d\d"', pesan)


def test_8_daftar_ditulis_satu_baris(nyata):
    _, _, jalur, pesan = _periksa(nyata, lambda t: re.sub(r"  persyaratan:\n(  - .*\n)+",
                                                        "  persyaratan: Fotokopi KTP dan KK\n", t, count=1))
    assert jalur == "layanan[0].persyaratan"
    assert "persyaratan:\n      - Fotokopi KTP dan KK" in pesan


def test_9_kode_wilayah_tanpa_nol(nyata):
    _, _, jalur, pesan = _periksa(nyata, _ganti('kode_wilayah: "35.15.08"', 'kode_wilayah: "35.15.8"'))
    assert jalur == "instansi.kontak.kode_wilayah" and 'Mungkin maksud Anda "35.15.08"' in pesan


def test_10_tidak_ada_kanal_utama(nyata):
    _, _, jalur, pesan = _periksa(nyata, _ganti("utama: true", "utama: false"))
    assert jalur == "layanan[0].kanal" and "utama: true" in pesan and "sekarang ada 0" in pesan


def test_11_tautan_http(nyata):
    _, _, jalur, pesan = _periksa(nyata, _ganti("url: https://www.lapor.go.id/", "url: http://www.lapor.go.id/"))
    assert jalur == "instansi.pengaduan.url" and "tulis https://www.lapor.go.id/" in pesan


def test_kutip_banyak_baris_yang_sah_tidak_disalahkan(katalog):
    """A valid multi-line quoted value above a real error must not be blamed."""
    from sipraja.bacayaml import GagalBaca, baca_teks
    teks = 'a: "satu\n  dua"\nb: x: y\n'
    with pytest.raises(GagalBaca) as e:
        baca_teks("x.yaml", teks.encode())
    k = e.value.kesalahan[0]
    assert k.baris == 3 and "tanda kutip" in k.pesan and "belum ditutup" not in k.pesan


def test_tab_menyebut_kolomnya(nyata):
    _, k, jalur, pesan = _periksa(nyata, _ganti("  tingkat: opd", "\ttingkat: opd"))
    assert k == 1 and jalur == "layanan[0].tingkat" and "tab" in pesan


def test_jalur_perkiraan_sama_dengan_pembaca_yaml():
    """The indentation-only path used for syntax errors agrees with the real parser on every key of every file."""
    from sipraja.bacayaml import baca_teks, teks_jalur
    from sipraja.pesan import jalur_perkiraan
    jumlah = 0
    for f in sorted(AKAR.glob("catalog/instansi/*.yaml")) + [AKAR / "catalog" / "situs.yaml"]:
        teks = f.read_text(encoding="utf-8")
        dok = baca_teks(f.name, teks.encode())
        for jalur, (baris, _) in dok.letak_kunci.items():
            assert jalur_perkiraan(teks, baris - 1) == teks_jalur(jalur), (f.name, baris)
            jumlah += 1
    assert jumlah > 4000


# --- syntax mistakes where libyaml's mark or wording points elsewhere: the message names the edit ---


def test_12_tanpa_spasi_sesudah_titik_dua(nyata):
    teks = (nyata / BERKAS).read_text()
    b, k, jalur, pesan = _periksa(nyata, _ganti("  biaya: Gratis\n", "  biaya:Gratis\n"))
    assert (b, k, jalur) == (_baris(teks, "  biaya: Gratis\n"), 8, "layanan[0].biaya")  # the colon, not `waktu` above
    assert "sesudah titik dua harus ada satu spasi" in pesan and "Tulis biaya: Gratis" in pesan
    assert "baris tanpa titik dua" not in pesan


def test_12b_kesalahan_yang_sama_di_banyak_layanan(nyata):
    """The same slip in every service: no single edit makes the file parse, the first is still named."""
    teks = (nyata / BERKAS).read_text()
    b, k, jalur, pesan = _periksa(nyata, lambda t: t.replace("  biaya: Gratis\n", "  biaya:Gratis\n"))
    assert (b, k, jalur) == (_baris(teks, "  biaya: Gratis\n"), 8, "layanan[0].biaya")
    assert "Tulis biaya: Gratis" in pesan


def test_13_butir_daftar_tanpa_strip(nyata):
    teks = (nyata / BERKAS).read_text()
    b, k, jalur, pesan = _periksa(nyata, _ganti("  - Formulir F-1.02 yang sudah diisi\n", "  Formulir F-1.02 yang sudah diisi\n"))
    baris = _baris(teks, "  - Formulir F-1.02")
    assert (b, k, jalur) == (baris, 3, "layanan[0].persyaratan[2]")
    assert 'tidak diawali tanda "- "' in pesan and "Tulis - Formulir F-1.02 yang sudah diisi" in pesan
    assert f"seperti butir di baris {baris - 1}" in pesan and "titik dua" not in pesan


def test_14_kolom_kurang_satu_tingkat(nyata):
    """`url` of the second channel written at the service's level: libyaml only notices at the
    next `- jenis:`, and an indentation-only guess calls it layanan[0].url[0].jenis."""
    teks = (nyata / BERKAS).read_text()
    lama = "    url: https://plavondukcapil.sidoarjokab.go.id/\n  - jenis: loket"
    b, k, jalur, pesan = _periksa(nyata, _ganti(lama, lama[2:]))
    baris = _baris(teks, lama)
    assert (b, k, jalur) == (baris, 3, "layanan[0].kanal[1].url")
    assert "menjorok 2 spasi, seharusnya 4 spasi" in pesan and f'sejajar dengan "en" di baris {baris - 2}' in pesan
    assert "Tambahkan 2 spasi di awal baris ini" in pesan


@pytest.mark.parametrize("lama,baru,jalur,ubah", [
    ("  kanal:\n  - jenis: loket\n", " kanal:\n  - jenis: loket\n", "layanan[0].kanal", "Tambahkan 1 spasi"),
    ("  - Formulir F-1.02", "   - Formulir F-1.02", "layanan[0].persyaratan[2]", "Hapus 1 spasi"),
    ('    buka: "08:00"\n    tutup: "14:30"', '  buka: "08:00"\n    tutup: "14:30"', "instansi.jam_layanan[0].buka", "Tambahkan 2 spasi"),
    ("    KTP-el berlaku **seumur hidup**", "  KTP-el berlaku **seumur hidup**", "layanan[0].deskripsi", "Tambahkan 2 spasi"),
    ("- id: ktp-el-hilang-rusak\n", "  - id: ktp-el-hilang-rusak\n", "layanan[1]", "Hapus 2 spasi"),
])
def test_15_indentasi_tidak_rata(nyata, lama, baru, jalur, ubah):
    teks = (nyata / BERKAS).read_text()
    b, k, jalur_, pesan = _periksa(nyata, _ganti(lama, baru))
    assert b == _baris(teks, lama) and k == len(baru) - len(baru.lstrip(" ")) + 1 and jalur_ == jalur
    assert "indentasi tidak rata" in pesan and f"{ubah} di awal baris ini" in pesan
    assert "atau ada tanda kutip" not in pesan  # not the general guess


def test_16_tanpa_titik_dua(nyata):
    teks = (nyata / BERKAS).read_text()
    b, _, jalur, pesan = _periksa(nyata, _ganti("  persyaratan:\n  - Sudah", "  persyaratan\n  - Sudah"))
    assert b == _baris(teks, "  persyaratan:\n  - Sudah") and jalur == "layanan[0].persyaratan"
    assert 'titik dua sesudah nama kolom "persyaratan" tidak ada' in pesan


def test_17_kolom_yang_sah_tetapi_salah_tempat(nyata):
    """Indented one level too little yet still valid YAML: the schema error says where it belongs."""
    teks = (nyata / BERKAS).read_text()
    lama = "    url: https://www.lapor.go.id/\n  sumber:"
    b, _, jalur, pesan = _periksa(nyata, _ganti(lama, lama[2:]))
    assert b == _baris(teks, lama) and jalur == "instansi.url"
    assert "instansi.pengaduan.url" in pesan and 'sejajar dengan "en"' in pesan and "Tambahkan 2 spasi" in pesan


def test_18_dua_kanal_utama_disebut_barisnya(nyata):
    teks = (nyata / BERKAS).read_text()
    lama = "    url: https://plavondukcapil.sidoarjokab.go.id/\n"
    b, k, jalur, pesan = _periksa(nyata, _ganti(lama, lama + "    utama: true\n"))
    pertama = _baris(teks, "    utama: true")
    assert (b, k, jalur) == (_baris(teks, lama) + 1, 5, "layanan[0].kanal[1].utama")
    assert f"di baris {pertama}" in pesan and 'kanal ke-2 ("Ajukan berkas lewat Plavon Dukcapil")' in pesan
    assert "tepat satu kanal" in pesan


def test_perbaikan_tidak_menebak_bila_tidak_ada_yang_cocok():
    """A syntax error no single edit fixes keeps a general message, never a wrong fix."""
    from sipraja.bacayaml import GagalBaca, baca_teks
    teks = "instansi:\n  id: x\n  kontak:\n    alamat: a\n   telepon: [b\n  nama: c\n"
    with pytest.raises(GagalBaca) as e:
        baca_teks("x.yaml", teks.encode())
    k = e.value.kesalahan[0]
    assert k.baris == 5 and "seharusnya" not in k.pesan
    assert "baris ini menjorok 3 spasi, baris 4 menjorok 4 spasi" in k.pesan  # still says what differs
