"""Search index stage: the real Pagefind binary over the written pages.

Pagefind's Python API waits ~100 ms per added file, so the CLI indexes
the whole written folder in one pass. Only elements marked
`data-pagefind-body` (service and institution pages) are indexed.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from pagefind_bin import get_executable

SUBFOLDER = "pagefind"


def tulis_kosakata(situs: Path, katalog) -> None:
    """The vocabulary the search page checks query words against and corrects
    typos with, one small file per first letter (cari/kosakata/a.json ...)."""
    from .glosarium import kosakata_per_huruf
    folder = situs / "cari" / "kosakata"
    folder.mkdir(parents=True, exist_ok=True)
    for huruf, kata in sorted(kosakata_per_huruf(katalog).items()):
        (folder / f"{huruf}.json").write_text(json.dumps(kata, ensure_ascii=False, separators=(",", ":")),
                                             encoding="utf-8")


class GagalIndeks(Exception):
    pass


def buat_indeks(situs: Path, bahasa: str = "id") -> str:
    """Index `situs` into situs/pagefind/; returns Pagefind's own summary."""
    perintah = [str(get_executable()), "--site", str(situs), "--output-subdir", SUBFOLDER,
                "--force-language", bahasa]
    hasil = subprocess.run(perintah, capture_output=True, text=True, timeout=600)
    if hasil.returncode != 0:
        raise GagalIndeks(f"Pagefind gagal (kode {hasil.returncode}):\n{hasil.stdout}\n{hasil.stderr}")
    if not (situs / SUBFOLDER / "pagefind.js").is_file():
        raise GagalIndeks("Pagefind selesai tetapi pagefind.js tidak ada")
    # the stock UIs weigh ~150 KB and are not used: the site has its own small script
    for berkas in sorted([*(situs / SUBFOLDER).glob("pagefind-*ui.*"), situs / SUBFOLDER / "pagefind-highlight.js"]):
        berkas.unlink()
    return hasil.stdout
