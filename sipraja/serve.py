"""`build.py serve`: build, serve dist/ on localhost, rebuild on change.

The server reads files by path on every request, so the atomic swap of
dist/ after a rebuild is picked up without restarting it. A catalogue
error during a rebuild is printed and the last good site stays up.
"""
from __future__ import annotations

import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .load import KatalogTidakSah, cetak_kesalahan
from .pipeline import AKAR_PROYEK, bangun

DIPANTAU = ("catalog", "templates", "assets", "schema", "sipraja")


def _jejak(folder_katalog: Path) -> tuple:
    """Fingerprint of every watched file (path, mtime, size)."""
    folders = [folder_katalog] + [AKAR_PROYEK / f for f in DIPANTAU[1:]]
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                        for f in folders if f.exists() for p in f.rglob("*") if p.is_file()))


class _Penangan(SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        halaman = Path(self.directory) / "404.html"
        if code == 404 and halaman.is_file():
            isi = halaman.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(isi)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(isi)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):  # keep the console for build messages
        pass


def _bangun_aman(katalog: Path, dist: Path, url_dasar) -> bool:
    try:
        k = bangun(katalog, dist, url_dasar)
        cetak_kesalahan(k.peringatan)
        return True
    except KatalogTidakSah as e:
        cetak_kesalahan(e.kesalahan)
        print("Situs lama tetap disajikan sampai katalog diperbaiki.")
        return False


def sajikan(katalog: Path, dist: Path, port: int, url_dasar: str | None = None) -> int:
    url_lokal = f"http://127.0.0.1:{port}/"
    if not _bangun_aman(katalog, dist, url_dasar or url_lokal) and not dist.exists():
        return 1
    penangan = functools.partial(_Penangan, directory=str(dist.resolve()))
    server = ThreadingHTTPServer(("127.0.0.1", port), penangan)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Situs tersaji di {url_lokal} (Ctrl+C untuk berhenti). Perubahan di catalog/ dibangun ulang otomatis.")
    jejak = _jejak(katalog)
    try:
        while True:
            time.sleep(0.5)
            baru = _jejak(katalog)
            if baru != jejak:
                jejak = baru
                print("Perubahan terdeteksi, membangun ulang…")
                _bangun_aman(katalog, dist, url_dasar or url_lokal)
    except KeyboardInterrupt:
        server.shutdown()
    return 0
