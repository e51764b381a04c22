#!/usr/bin/env python3
"""What a citizen downloads for a search: the real search page in headless Chromium.

    python bench/unduhan_cari.py dist/ [--q "akta lahir" --q2 "ktp"]

Serves the built folder on 127.0.0.1 with gzip for text files (as any web
host does), opens cari/?q=Q1 in a fresh browser profile, waits for the
result links in #hasil-pencarian, and counts the bytes that went over the
wire, counted by the server itself (headers + compressed bodies; Pagefind
fetches from a Web Worker, which the page's own network log does not see). Then the
second query, cari/?q=Q2, in the same tab: what is cached is not fetched again.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TEKS = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class _Penangan(SimpleHTTPRequestHandler):
    """Static files with gzip for text and a cache lifetime, like a CDN."""

    def end_headers(self):
        self.send_header("Cache-Control", "public, max-age=600")
        super().end_headers()

    def send_head(self):
        jalur = self.translate_path(self.path)
        if os.path.isdir(jalur):
            jalur = os.path.join(jalur, "index.html")
        if not jalur.endswith(TEKS) or "gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(jalur):
            return super().send_head()
        isi = gzip.compress(Path(jalur).read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(jalur))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(isi)))
        self.end_headers()
        import io
        return io.BytesIO(isi)

    def log_message(self, *a):
        pass

    def setup(self):
        super().setup()
        terkirim = self.server.terkirim
        tulis = self.wfile.write

        def hitung(data):
            jalur = self.path.split("?")[0]
            jenis = jalur.rsplit("/", 1)[0] + "/" if "/pagefind/" in jalur and jalur.count("/") > 2 else jalur
            terkirim.append((jenis, len(data)))
            return tulis(data)
        self.wfile.write = hitung


def ukur(situs: Path, kueri: list[str]) -> list[dict]:
    from playwright.sync_api import sync_playwright
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Penangan, directory=str(situs)))
    httpd.terkirim = []
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    dasar = f"http://127.0.0.1:{httpd.server_address[1]}/"
    keluar = []
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            kontek = b.new_context()
            page = kontek.new_page()
            for q in kueri:
                httpd.terkirim.clear()
                page.goto(f"{dasar}cari/?q={q}")
                page.wait_for_selector("#hasil-pencarian li a, #bantuan-cari:not([hidden])", timeout=60000)
                page.wait_for_timeout(300)  # late fragment requests
                hasil = page.locator("#hasil-pencarian ol > li > a").count()
                per = {}
                for jenis, n in httpd.terkirim:
                    per[jenis] = per.get(jenis, 0) + n
                keluar.append({"q": q, "bita": sum(per.values()), "hasil": hasil,
                               "rincian": dict(sorted(per.items(), key=lambda kv: -kv[1])[:8])})
            b.close()
    finally:
        httpd.shutdown()
    return keluar


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("situs", type=Path)
    ap.add_argument("--q", default="akta lahir")
    ap.add_argument("--q2", default="ktp")
    a = ap.parse_args(argv)
    for r in ukur(a.situs, [a.q, a.q2]):
        print(json.dumps(r, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
