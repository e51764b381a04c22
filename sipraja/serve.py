"""`build.py serve`: build, serve dist/ on localhost, rebuild on change, refresh the browser.

The server reads files by path on every request, so the atomic swap of
dist/ after a full rebuild is picked up without restarting it. A catalogue
error during a rebuild is printed and the last good site stays up.

Refreshing: every HTML response gets one external script,
/__sipraja/muat-ulang.js, added by the server (never written to dist/, so
the published site has no trace of it; it is a same-origin file, so the
page's CSP holds). The script listens to Server-Sent Events on
/__sipraja/peristiwa and reloads the page when the rebuild says the page
it shows has changed.
"""
from __future__ import annotations

import functools
import gc
import io
import json
import os
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .inkremental import Inkremental
from .load import KatalogTidakSah, cetak_kesalahan
from .pipeline import AKAR_PROYEK

DIPANTAU = ("catalog", "templates", "assets", "schema", "sipraja")
JEDA = 0.1  # seconds between looks at the watched files

SKRIP_MUAT_ULANG = b"""// serve mode only (added by the local server, not part of the site)
const sumber = new EventSource("/__sipraja/peristiwa");
sumber.onmessage = (e) => {
  const d = JSON.parse(e.data);
  const di = location.pathname.replace(/index\\.html$/, "");
  if (d.jalur === null || d.jalur.some((j) => di.endsWith("/" + j) || (j === "" && di === "/"))) location.reload();
};
"""
TAG_SKRIP = b'<script type="module" src="/__sipraja/muat-ulang.js"></script>\n</body>'


class Siaran:
    """Rebuild news for every open page (Server-Sent Events)."""

    def __init__(self):
        self._syarat = threading.Condition()
        self._kabar: list = []

    def kirim(self, jalur) -> None:
        with self._syarat:
            self._kabar.append(jalur)
            self._syarat.notify_all()

    def tunggu(self, sejak: int, batas: float):
        with self._syarat:
            self._syarat.wait_for(lambda: len(self._kabar) > sejak, timeout=batas)
            return self._kabar[sejak:], len(self._kabar)

    def jumlah(self) -> int:
        with self._syarat:
            return len(self._kabar)


def _jejak(folder_katalog: Path) -> dict:
    """Fingerprint of every watched file: path -> (mtime, size)."""
    folders = [folder_katalog] + [AKAR_PROYEK / f for f in DIPANTAU[1:]]
    hasil = {}
    for f in folders:
        for akar, _, berkas in os.walk(f):
            for b in berkas:
                p = os.path.join(akar, b)
                try:
                    st = os.stat(p)
                except FileNotFoundError:
                    continue
                hasil[p] = (st.st_mtime_ns, st.st_size)
    return hasil


class _Penangan(SimpleHTTPRequestHandler):
    siaran: Siaran = None

    def do_GET(self):
        jalur = self.path.split("?")[0]
        if jalur == "/__sipraja/muat-ulang.js":
            return self._kirim(SKRIP_MUAT_ULANG, "text/javascript; charset=utf-8")
        if jalur == "/__sipraja/peristiwa":
            return self._peristiwa()
        return super().do_GET()

    def _kirim(self, isi: bytes, jenis: str, kode: int = 200):
        self.send_response(kode)
        self.send_header("Content-Type", jenis)
        self.send_header("Content-Length", str(len(isi)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(isi)

    def _peristiwa(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        sejak = self.siaran.jumlah()
        try:
            while True:
                kabar, sejak = self.siaran.tunggu(sejak, 15)
                pesan = b"".join(b"data: " + json.dumps({"jalur": k}).encode() + b"\n\n" for k in kabar)
                self.wfile.write(pesan or b": tetap\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send_head(self):
        # HTML gets the refresh script; everything else as it is on disk
        jalur = self.translate_path(self.path)
        if os.path.isdir(jalur) and self.path.split("?")[0].endswith("/"):
            jalur = os.path.join(jalur, "index.html")
        if not jalur.endswith(".html") or not os.path.isfile(jalur):
            return super().send_head()
        return self._html(Path(jalur).read_bytes(), 200)

    def _html(self, isi: bytes, kode: int):
        isi = isi.replace(b"</body>", TAG_SKRIP, 1)
        self.send_response(kode)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(isi)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(isi)

    def send_error(self, code, message=None, explain=None):
        halaman = Path(self.directory) / "404.html"
        if code == 404 and halaman.is_file():
            f = self._html(halaman.read_bytes(), 404)
            if self.command != "HEAD":
                self.wfile.write(f.read())
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):  # keep the console for build messages
        pass


def sajikan(katalog: Path, dist: Path, port: int, url_dasar: str | None = None) -> int:
    url_lokal = f"http://127.0.0.1:{port}/"
    # A full pass of the cyclic GC over a 10,000-service model and its caches takes ~0.5 s, and
    # it came in the middle of edits (in the reload, the first pages); serve collects once after
    # each edit's background work instead (Inkremental._pengindeks).
    gc.disable()
    # the files as they were before the first build: an edit saved while it runs, or just as the
    # address is printed, is a change to build (taken after, it was missed until the next edit)
    jejak = _jejak(katalog)
    pembangun = Inkremental(katalog, dist, url_dasar or url_lokal)
    try:
        pembangun.penuh()
    except KatalogTidakSah as e:
        cetak_kesalahan(e.kesalahan)
        print("Situs lama tetap disajikan sampai katalog diperbaiki.")
        if not dist.exists():
            return 1
    siaran = Siaran()
    penangan = functools.partial(type("Penangan", (_Penangan,), {"siaran": siaran}), directory=str(dist.resolve()))
    server = ThreadingHTTPServer(("127.0.0.1", port), penangan)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Situs tersaji di {url_lokal} (Ctrl+C untuk berhenti). Perubahan di catalog/ dibangun ulang otomatis.", flush=True)
    try:
        while True:
            time.sleep(JEDA)
            baru = _jejak(katalog)
            if baru == jejak:
                continue
            berubah = {Path(p) for p in set(baru) | set(jejak) if baru.get(p) != jejak.get(p)}
            jejak = baru
            t0 = time.perf_counter()
            print(f"Perubahan terdeteksi ({len(berubah)} berkas), membangun ulang…", flush=True)
            try:
                pembangun.perbarui(berubah, siaran.kirim)
                print(f"Halaman diperbarui dalam {time.perf_counter() - t0:.2f} s.", flush=True)
            except KatalogTidakSah as e:
                cetak_kesalahan(e.kesalahan)
                print("Situs lama tetap disajikan sampai katalog diperbaiki.", flush=True)
    except KeyboardInterrupt:
        server.shutdown()
    return 0
