"""Ownership: `pemilik` per institution -> .github/CODEOWNERS; check fails when it is stale."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sipraja import pemilik
from sipraja.load import KatalogTidakSah, muat_katalog

AKAR = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "data" / "katalog-mini"


def _build(*arg):
    return subprocess.run([sys.executable, str(AKAR / "build.py"), *arg], capture_output=True, text=True)


@pytest.fixture
def repo(tmp_path):
    shutil.copytree(MINI, tmp_path / "catalog")
    (tmp_path / ".github").mkdir()
    return tmp_path


def test_codeowners_repositori_ini_mutakhir():
    k = muat_katalog(AKAR / "catalog")
    assert pemilik.periksa(k, AKAR / "catalog") == []
    assert all(i.pemilik for i in k.instansi.values()) and k.situs.pemilik


def test_check_gagal_bila_codeowners_usang_lalu_lulus_setelah_dibuat(repo):
    katalog = str(repo / "catalog")
    r = _build("check", "--katalog", katalog)
    assert r.returncode == 1 and ".github/CODEOWNERS:1:1" in r.stderr and "python build.py codeowners" in r.stderr
    assert _build("codeowners", "--katalog", katalog).returncode == 0
    assert _build("check", "--katalog", katalog).returncode == 0
    teks = (repo / ".github" / "CODEOWNERS").read_text()
    # no owner named anywhere yet: institution lines fall back to nobody, so none are written
    assert "/catalog/instansi/dinas-uji.yaml" not in teks

    berkas = repo / "catalog" / "instansi" / "dinas-uji.yaml"
    berkas.write_text(berkas.read_text().replace("  jenis: dinas\n", '  jenis: dinas\n  pemilik: ["@contoh-org/tim-uji", "@budi"]\n'))
    r = _build("check", "--katalog", katalog)
    assert r.returncode == 1 and "tidak sesuai" in r.stderr
    assert _build("codeowners", "--katalog", katalog).returncode == 0
    assert "/catalog/instansi/dinas-uji.yaml @contoh-org/tim-uji @budi\n" in (repo / ".github" / "CODEOWNERS").read_text()
    assert _build("check", "--katalog", katalog).returncode == 0


def test_pengelola_portal_menjadi_cadangan(repo):
    situs = repo / "catalog" / "situs.yaml"
    situs.write_text(situs.read_text().rstrip("\n") + '\n  pemilik: ["@contoh-org/portal"]\n')
    teks = pemilik.buat(muat_katalog(repo / "catalog"), repo / "catalog")
    assert "* @contoh-org/portal\n" in teks and "/catalog/instansi/dinas-uji.yaml @contoh-org/portal\n" in teks
    assert teks.index("* @contoh-org/portal") < teks.index("/catalog/instansi/")  # last match wins on GitHub


@pytest.mark.parametrize("nilai", ['"pemkab-sidoarjo/tim"', '"@tim sidoarjo"', "[]"])
def test_pemilik_salah_tulis(katalog, nilai):
    baris = katalog.ganti("instansi/dinas-uji.yaml", "  jenis: dinas\n", f"  jenis: dinas\n  pemilik: {nilai if nilai == '[]' else '[' + nilai + ']'}\n") + 1
    with pytest.raises(KatalogTidakSah) as e:
        muat_katalog(katalog.folder)
    k = [k for k in e.value.kesalahan if not k.peringatan]
    assert len(k) == 1 and k[0].baris == baris and k[0].jalur.startswith("instansi.pemilik")
    assert "@organisasi/tim" in k[0].pesan or "sekurang-kurangnya 1" in k[0].pesan
