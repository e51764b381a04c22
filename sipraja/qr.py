"""QR codes as SVG files, made at build time with no network.

The symbol is encoded by zxing-cpp (the C++ barcode library, as a wheel),
which encodes with zint. The mask is chosen here, not by zint: zint scores
all eight masks by the ISO/IEC 18004 §7.8.3 penalty rules one module at a
time (~0.4 ms a code, most of the code's time); here the code is encoded
once with mask 0, the other seven are that symbol XOR a per-size difference
(the function patterns and format bits depend only on the size), and the
eight are scored with the same rules as whole-symbol bit operations on
Python integers. The mask chosen, and so every byte, is zint's: the tests
compare the two on thousands of addresses.

The SVG is written here: one path of horizontal runs, sized by its viewBox,
so the bytes depend only on the address. Each code holds the page's
published address (url_dasar + path), for a printed checklist or a poster
at the counter.
"""
from __future__ import annotations

import functools
from html import escape
from pathlib import Path

import numpy as np
import zxingcpp

from .keluaran import tulis

FOLDER = "qr"
PINGGIR = 4  # quiet zone in modules, as ISO/IEC 18004 asks
_KE_BIT = bytes.maketrans(b"\x00\xff", b"10")  # zxing-cpp's image: 0 dark, 255 light


def _gambar(url: str, **pilihan) -> tuple[int, bytes]:
    kode = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M", **pilihan)
    gambar = memoryview(kode.to_image(scale=1, add_quiet_zones=False))
    return gambar.shape[1], gambar.tobytes()


def _bit(n: int, mentah: bytes) -> int:
    """The symbol as one integer, 1 = dark, rows of n modules padded by 4 light ones on
    every side (as zint counts the edge as light), most significant bit first."""
    t = mentah.translate(_KE_BIT).decode()
    kosong = "0" * (4 * (n + 8))
    return int(kosong + "0000" + "00000000".join(t[i:i + n] for i in range(0, n * n, n)) + "0000" + kosong, 2)


class _Ukuran:
    """What every symbol of one size shares: where its modules are, and what each mask changes."""

    def __init__(self, n: int, url: str):
        s = self.s = n + 8
        T = s * s
        def bit(r, c): return 1 << (T - 1 - ((r + 4) * s + c + 4))
        self.n, self.semua = n, (1 << T) - 1
        self.kiri = sum(bit(r, c) for r in range(n) for c in range(1, n))  # has a module to its left
        self.atas = sum(bit(r, c) for r in range(1, n) for c in range(n))  # has a module above
        self.kiri_atas = self.kiri & self.atas
        mentah = [_gambar(url, data_mask=k)[1] for k in range(8)]
        x0, b0 = _bit(n, mentah[0]), int.from_bytes(mentah[0], "big")
        self.beda = [_bit(n, m) ^ x0 for m in mentah]  # mask k = mask 0 XOR this
        self.beda_gambar = [int.from_bytes(m, "big") ^ b0 for m in mentah]


_UKURAN: dict[int, _Ukuran] = {}


def _penalti(X: int, u: _Ukuran) -> int:
    """ISO/IEC 18004 §7.8.3.1 penalty, counted as zint counts it (zint qr.c qr_evaluate)."""
    s = u.s
    eq = ~(X ^ (X >> 1)) & u.kiri  # same colour as the module to the left
    w = eq & (eq >> 1) & (eq >> 2) & (eq >> 3)  # ends a run of 5: a run of L >= 5 scores L - 2
    p = w.bit_count() + 2 * (w & ~(eq >> 4)).bit_count()
    ev = ~(X ^ (X >> s)) & u.atas
    w = ev & (ev >> s) & (ev >> 2 * s) & (ev >> 3 * s)
    p += w.bit_count() + 2 * (w & ~(ev >> 4 * s)).bit_count()
    p += 3 * (eq & (eq >> s) & ev & u.kiri_atas).bit_count()  # 2x2 blocks of one colour
    L = X ^ u.semua
    for d in (1, s):  # 1:1:3:1:1 with 4 light modules before or after, in rows, then columns
        pola = X & (L >> d) & (X >> 2 * d) & (X >> 3 * d) & (X >> 4 * d) & (L >> 5 * d) & (X >> 6 * d)
        if pola:
            terang = ((L >> 7 * d) & (L >> 8 * d) & (L >> 9 * d) & (L >> 10 * d)) \
                | ((L << d) & (L << 2 * d) & (L << 3 * d) & (L << 4 * d))
            p += 40 * (pola & terang).bit_count()
    return p + 10 * int(abs(100.0 * X.bit_count() / (u.n * u.n) - 50.0) / 5.0)


def matriks(url: str) -> tuple[int, bytes]:
    """(n, modules): n*n bytes, row after row, 0 dark and 255 light, no quiet zone."""
    n, mentah = _gambar(url, data_mask=0)
    if (u := _UKURAN.get(n)) is None:
        u = _UKURAN[n] = _Ukuran(n, url)
    x0 = _bit(n, mentah)
    nilai = [_penalti(x0 ^ b, u) for b in u.beda]
    k = nilai.index(min(nilai))  # the first lowest, as zint
    return n, (int.from_bytes(mentah, "big") ^ u.beda_gambar[k]).to_bytes(n * n, "big")


@functools.cache
def _tabel() -> np.ndarray:
    # "m<dx> <dy>h<n>" for |dx| < 64, dy 0 or 1, n < 64: the path is mostly lookups
    return np.array([f"m{dx} {dy}h{h}" for dx in range(-64, 64) for dy in (0, 1) for h in range(64)], dtype=object)


def _jalur(n: int, modul: bytes) -> str:
    """The path of dark runs: "M<x> <y>.5h<n>" for the first, then relative moves
    ("m<dx> <dy>h<n>" from the end of the run before). Runs are found with numpy and
    their text looked up: one Python step per run was most of a code's time."""
    gelap = np.zeros((n, n + 2), np.int8)
    gelap[:, 1:-1] = np.frombuffer(modul, np.uint8).reshape(n, n) == 0
    tepi = np.diff(gelap, axis=1).ravel()  # rows of n + 1: 1 where a dark run starts, -1 after it ends
    awal, akhir = np.flatnonzero(tepi == 1), np.flatnonzero(tepi == -1)
    if not len(awal):
        return ""
    y, x = np.divmod(awal, n + 1)
    h = akhir - awal
    dx, dy, h1 = x[1:] - (x[:-1] + h[:-1]), np.diff(y), h[1:]
    kepala = f"M{x[0] + PINGGIR} {y[0] + PINGGIR}.5h{h[0]}"
    if (np.abs(dx) < 64).all() and (dy < 2).all() and (h1 < 64).all():
        return kepala + "".join(_tabel()[((dx + 64) * 2 + dy) * 64 + h1].tolist())
    return kepala + "".join(f"m{a} {b}h{c}" for a, b, c in zip(dx.tolist(), dy.tolist(), h1.tolist()))


def svg(url: str, judul: str) -> bytes:
    n, modul = matriks(url)
    sisi = n + 2 * PINGGIR
    # a white quiet zone on any paper; the viewBox alone lets CSS size the code
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {sisi} {sisi}" class="qr">'
            f"<title>{escape(judul)}</title>"
            f'<path fill="#fff" d="M0 0h{sisi}v{sisi}h-{sisi}z"/>'
            f'<path class="qrline" stroke="#000" d="{_jalur(n, modul)}"/></svg>\n').encode()


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
