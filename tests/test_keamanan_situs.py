"""Safe output: a scan of the whole built site, and the security headers for hosts.

Whatever the catalogue says, the published site must carry only the site's
own scripts, no inline script or handler, no javascript: URL, no resource
from another origin, and outbound links only to allowed domains.
"""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import AKAR
from sipraja.bacayaml import baca_teks
from sipraja.exports import header_keamanan
from sipraja.links import DomainDiizinkan, masalah_url
from sipraja.render import CSP

# attributes that load or navigate to a URL
ATRIBUT_URL = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background", "cite",
               "manifest", "ping"}
REL_SUMBER = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch", "apple-touch-icon"}
_SKEMA_BAHAYA = re.compile(r"^(javascript|vbscript|data|file):", re.I)
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", re.I)


def _bersih(url: str) -> str:
    # browsers ignore whitespace and control characters inside a scheme ("java\tscript:")
    return "".join(c for c in url if not c.isspace() and ord(c) >= 32)


def _asing(url: str) -> bool:
    """True for a URL that leaves the site (another origin, or scheme-relative)."""
    u = _bersih(url)
    return u.startswith("//") or bool(urlsplit(u).scheme and urlsplit(u).scheme not in ("mailto", "tel"))


@pytest.fixture(scope="module")
def berkas_situs(situs_terbangun):
    return sorted(p for p in situs_terbangun.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def halaman_html(berkas_situs):
    return {p: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in berkas_situs if p.suffix == ".html"}


@pytest.fixture(scope="module")
def diizinkan():
    situs = baca_teks("catalog/situs.yaml", (AKAR / "catalog" / "situs.yaml").read_bytes()).data["situs"]
    return DomainDiizinkan(situs["domain_diizinkan"]), set(situs["domain_templat"])


def test_semua_halaman_terpindai(halaman_html):
    assert len(halaman_html) > 200  # every service, institution and theme page, not a sample


def test_csp_di_setiap_halaman(halaman_html):
    for p, sup in halaman_html.items():
        meta = sup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None and meta["content"] == CSP, p
        assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP and "script-src 'self' 'wasm-unsafe-eval'" in CSP


def test_hanya_skrip_situs_sendiri(situs_terbangun, halaman_html):
    for p, sup in halaman_html.items():
        for s in sup.find_all("script"):
            if s.get("type") == "application/ld+json":
                continue  # data, never executed (test_jsonld.py checks its escaping)
            src = s.get("src")
            assert src and not s.get_text(strip=True), f"{p}: skrip sebaris {s}"
            assert not _asing(src), f"{p}: skrip dari luar {src}"
            tujuan = (situs_terbangun / "404.html" if p.name == "404.html" else p).parent
            berkas = (tujuan / src).resolve() if p.name != "404.html" else situs_terbangun / src.lstrip("/")
            assert berkas.is_file() and situs_terbangun in berkas.parents, f"{p}: {src}"


def test_tanpa_handler_sebaris_dan_url_berbahaya(halaman_html):
    for p, sup in halaman_html.items():
        for el in sup.find_all(True):
            for nama, nilai in el.attrs.items():
                assert not nama.lower().startswith("on"), f"{p}: {nama} pada <{el.name}>"
                nilai = " ".join(nilai) if isinstance(nilai, list) else nilai
                if nama.lower() in ATRIBUT_URL:
                    assert not _SKEMA_BAHAYA.match(_bersih(nilai)), f"{p}: {nama}={nilai!r}"
                assert "javascript:" not in _bersih(nilai).lower(), f"{p}: {nama}={nilai!r}"
        assert sup.find("base") is None and sup.find("iframe") is None and sup.find("object") is None, p
        refresh = sup.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)})
        assert refresh is None, p


def test_tanpa_sumber_dari_asal_lain(halaman_html, berkas_situs, situs_terbangun):
    for p, sup in halaman_html.items():
        for el in sup.find_all(["script", "img", "iframe", "source", "video", "audio", "embed", "object", "track", "input"]):
            for nama in ("src", "data", "poster", "srcset"):
                if el.get(nama):
                    assert not _asing(el[nama]), f"{p}: {el}"
        for el in sup.find_all("link"):
            if REL_SUMBER & set(el.get("rel", [])):
                assert not _asing(el["href"]), f"{p}: {el}"
        for form in sup.find_all("form"):
            assert not _asing(form.get("action", "")), f"{p}: {form}"
        for el in sup.find_all(style=True):
            assert "url(" not in el["style"], f"{p}: {el}"
        for gaya in sup.find_all("style"):
            for cocok in _CSS_URL.findall(gaya.get_text()):
                assert not _asing(cocok[0] or cocok[1]), f"{p}: {gaya}"
    for p in berkas_situs:
        if p.suffix == ".css":
            for cocok in _CSS_URL.findall(p.read_text(encoding="utf-8")):
                url = cocok[0] or cocok[1]
                assert not _asing(url) or url.startswith("data:"), f"{p}: {url}"
    # the site's own script fetches only relative paths
    for p in (situs_terbangun / "assets").glob("*.js"):
        assert not re.search(r"https?://", p.read_text(encoding="utf-8")), p


