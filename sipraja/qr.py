"""QR codes as SVG files, made at build time with no network.

The symbol is encoded by zxing-cpp (the C++ barcode library, as a wheel):
~0.3 ms a code where the pure-Python segno took 5.5 ms, which was more than
half of the render stage at 10,000 services. The SVG is written here: one
path of horizontal runs, sized by its viewBox, so the bytes depend only on
the address and are the same from build to build. Each code holds the
page's published address (url_dasar + path), for a printed checklist or a
poster at the counter.
"""
from __future__ import annotations

import re
from html import escape
from pathlib import Path

import zxingcpp

from .keluaran import tulis

FOLDER = "qr"
_RUN = re.compile(rb"\x00+|\xff+")  # a run of dark (0) or light (255) modules in a row
PINGGIR = 4  # quiet zone in modules, as ISO/IEC 18004 asks


def matriks(url: str) -> list[bytes]:
    """Rows of the symbol, one byte per module: 0 dark, 255 light (no quiet zone)."""
    kode = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    gambar = memoryview(kode.to_image(scale=1, add_quiet_zones=False))
    lebar = gambar.shape[1]
    mentah = gambar.tobytes()
    return [mentah[i:i + lebar] for i in range(0, len(mentah), lebar)]


def _jalur(baris: list[bytes]) -> str:
    """The path of dark runs: "M<x> <y>.5h<n>" for the first, then relative moves ("m<dx> <dy>h<n>").

    A row's runs are measured and written by C code (findall, map, one format call
    per row), not one Python step per run: this was 60% of a code's time."""
    d = []
    px = py = None  # pen position after the last run: relative moves keep the file small
    for y, b in enumerate(baris, PINGGIR):
        runs = list(map(len, _RUN.findall(b)))  # alternating light and dark, from the row's first module
        awal = 0
        if b[:1] != b"\x00":  # starts light: that run is where the first dark run begins
            awal = runs[0] if runs else 0
            runs = runs[1:]
        if not runs:
            continue  # an all-light row
        if len(runs) % 2 == 0:
            runs.pop()  # trailing light
        ax = awal + PINGGIR
        kepala = f"M{ax} {y}.5h{runs[0]}" if px is None else f"m{ax - px} {y - py}h{runs[0]}"
        d.append(kepala + ("m{} 0h{}" * (len(runs) // 2)).format(*runs[1:]))
        px, py = ax + sum(runs), y
    return "".join(d)


def svg(url: str, judul: str) -> bytes:
    sisi = len(baris := matriks(url)) + 2 * PINGGIR
    # a white quiet zone on any paper; the viewBox alone lets CSS size the code
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {sisi} {sisi}" class="qr">'
            f"<title>{escape(judul)}</title>"
            f'<path fill="#fff" d="M0 0h{sisi}v{sisi}h-{sisi}z"/>'
            f'<path class="qrline" stroke="#000" d="{_jalur(baris)}"/></svg>\n').encode()


def jalur_qr(jalur_halaman: str) -> str:
    """qr/ file for a page path: 'layanan/ktp-el/' -> 'qr/layanan/ktp-el.svg'."""
    return f"{FOLDER}/{jalur_halaman.strip('/')}.svg"


def perlu_qr(jalur: str) -> bool:
    """Service, institution and office pages get a code; lists and posters do not."""
    return jalur.startswith(("layanan/", "instansi/", "kantor/")) and jalur.count("/") >= 2 \
        and not jalur.endswith("poster/")


def tulis_satu(keluaran: Path, url_dasar: str, jalur: str) -> None:
    tulis(keluaran / jalur_qr(jalur), svg(url_dasar + jalur, f"Kode QR ke {url_dasar + jalur}"))


def tulis_qr(keluaran: Path, url_dasar: str, halaman: list[str]) -> int:
    """One code per service, institution and office page in each language
    (`halaman` are the Indonesian paths; English pages are the same under en/); returns how many."""
    from .bahasa import AWALAN
    jumlah = 0
    for jalur in halaman:
        if perlu_qr(jalur):
            for awalan in AWALAN.values():
                tulis_satu(keluaran, url_dasar, awalan + jalur)
                jumlah += 1
    return jumlah
