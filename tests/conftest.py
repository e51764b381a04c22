"""Shared fixtures: a small catalogue to mutate, one build of the bundled catalogue, a local server, a browser."""
from __future__ import annotations

import functools
import os
import shutil
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))

MINI = Path(__file__).resolve().parent / "data" / "katalog-mini"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class KatalogUji:
    """A copy of the mini catalogue that a test can edit by text replacement."""

    def __init__(self, folder: Path):
        self.folder = folder

    def ganti(self, berkas: str, lama: str, baru: str, jumlah: int = 1) -> int:
        """Replace text in one file; returns the 1-based line where `baru` starts."""
        p = self.folder / berkas
        teks = p.read_text(encoding="utf-8")
        assert lama in teks, f"{lama!r} tidak ada di {berkas}"
        awal = teks.index(lama)
        p.write_text(teks.replace(lama, baru, jumlah), encoding="utf-8")
        return teks[:awal].count("\n") + 1

    def tulis(self, berkas: str, isi: str | bytes) -> Path:
        p = self.folder / berkas
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(isi, bytes):
            p.write_bytes(isi)
        else:
            p.write_text(isi, encoding="utf-8")
        return p


@pytest.fixture
def katalog(tmp_path) -> KatalogUji:
    folder = tmp_path / "catalog"
    shutil.copytree(MINI, folder)
    return KatalogUji(folder)


@pytest.fixture(scope="session")
def situs_terbangun(tmp_path_factory) -> Path:
    """The bundled catalogue, built once for the whole session."""
    from sipraja.pipeline import bangun
    dist = tmp_path_factory.mktemp("situs") / "dist"
    bangun(AKAR / "catalog", dist, log=lambda *_: None)
    return dist


class _Diam(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(situs_terbangun) -> str:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Diam, directory=str(situs_terbangun)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def peramban():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium tidak ada di {CHROMIUM}; .ci/run seharusnya memasangnya")
        pytest.skip(f"Chromium tidak ada di {CHROMIUM} (pasang paket Debian `chromium`)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def halaman(peramban):
    konteks = peramban.new_context(viewport={"width": 360, "height": 740})
    page = konteks.new_page()
    page.galat = []
    page.on("pageerror", lambda e: page.galat.append(str(e)))
    page.on("console", lambda m: page.galat.append(m.text) if m.type == "error" else None)
    yield page
    konteks.close()


def objek_dalam(node, syarat):
    """Every dict inside nested JSON data (a schema, a JSON-LD graph) for which syarat(dict) holds."""
    if isinstance(node, dict):
        if syarat(node):
            yield node
        for v in node.values():
            yield from objek_dalam(v, syarat)
    elif isinstance(node, list):
        for v in node:
            yield from objek_dalam(v, syarat)
