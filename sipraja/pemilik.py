"""Ownership: .github/CODEOWNERS generated from `pemilik` in the catalogue.

Each institution file names the GitHub users or teams who answer for it;
GitHub then asks them to review every pull request that touches the file.
The portal maintainers (situs.pemilik) own the shared files, the tooling and
any institution file that names no owner. The file is generated, never
edited by hand, and `check` fails when it no longer matches the catalogue.
"""
from __future__ import annotations

from pathlib import Path

from .bacayaml import Kesalahan
from .model import Katalog

KEPALA = ("# Dibuat oleh `python build.py codeowners` dari kolom `pemilik` di catalog/. Jangan disunting langsung:\n"
          "# ubah `pemilik` di berkas instansi (atau situs.pemilik di catalog/situs.yaml), lalu jalankan perintah itu.\n")


def berkas_codeowners(katalog_dir: Path) -> Path:
    return Path(katalog_dir).resolve().parent / ".github" / "CODEOWNERS"


def buat(katalog: Katalog, katalog_dir: Path) -> str:
    """CODEOWNERS text; the last matching line wins on GitHub, so specific lines come last."""
    folder = "/" + Path(katalog_dir).resolve().name
    baris = [KEPALA]
    pengelola = " ".join(katalog.situs.pemilik)
    if pengelola:
        baris.append(f"# Pengelola portal: semua berkas, termasuk katalog bersama dan kode.\n* {pengelola}\n")
    baris.append("\n# Pemilik setiap berkas instansi.\n")
    for ins in sorted(katalog.instansi.values(), key=lambda i: i.berkas):
        pemilik = " ".join(ins.pemilik) or pengelola
        jalur = folder + "/" + ins.berkas.split("/", 1)[1]
        if pemilik:
            baris.append(f"{jalur} {pemilik}\n")
    return "".join(baris)


def periksa(katalog: Katalog, katalog_dir: Path) -> list[Kesalahan]:
    """An error when .github/CODEOWNERS is stale. Only where the catalogue
    lives in a repository with a .github folder (not in a test's copy)."""
    tujuan = berkas_codeowners(katalog_dir)
    if not tujuan.parent.is_dir():
        return []
    harap = buat(katalog, katalog_dir)
    if tujuan.is_file() and tujuan.read_text(encoding="utf-8") == harap:
        return []
    ada, dipakai = (tujuan.read_text(encoding="utf-8").splitlines(), harap.splitlines()) if tujuan.is_file() else ([], [])
    baris = next((i + 1 for i, (a, b) in enumerate(zip(ada, dipakai)) if a != b), min(len(ada), len(dipakai)) + 1)
    sebab = "belum ada" if not tujuan.is_file() else "tidak sesuai dengan kolom pemilik di katalog"
    return [Kesalahan(".github/CODEOWNERS", baris, 1, "pemilik",
                      f".github/CODEOWNERS {sebab}; jalankan `python build.py codeowners` lalu commit berkas itu")]


def tulis(katalog: Katalog, katalog_dir: Path) -> Path:
    tujuan = berkas_codeowners(katalog_dir)
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    tujuan.write_text(buat(katalog, katalog_dir), encoding="utf-8", newline="\n")
    return tujuan
