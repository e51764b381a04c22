#!/usr/bin/env python3
"""Measure search quality on the real search page in headless Chromium.

Every query of the query set goes through `cari/?q=...` exactly as a citizen
would use it; the ranked links inside #hasil-pencarian are compared with the
service ids a good answer contains. Prints recall@1, recall@3, MRR, the
failed queries, and the bytes a first (cold) and a typical (warm) query
download.

    python scripts/ukur_pencarian.py [--situs dist] [--kueri tests/data/kueri.yaml] [--json out.json]
"""
from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import sys
import threading
from collections import defaultdict
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import yaml

AKAR = Path(__file__).resolve().parent.parent
ARG_CHROMIUM = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"]


class _Diam(SimpleHTTPRequestHandler):
    """Static server that gzips text like any CDN would (Pagefind's own files are pre-compressed)."""

    TEKS = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def log_message(self, *args):
        pass

    def end_headers(self):
        # as a CDN would: lets a second query reuse what the first downloaded
        self.send_header("Cache-Control", "public, max-age=600")
        super().end_headers()

    def send_head(self):
        jalur = Path(self.translate_path(self.path))
        if jalur.is_dir():
            jalur = jalur / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or jalur.suffix not in self.TEKS or not jalur.is_file():
            return super().send_head()
        isi = gzip.compress(jalur.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(jalur)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(isi)))
        self.end_headers()
        return io.BytesIO(isi)


def _id_dari_href(href: str) -> str | None:
    bagian = [b for b in href.split("/") if b]
    return bagian[bagian.index("layanan") + 1] if "layanan" in bagian[:-1] else None


def _tunggu_hasil(page):
    page.wait_for_selector("#hasil-pencarian li a, #bantuan-cari:not([hidden])", timeout=20000)


def ukur(situs: Path, kueri: list[dict], chromium: str = "/usr/bin/chromium", browser=None) -> dict:
    """Run the query set; `browser` lets a test reuse its own Playwright browser."""
    if browser is None:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=chromium, args=ARG_CHROMIUM)
            try:
                return ukur(situs, kueri, chromium, b)
            finally:
                b.close()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Diam, directory=str(situs)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    dasar = f"http://127.0.0.1:{httpd.server_address[1]}/"
    hasil = []
    try:
        bita = _ukur_bita(browser, dasar)
        konteks = browser.new_context()
        page = konteks.new_page()
        for k in kueri:
            page.goto(f"{dasar}cari/?q={quote(k['q'])}")
            _tunggu_hasil(page)
            href = page.eval_on_selector_all("#hasil-pencarian ol > li > a", "els => els.map(e => e.getAttribute('href'))")
            ids = [i for i in map(_id_dari_href, href) if i]
            harap = set(k["harap"])
            peringkat = next((n + 1 for n, i in enumerate(ids) if i in harap), None)
            koreksi = page.evaluate("() => { const e = document.getElementById('koreksi-pencarian'); return e && !e.hidden ? e.textContent : ''; }")
            hasil.append({**k, "hasil": ids[:5], "peringkat": peringkat, "koreksi": koreksi})
        konteks.close()
    finally:
        httpd.shutdown()
    return {"ringkasan": _ringkas(hasil), "bita": bita, "kueri": hasil}


def _ukur_bita(browser, dasar: str) -> dict:
    """Bytes over the wire for a first query (cold cache) and a second one."""
    konteks = browser.new_context()
    page = konteks.new_page()
    total = {"n": 0}

    def catat(resp):
        # context-level, so Pagefind's web worker is counted too; Chromium
        # reports no body size for the worker script, so its header says it
        ukuran = resp.request.sizes()
        badan = ukuran["responseBodySize"] or int(resp.headers.get("content-length", 0))
        total["n"] += badan + ukuran["responseHeadersSize"]
    konteks.on("response", catat)
    page.goto(f"{dasar}cari/?q={quote('akta kelahiran')}")
    _tunggu_hasil(page)
    page.wait_for_load_state("networkidle")
    pertama = total["n"]
    page.goto(f"{dasar}cari/?q={quote('izin usaha')}")
    _tunggu_hasil(page)
    page.wait_for_load_state("networkidle")
    kedua = total["n"] - pertama
    konteks.close()
    return {"kueri_pertama": pertama, "kueri_kedua": kedua}


def _ringkas(hasil: list[dict]) -> dict:
    def metrik(daftar):
        n = len(daftar) or 1
        return {
            "jumlah": len(daftar),
            "recall@1": round(sum(1 for h in daftar if h["peringkat"] == 1) / n, 3),
            "recall@3": round(sum(1 for h in daftar if h["peringkat"] and h["peringkat"] <= 3) / n, 3),
            "mrr": round(sum(1 / h["peringkat"] for h in daftar if h["peringkat"]) / n, 3),
        }
    per_jenis = defaultdict(list)
    for h in hasil:
        per_jenis[h.get("jenis", "-")].append(h)
    return {"semua": metrik(hasil), **{j: metrik(d) for j, d in sorted(per_jenis.items())}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--situs", default=str(AKAR / "dist"))
    ap.add_argument("--kueri", default=str(AKAR / "tests" / "data" / "kueri.yaml"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--json", help="also write the full result here")
    arg = ap.parse_args()
    kueri = yaml.safe_load(Path(arg.kueri).read_text(encoding="utf-8"))["kueri"]
    data = ukur(Path(arg.situs), kueri, arg.chromium)
    print(f"{'jenis':<14}{'n':>5}{'recall@1':>10}{'recall@3':>10}{'MRR':>8}")
    for jenis, m in data["ringkasan"].items():
        print(f"{jenis:<14}{m['jumlah']:>5}{m['recall@1']:>10.3f}{m['recall@3']:>10.3f}{m['mrr']:>8.3f}")
    print(f"\nbita kueri pertama (cache kosong): {data['bita']['kueri_pertama']:,}")
    print(f"bita kueri kedua: {data['bita']['kueri_kedua']:,}")
    gagal = [h for h in data["kueri"] if not h["peringkat"] or h["peringkat"] > 3]
    print(f"\nkueri gagal (bukan di 3 teratas): {len(gagal)}")
    for h in gagal:
        print(f"  [{h.get('jenis', '-')}] {h['q']!r}: harap {h['harap']}, dapat {h['hasil'][:3]}")
    if arg.json:
        Path(arg.json).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
