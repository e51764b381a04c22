"""Installable and readable offline: web app manifest and the service worker.

The service worker must sit at the site root to cover every page, so it is
moved out of assets/ here; it stores only pages the reader opened (see
assets/sw.js), never the whole site. Its offline page speaks the language
of the page asked for: the words are written into it here, from the
message tables.
"""
from __future__ import annotations

import json
from pathlib import Path

from .bahasa import AWALAN, tabel
from .model import Katalog


def _teks_luring() -> str:
    # developer text, never the catalogue's: it goes into the offline page as it is
    teks = [{"bahasa": b, "awalan": a, **{k: tabel(b)[f"luring.{k}"] for k in ("judul", "h1", "isi")}}
            for b, a in AWALAN.items()]
    return "const TEKS_LURING = " + json.dumps(teks, ensure_ascii=False, separators=(",", ":")) + ";\n"


def tulis_luring(keluaran: Path, katalog: Katalog) -> None:
    sw = keluaran / "assets" / "sw.js"
    (keluaran / "sw.js").write_text(_teks_luring() + sw.read_text(encoding="utf-8"), encoding="utf-8")
    sw.unlink()
    s = katalog.situs
    manifest = {
        "name": f"{s.nama}: layanan publik {s.pemerintah.replace('Pemerintah ', '')}",
        "short_name": s.nama,
        "description": f"{s.nama_panjang}: satu pintu untuk semua layanan publik {s.pemerintah}.",
        "lang": "id",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#073763",
        "icons": [{"src": "assets/ikon.svg", "sizes": "any", "type": "image/svg+xml"}],
    }
    (keluaran / "manifest.webmanifest").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")
