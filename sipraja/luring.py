"""Installable and readable offline: web app manifest and the service worker.

The service worker must sit at the site root to cover every page, so it is
moved out of assets/ here; it stores only pages the reader opened (see
assets/sw.js), never the whole site.
"""
from __future__ import annotations

import json
from pathlib import Path

from .model import Katalog


def tulis_luring(keluaran: Path, katalog: Katalog) -> None:
    (keluaran / "assets" / "sw.js").rename(keluaran / "sw.js")
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