def test_tautan_keluar_diizinkan_dan_aman(halaman_html, diizinkan):
    keluar = 0
    for p, sup in halaman_html.items():
        for a in sup.find_all("a", href=True):
            href = _bersih(a["href"])
            bagian = urlsplit(href)
            if bagian.scheme in ("", "mailto", "tel") and not href.startswith("//"):
                continue
            keluar += 1
            assert bagian.scheme == "https", f"{p}: {href}"
            katalog, templat = diizinkan
            if bagian.hostname == "wa.me":
                # written by the templates, never taken from a catalogue URL: a chat with a
                # schema-checked number, or the share link carrying only a text parameter
                obrolan = re.fullmatch(r"/62[0-9]{8,13}", bagian.path) and not bagian.query
                bagikan = bagian.path == "/" and list(parse_qs(bagian.query)) == ["text"]
                assert "wa.me" in templat and (obrolan or bagikan), f"{p}: {href}"
            elif bagian.hostname == "www.openstreetmap.org":  # the map search link of kantor.py, nothing else
                assert bagian.hostname in templat and bagian.path == "/search" and list(parse_qs(bagian.query)) == ["query"], f"{p}: {href}"
            else:
                assert masalah_url(href, katalog) is None, f"{p}: {href} tidak ada di domain_diizinkan"
            assert {"noopener", "noreferrer"} <= set(a.get("rel", [])), f"{p}: {a}"
    assert keluar > 100  # the scan did meet the outbound links


def test_header_untuk_host(situs_terbangun):
    header = header_keamanan(CSP)
    nama = [n for n, _ in header]
    assert "Content-Security-Policy" in nama and "X-Content-Type-Options" in nama
    csp = dict(header)["Content-Security-Policy"]
    assert csp.startswith(CSP) and "frame-ancestors 'none'" in csp  # the meta tag cannot carry frame-ancestors

    baris = (situs_terbangun / "_headers").read_text(encoding="utf-8").splitlines()
    assert baris[1] == "/*"
    assert [tuple(b.strip().split(": ", 1)) for b in baris[2:]] == header

    nginx = (situs_terbangun / "nginx-keamanan.conf").read_text(encoding="utf-8").splitlines()
    perintah = [b for b in nginx if b and not b.startswith("#")]
    dibaca = [re.fullmatch(r'add_header ([A-Za-z-]+) "([^"]*)" always;', b) for b in perintah]
    assert all(dibaca), perintah
    assert [m.groups() for m in dibaca] == header


# --- the header policy in a real browser ------------------------------------------------------

def _header_dari_berkas(situs) -> list[tuple[str, str]]:
    baris = (situs / "_headers").read_text(encoding="utf-8").splitlines()
    return [tuple(b.strip().split(": ", 1)) for b in baris[baris.index("/*") + 1:] if b.startswith("  ")]


@pytest.fixture(scope="module")
def server_ber_header(situs_terbangun, tmp_path_factory):
    """The built site served with the headers of its own _headers file, plus a page on
    another origin that tries to frame it."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    header = _header_dari_berkas(situs_terbangun)

    class DenganHeader(SimpleHTTPRequestHandler):
        def end_headers(self):
            for nama, nilai in header:
                self.send_header(nama, nilai)
            super().end_headers()

        def log_message(self, *args):
            pass

    class Diam(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    situs = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(DenganHeader, directory=str(situs_terbangun)))
    luar_dir = tmp_path_factory.mktemp("asal-lain")
    alamat = f"http://127.0.0.1:{situs.server_address[1]}/"
    (luar_dir / "index.html").write_text(f'<!doctype html><title>x</title><iframe src="{alamat}"></iframe>', encoding="utf-8")
    luar = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Diam, directory=str(luar_dir)))
    for s in (situs, luar):
        threading.Thread(target=s.serve_forever, daemon=True).start()
    yield alamat, f"http://127.0.0.1:{luar.server_address[1]}/"
    situs.shutdown()
    luar.shutdown()


def test_pencarian_jalan_di_bawah_header_csp(halaman, server_ber_header):
    alamat, _ = server_ber_header
    jawaban = halaman.goto(f"{alamat}cari/?q=akte%20lahir")
    assert "frame-ancestors 'none'" in jawaban.headers["content-security-policy"]
    halaman.wait_for_selector("#hasil-pencarian li a", timeout=15000)
    assert any("Akta Kelahiran" in t for t in halaman.locator("#hasil-pencarian ol > li > a").all_inner_texts()[:3])
    assert halaman.galat == []  # a CSP violation would be reported on the console


def test_header_melarang_bingkai_dari_situs_lain(halaman, server_ber_header):
    alamat, luar = server_ber_header
    with halaman.expect_console_message(lambda m: "frame-ancestors" in m.text, timeout=15000):
        halaman.goto(luar)
    anak = [f for f in halaman.frames if f != halaman.main_frame]
    assert anak, "iframe tidak dibuat"
    termuat = [f for f in anak if f.url.startswith(alamat) and f.evaluate("document.querySelector('h1') !== null")]
    assert termuat == [], "situs bisa dibingkai oleh asal lain"
