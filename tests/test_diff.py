"""`build.py diff BASE_REF`: catalogue changes in human terms, read from a real git repository."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

AKAR = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "data" / "katalog-mini"
INS = "catalog/instansi/dinas-uji.yaml"


def _git(repo, *arg):
    subprocess.run(["git", "-c", "user.name=uji", "-c", "user.email=uji@uji", *arg], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture
def repo(tmp_path):
    shutil.copytree(MINI, tmp_path / "catalog")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "dasar")
    return tmp_path


def _ganti(repo, berkas, lama, baru):
    p = repo / berkas
    t = p.read_text()
    assert lama in t
    p.write_text(t.replace(lama, baru, 1))


def _diff(repo, ref="main"):
    r = subprocess.run([sys.executable, str(AKAR / "build.py"), "diff", ref, "--katalog", str(repo / "catalog")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_tanpa_perubahan(repo):
    assert "Tidak ada perubahan isi katalog." in _diff(repo)


def test_perubahan_kolom_dengan_nilai_lama_dan_baru(repo):
    _ganti(repo, INS, "    biaya: Gratis\n    produk: Akta uji", "    biaya: Rp 10.000\n    produk: Akta uji")
    _ganti(repo, INS, "url: https://uji.go.id/ajukan", "url: https://layanan.contoh.go.id/ajukan")
    _ganti(repo, INS, "      - KTP-el asli\n", "      - KTP-el asli\n      - Kartu Keluarga\n")
    _ganti(repo, INS, 'buka: 08:00', 'buka: "07:30"')
    keluar = _diff(repo)
    assert "### Disuji (catalog/instansi/dinas-uji.yaml)" in keluar
    assert "- layanan `akta-uji` (Membuat Akta Uji):" in keluar
    assert "  - biaya: Gratis -> Rp 10.000" in keluar
    assert "  - kanal utama: https://uji.go.id/ajukan -> https://layanan.contoh.go.id/ajukan" in keluar
    assert '  - persyaratan: + "Kartu Keluarga"' in keluar
    assert "- instansi: jam layanan: " in keluar and '07:30' in keluar
    assert "- domain baru: layanan.contoh.go.id (di catalog/instansi/dinas-uji.yaml)" in keluar
    assert "sk-uji-kecamatan" not in keluar  # unchanged services stay out


def test_layanan_dan_instansi_ditambah_dan_dihapus(repo):
    teks = (repo / INS).read_text()
    awal = teks.index("  - id: sk-uji-kecamatan")
    (repo / INS).write_text(teks[:awal])
    baru = teks.replace("id: dinas-uji", "id: dinas-lain").replace("id: akta-uji", "id: akta-lain")
    (repo / "catalog/instansi/dinas-lain.yaml").write_text(baru)
    keluar = _diff(repo)
    assert "- layanan dihapus `sk-uji-kecamatan`: Mengurus Surat Keterangan Uji di Kecamatan" in keluar
    assert "### Disuji (catalog/instansi/dinas-lain.yaml): instansi baru" in keluar
    assert "- layanan baru `akta-lain`: Membuat Akta Uji" in keluar
    (repo / "catalog/instansi/dinas-lain.yaml").unlink()
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "hapus")
    (repo / INS).unlink()
    assert "instansi dihapus" in _diff(repo, "HEAD")


def test_berkas_rusak_tidak_menghentikan_laporan(repo):
    _ganti(repo, INS, "    biaya: Gratis\n    produk: Akta uji", "    biaya: \"Gratis\n    produk: Akta uji")
    _ganti(repo, "catalog/situs.yaml", "tautan_laporan:", "tautan_laporan:")
    keluar = _diff(repo)
    assert "tidak bisa dibandingkan" in keluar and "dinas-uji.yaml:" in keluar


def test_ref_tidak_ada(repo):
    r = subprocess.run([sys.executable, str(AKAR / "build.py"), "diff", "tidak-ada", "--katalog", str(repo / "catalog")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "tidak-ada" in r.stderr
