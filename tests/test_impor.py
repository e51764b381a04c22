"""`build.py impor`: spreadsheet rows back into a catalogue file; export -> import -> export is identity."""
import shutil
import subprocess
import sys

import pytest

from conftest import AKAR
from sipraja.bacayaml import baca_teks
from sipraja.impor import ImporGagal, impor
from sipraja.load import muat_katalog
from sipraja.opendata import layanan_csv

URL = "https://sipraja.sidoarjokab.go.id/"


def cli(*arg):
    return subprocess.run([sys.executable, str(AKAR / "build.py"), "impor", *arg], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def bawaan(tmp_path):
    folder = tmp_path / "catalog"
    shutil.copytree(AKAR / "catalog", folder)
    return folder


@pytest.mark.parametrize("pemisah", [",", ";"], ids=["layanan.csv", "layanan-excel.csv"])
def test_ekspor_impor_ekspor_identik_untuk_semua_instansi(bawaan, tmp_path, pemisah):
    pertama = layanan_csv(muat_katalog(bawaan), URL, pemisah)
    berkas = tmp_path / "layanan.csv"
    berkas.write_text(pertama, encoding="utf-8", newline="")
    asli = {p.stem: baca_teks(p.name, p.read_bytes()).data for p in (bawaan / "instansi").glob("*.yaml")}
    jumlah = 0
    for opd in sorted(asli):
        teks, diambil, dilewati = impor(berkas, opd, bawaan)
        (bawaan / "instansi" / f"{opd}.yaml").write_text(teks, encoding="utf-8")
        jumlah += diambil
        baru = baca_teks(opd, teks.encode()).data
        assert baru["instansi"] == asli[opd]["instansi"]
        urut = lambda d: sorted(d["layanan"] or [], key=lambda x: x["id"])  # noqa: E731
        assert urut(baru) == urut(asli[opd]), opd  # the YAML itself comes back, not only the CSV
    assert jumlah == len(muat_katalog(bawaan).layanan)
    assert layanan_csv(muat_katalog(bawaan), URL, pemisah) == pertama


def test_sel_rumus_dinetralkan_dan_kembali_utuh(katalog, tmp_path):
    import csv
    import io
    rumus = '=HYPERLINK("https://contoh.invalid/","klik")'
    katalog.ganti("instansi/dinas-uji.yaml", "nama: Membuat Akta Uji", f"nama: '{rumus}'")
    katalog.ganti("instansi/dinas-uji.yaml", "produk: Akta uji", "produk: \"@SUM(1+1)\"")
    pertama = layanan_csv(muat_katalog(katalog.folder), URL)
    baris = {b["id"]: b for b in csv.DictReader(io.StringIO(pertama.lstrip("\ufeff"), newline=""))}
    assert baris["akta-uji"]["nama"] == "'" + rumus and baris["akta-uji"]["produk"] == "'@SUM(1+1)"
    berkas = tmp_path / "x.csv"
    berkas.write_text(pertama, encoding="utf-8", newline="")
    teks, _, _ = impor(berkas, "dinas-uji", katalog.folder)
    assert baca_teks("x", teks.encode()).data["layanan"][0]["nama"] == rumus
    (katalog.folder / "instansi" / "dinas-uji.yaml").write_text(teks, encoding="utf-8")
    assert layanan_csv(muat_katalog(katalog.folder), URL) == pertama


def test_cli_menulis_berkas_instansi_dan_bagian_instansi_utuh(bawaan, tmp_path):
    berkas = tmp_path / "dinsos.csv"
    berkas.write_text(layanan_csv(muat_katalog(bawaan), URL), encoding="utf-8", newline="")
    lama = (bawaan / "instansi" / "dinsos.yaml").read_text(encoding="utf-8")
    hasil = cli(str(berkas), "--opd", "dinsos", "--katalog", str(bawaan))
    assert hasil.returncode == 0, hasil.stderr
    assert "layanan ditulis ke" in hasil.stdout and "milik instansi lain dilewati" in hasil.stdout
    baru = (bawaan / "instansi" / "dinsos.yaml").read_text(encoding="utf-8")
    assert baru.split("\nlayanan:")[0] == lama.split("\nlayanan:")[0]  # comments and modeline kept
    assert subprocess.run([sys.executable, str(AKAR / "build.py"), "check", "--katalog", str(bawaan)],
                          capture_output=True, timeout=300).returncode == 0


KEPALA = ("id,instansi,nama,ringkasan,deskripsi,kategori,alias,tingkat,kanal,persyaratan,prosedur,waktu,biaya,produk,"
          "pengaduan_keterangan,pengaduan_url,pengaduan_telepon,pengaduan_whatsapp,pengaduan_email,dasar_hukum,status,"
          "keterangan_status,diperiksa,catatan_per_kecamatan,url_halaman\r\n")
BAIK = ('akta-uji,dinas-uji,Membuat Akta Uji Dua,Ringkasan.,Deskripsi.,kependudukan,,opd,'
        '"web | Ajukan | url=https://uji.go.id/a | utama",KTP-el,Isi formulir.,1 hari kerja,Gratis,Akta,'
        ',,,,,UU 25/2009,aktif,,2026-11-20,,\r\n')


def test_baris_yang_tidak_bisa_diubah_dilaporkan_dengan_baris_dan_kolom(katalog, tmp_path):
    buruk = [
        BAIK.replace("akta-uji,", "Akta Uji 3,"),                            # row 3: id
        BAIK.replace("akta-uji,", "akta-uji-4,").replace(",kependudukan,", ",kependudukn,"),  # row 4: kategori
        BAIK.replace("akta-uji,", "akta-uji-5,").replace("web | Ajukan | url=https://uji.go.id/a | utama",
                                                         "web | Ajukan | url=http://uji.go.id/a | utama"),  # row 5: kanal
        BAIK.replace("akta-uji,", "akta-uji-6,").replace("2026-11-20", "20-11-2026"),  # row 6: diperiksa
        BAIK.replace("akta-uji,", "akta-uji-7,").replace('"web | Ajukan | url=https://uji.go.id/a | utama"', "web"),  # row 7
        BAIK.replace("akta-uji,", "akta-uji-8,").replace(",Gratis,", ",0,"),  # row 8: biaya
        BAIK.replace("akta-uji,", "akta-uji-9,").replace(",,,,,UU", ",,(031) 1,,,UU"),  # row 9: pengaduan
    ]
    berkas = tmp_path / "uji.csv"
    berkas.write_text(KEPALA + BAIK + "".join(buruk), encoding="utf-8")
    sebelum = (katalog.folder / "instansi" / "dinas-uji.yaml").read_bytes()
    with pytest.raises(ImporGagal) as e:
        impor(berkas, "dinas-uji", katalog.folder)
    letak = {(m.baris, m.kolom) for m in e.value.masalah}
    assert {(3, "id"), (4, "kategori"), (5, "kanal"), (6, "diperiksa"), (7, "kanal"), (8, "biaya"),
            (9, "pengaduan_keterangan")} <= letak
    assert not any(m.baris == 2 for m in e.value.masalah)  # the good row is not blamed
    teks = "\n".join(str(m) for m in e.value.masalah)
    assert "uji.csv baris 4, kolom F (kategori)" in teks and "Mungkin maksud Anda \"kependudukan\"" in teks

    hasil = cli(str(berkas), "--opd", "dinas-uji", "--katalog", str(katalog.folder))
    assert hasil.returncode == 1 and "Traceback" not in hasil.stderr
    assert "Impor dibatalkan" in hasil.stderr and "baris 8, kolom M (biaya)" in hasil.stderr
    assert (katalog.folder / "instansi" / "dinas-uji.yaml").read_bytes() == sebelum  # nothing written


def test_excel_indonesia_titik_koma_dan_bom(katalog, tmp_path):
    import csv
    import io
    baris = list(csv.reader(io.StringIO(KEPALA + BAIK, newline="")))
    keluar = io.StringIO()
    csv.writer(keluar, delimiter=";", lineterminator="\r\n").writerows(baris)
    berkas = tmp_path / "excel.csv"
    berkas.write_bytes(b"\xef\xbb\xbf" + keluar.getvalue().encode("utf-8"))
    # the CSV holds one service; the mini catalogue's journey needs the other one
    (katalog.folder / "alur" / "uji-peristiwa.yaml").unlink()
    teks, diambil, _ = impor(berkas, "dinas-uji", katalog.folder)
    assert diambil == 1 and "id: akta-uji\n" in teks
    assert baca_teks("x", teks.encode()).data["layanan"][0]["kanal"] == [
        {"jenis": "web", "label": "Ajukan", "url": "https://uji.go.id/a", "utama": True}]


def test_berkas_bukan_utf8_dan_kolom_hilang(katalog, tmp_path):
    berkas = tmp_path / "ansi.csv"
    berkas.write_bytes(KEPALA.encode() + "akta,dinas-uji,Caf\xe9".encode("cp1252"))
    with pytest.raises(ImporGagal) as e:
        impor(berkas, "dinas-uji", katalog.folder)
    assert "bukan UTF-8" in str(e.value.masalah[0])
    berkas.write_text("id,nama\r\nx,y\r\n", encoding="utf-8")
    with pytest.raises(ImporGagal) as e:
        impor(berkas, "dinas-uji", katalog.folder)
    assert "kolom wajib tidak ada" in str(e.value.masalah[0]) and "kanal" in str(e.value.masalah[0])


def test_instansi_tidak_ada(katalog, tmp_path):
    berkas = tmp_path / "x.csv"
    berkas.write_text(KEPALA + BAIK, encoding="utf-8")
    hasil = cli(str(berkas), "--opd", "dinas-hantu", "--katalog", str(katalog.folder))
    assert hasil.returncode == 1 and "instansi \"dinas-hantu\" belum ada" in hasil.stderr
