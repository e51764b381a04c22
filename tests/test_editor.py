"""Scaffolds: every schema field is in the templates, an unfilled template
fails `check` at the lines still to fill in, and a filled one passes."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sipraja.editor import TEMPLAT_INSTANSI, TEMPLAT_LAYANAN, GagalMembuat, baru_instansi, baru_layanan
from sipraja.load import KatalogTidakSah, muat_katalog

AKAR = Path(__file__).resolve().parent.parent
SKEMA = json.loads((AKAR / "schema" / "katalog.schema.json").read_text())


def _nama_kolom(templat):
    return set(re.findall(r"^[\s#-]*([a-z_]+):", templat, flags=re.M))


@pytest.mark.parametrize("defs,templat", [
    (["layanan", "kanal", "pengaduan"], TEMPLAT_LAYANAN),
    (["instansi", "kontak", "pengaduan", "jam_layanan"], TEMPLAT_INSTANSI),
])
def test_templat_memuat_setiap_kolom_skema(defs, templat):
    ada = _nama_kolom(templat)
    for d in defs:
        sk = SKEMA["$defs"][d]
        sk = sk.get("items", sk)
        hilang = set(sk["properties"]) - ada
        assert not hilang, f"{d}: {hilang}"
    if "layanan" in defs:  # catatan_per_kecamatan items too
        assert {"kecamatan", "catatan"} <= ada


def _isi(teks, ident="layanan-baru-uji"):
    """What an editor does: fill every WAJIB field left empty."""
    isian = {
        "nama": "Mengurus Izin Uji", "ringkasan": "Izin untuk pengujian.", "deskripsi": "Penjelasan untuk warga.",
        "tingkat": "opd", "label": "Ajukan daring", "url": "https://www.sidoarjokab.go.id/",
        "waktu": "3 hari kerja", "biaya": "Gratis", "produk": "Surat izin", "singkatan": "Dinbar",
        "alamat": "Jl. Uji No. 1, Sidoarjo", "keterangan": "Sampaikan ke loket pengaduan.",
    }
    for kolom, nilai in isian.items():
        teks = re.sub(rf"^(\s*(?:- )?{kolom}:)(\s+#.*)?$", rf"\g<1> {nilai}\2", teks, flags=re.M)
    teks = re.sub(r"^(\s*- id:)(\s+#.*)?$", rf"\g<1> {ident}\2", teks, flags=re.M)
    teks = re.sub(r"^(\s*kategori:.*\n\s*-)$", r"\1 kesehatan", teks, flags=re.M)
    for kolom, nilai in [("persyaratan", "KTP-el"), ("prosedur", "Isi formulir."), ("dasar_hukum", "Perda Uji")]:
        teks = re.sub(rf"^(\s*{kolom}:.*\n\s*-)$", rf"\1 {nilai}", teks, flags=re.M)
    return teks


def test_layanan_baru_gagal_sebelum_diisi_dan_sah_setelah_diisi(katalog):
    berkas, baris = baru_layanan(katalog.folder, "dinas-uji", "izin-uji", hari_ini="2026-11-28")
    with pytest.raises(KatalogTidakSah) as e:
        muat_katalog(katalog.folder)
    galat = [k for k in e.value.kesalahan if not k.peringatan]
    assert {k.jalur for k in galat} >= {"layanan[2].nama", "layanan[2].persyaratan[0]", "layanan[2].kanal[0].url"}
    assert all(k.baris >= baris for k in galat) and all("belum diisi" in k.pesan for k in galat)
    berkas.write_text(_isi(berkas.read_text()))
    k = muat_katalog(katalog.folder)
    lay = k.layanan["izin-uji"]
    assert lay.instansi.id == "dinas-uji" and lay.diperiksa == "2026-11-28" and lay.status == "aktif"
    assert lay.kanal[0].utama and lay.persyaratan == ["KTP-el"]


def test_layanan_baru_pada_layanan_kosong(katalog):
    berkas = katalog.folder / "instansi" / "kecamatan-sedati.yaml"
    teks = berkas.read_text()
    assert "layanan: []" in teks
    baru_layanan(katalog.folder, "kecamatan-sedati", "sk-baru")
    berkas.write_text(_isi(berkas.read_text(), "sk-baru"))
    assert "sk-baru" in muat_katalog(katalog.folder).layanan


def test_instansi_baru_lewat_perintah(katalog):
    r = subprocess.run([sys.executable, str(AKAR / "build.py"), "baru", "instansi", "dinas-baru", "--jenis", "dinas",
                        "--katalog", str(katalog.folder)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, str(AKAR / "build.py"), "baru", "layanan", "--instansi", "dinas-baru",
                        "--id", "izin-dinas-baru", "--katalog", str(katalog.folder)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    berkas = katalog.folder / "instansi" / "dinas-baru.yaml"
    assert berkas.read_text().startswith("# yaml-language-server: $schema=../../schema/katalog.schema.json\n")
    r = subprocess.run([sys.executable, str(AKAR / "build.py"), "check", "--katalog", str(katalog.folder)],
                       capture_output=True, text=True)
    assert r.returncode == 1 and "dinas-baru.yaml" in r.stderr and "instansi.nama" in r.stderr
    berkas.write_text(_isi(berkas.read_text(), "izin-dinas-baru"))
    k = muat_katalog(katalog.folder)
    assert k.instansi["dinas-baru"].layanan[0].id == "izin-dinas-baru"


def test_penolakan_yang_jelas(katalog):
    with pytest.raises(GagalMembuat, match='Mungkin maksud Anda "dinas-uji"'):
        baru_layanan(katalog.folder, "dinas-ujj")
    with pytest.raises(GagalMembuat, match="sudah dipakai"):
        baru_layanan(katalog.folder, "dinas-uji", "akta-uji")
    with pytest.raises(GagalMembuat, match="sudah ada"):
        baru_instansi(katalog.folder, "dinas-uji")
    with pytest.raises(GagalMembuat, match="tidak sah"):
        baru_instansi(katalog.folder, "Dinas Baru")


def test_templat_di_katalog_asli(tmp_path):
    folder = tmp_path / "catalog"
    shutil.copytree(AKAR / "catalog", folder)
    berkas, _ = baru_layanan(folder, "dispendukcapil", "layanan-uji-asli")
    berkas.write_text(_isi(berkas.read_text(), "layanan-uji-asli"))
    assert "layanan-uji-asli" in muat_katalog(folder).layanan


def test_instansi_baru_tanpa_layanan_sah_dan_menyebut_codeowners(katalog):
    """The scaffold and the messages agree: `layanan: []` is valid, so once the WAJIB fields are
    filled the new file passes; the command tells the editor to regenerate CODEOWNERS."""
    r = subprocess.run([sys.executable, str(AKAR / "build.py"), "baru", "instansi", "dinas-kosong", "--jenis", "dinas",
                        "--katalog", str(katalog.folder)], capture_output=True, text=True)
    assert r.returncode == 0 and "python build.py codeowners" in r.stdout and ".github/CODEOWNERS" in r.stdout
    berkas = katalog.folder / "instansi" / "dinas-kosong.yaml"
    assert re.search(r"^layanan: \[\]", berkas.read_text(), flags=re.M)
    with pytest.raises(KatalogTidakSah) as e:
        muat_katalog(katalog.folder)
    assert "layanan" not in {k.jalur for k in e.value.kesalahan}
    berkas.write_text(_isi(berkas.read_text()))
    assert muat_katalog(katalog.folder).instansi["dinas-kosong"].layanan == []


def test_layanan_tanpa_nilai_tidak_disebut_wajib(katalog):
    baru_instansi(katalog.folder, "dinas-kosong", "dinas")
    berkas = katalog.folder / "instansi" / "dinas-kosong.yaml"
    berkas.write_text(re.sub(r"^layanan: \[\].*$", "layanan:", _isi(berkas.read_text()), flags=re.M))
    with pytest.raises(KatalogTidakSah) as e:
        muat_katalog(katalog.folder)
    k, = [k for k in e.value.kesalahan if k.jalur == "layanan"]
    assert "tulis layanan: []" in k.pesan and "belum diisi" not in k.pesan
