"""QR codes as SVG files, made at build time with no network.

Segno is pure Python with no dependencies (no Pillow, no C extension), writes
compact SVG paths and is deterministic, so the codes are byte-identical from
build to build. Each code holds the page's published address (url_dasar +
path), for a printed checklist or a poster at the counter.
"""
from __future__ import annotations

import io
from pathlib import Path

import segno

FOLDER = "qr"


def svg(url: str, judul: str) -> bytes:
    kode = segno.make(url, error="m", micro=False)
    keluar = io.BytesIO()
    # omitsize: the viewBox alone lets CSS size the code; light: a white quiet zone on any paper
    kode.save(keluar, kind="svg", xmldecl=False, omitsize=True, border=4, light="#fff", title=judul, nl=False)
    return keluar.getvalue() + b"\n"


def jalur_qr(jalur_halaman: str) -> str:
    """qr/ file for a page path: 'layanan/ktp-el/' -> 'qr/layanan/ktp-el.svg'."""
    return f"{FOLDER}/{jalur_halaman.strip('/')}.svg"


def tulis_qr(keluaran: Path, url_dasar: str, halaman: list[str]) -> int:
    """One code per service, institution and office page; returns how many."""
    jumlah = 0
    for jalur in halaman:
        if not jalur.startswith(("layanan/", "instansi/", "kantor/")) or jalur.count("/") < 2 or jalur.endswith("poster/"):
            continue
        tujuan = keluaran / jalur_qr(jalur)
        tujuan.parent.mkdir(parents=True, exist_ok=True)
        tujuan.write_bytes(svg(url_dasar + jalur, f"Kode QR ke {url_dasar + jalur}"))
        jumlah += 1
    return jumlah
