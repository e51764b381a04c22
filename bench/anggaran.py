#!/usr/bin/env python3
"""Budgets on a built site: first round trip, no JavaScript to read, small search script.

    python bench/anggaran.py dist/

Checks every service page, in every language (layanan/ and en/layanan/): its HTML plus the CSS it links, each gzip-compressed
(level 6, as web hosts serve), within 14 KB (the first TCP round trip:
10 packets of ~1.4 KB); readable without JavaScript: the requirements are in
the HTML itself and no script can hold the page back (only JSON-LD data blocks
and the site's own deferred enhancement scripts are allowed); and the search
page's own script within 4 KB compressed.
Exit 1 with the offending pages listed when a budget is broken.
"""
from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

BATAS_HALAMAN = 14 * 1024
BATAS_SKRIP_CARI = 4 * 1024
_CSS = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
_SKRIP = re.compile(r"<script\b([^>]*)>", re.I)


def _skrip_menghalangi(atribut: str) -> bool:
    """A script the page could depend on: inline code, or blocking, or not the site's own."""
    if 'type="application/ld+json"' in atribut:
        return False  # data, never run
    src = re.search(r'src="([^"]+)"', atribut)
    if not src:
        return True
    ditunda = " defer" in atribut or 'type="module"' in atribut
    return not (ditunda and "assets/" in src.group(1) and "//" not in src.group(1))


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def periksa(situs: Path) -> tuple[list[str], dict]:
    masalah = []
    ukuran = []
    css_cache: dict[Path, int] = {}
    for html in sorted([*(situs / "layanan").glob("*/index.html"), *(situs / "en" / "layanan").glob("*/index.html")]):
        isi = html.read_bytes()
        teks = isi.decode("utf-8")
        total = _gz(isi)
        for href in _CSS.findall(teks):
            p = (html.parent / href).resolve()
            if p not in css_cache:
                css_cache[p] = _gz(p.read_bytes())
            total += css_cache[p]
        ukuran.append(total)
        jalur = html.parent.relative_to(situs).as_posix() + "/"
        if total > BATAS_HALAMAN:
            masalah.append(f"{jalur}: HTML+CSS {total} bita terkompresi > {BATAS_HALAMAN}")
        if any(_skrip_menghalangi(a) for a in _SKRIP.findall(teks)):
            masalah.append(f"{jalur}: memuat <script> yang bisa menghalangi; halaman layanan harus terbaca tanpa JavaScript")
        if not re.search(r'<ul class="persyaratan"[^>]*>\s*<li>', teks):
            masalah.append(f"{jalur}: persyaratan tidak ada di HTML; halaman layanan harus terbaca tanpa JavaScript")
    skrip_bita = 0
    for folder in (situs / "cari", situs / "en" / "cari"):
        if not (folder / "index.html").is_file():
            continue
        cari = (folder / "index.html").read_text(encoding="utf-8")
        bita = sum(_gz((folder / s).resolve().read_bytes()) for s in re.findall(r'<script[^>]*src="([^"]+)"', cari))
        skrip_bita = max(skrip_bita, bita)
        if bita > BATAS_SKRIP_CARI:
            masalah.append(f"{folder.relative_to(situs).as_posix()}/: skrip sendiri {bita} bita terkompresi > {BATAS_SKRIP_CARI}")
    if not ukuran:
        masalah.append("tidak ada halaman layanan di situs ini")
    ringkas = {"halaman_layanan": len(ukuran), "terbesar_bita": max(ukuran, default=0),
               "median_bita": sorted(ukuran)[len(ukuran) // 2] if ukuran else 0, "skrip_cari_bita": skrip_bita}
    return masalah, ringkas


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("situs", type=Path, nargs="?", default=Path(__file__).resolve().parent.parent / "dist")
    a = ap.parse_args(argv)
    masalah, ringkas = periksa(a.situs)
    print(ringkas)
    for m in masalah:
        print(m, file=sys.stderr)
    return 1 if masalah else 0


if __name__ == "__main__":
    sys.exit(main())
