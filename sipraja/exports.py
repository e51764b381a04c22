"""Files for crawlers and hosts beside the pages: sitemap.xml, robots.txt, security headers."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from .bahasa import AWALAN, UTAMA
from .model import Katalog


def tanggal_halaman(katalog: Katalog) -> dict[str, str]:
    """lastmod per page, from `diperiksa` only: a service's own, a journey's own, the latest of an
    institution's or a theme's services. Other pages have no date in the catalogue and get none
    (never the build time, which would change every build and tell crawlers nothing)."""
    tanggal = {f"layanan/{lay.id}/": lay.diperiksa for lay in katalog.layanan.values()}
    tanggal.update({f"alur/{a.id}/": a.diperiksa for a in katalog.alur.values()})
    for lay in katalog.layanan.values():
        for jalur in (f"instansi/{lay.instansi.id}/", *(f"kategori/{c.id}/" for c in lay.kategori)):
            tanggal[jalur] = max(tanggal.get(jalur, ""), lay.diperiksa)
    return tanggal


BATAS_SITEMAP = 50_000  # URLs in one sitemap file, the sitemaps.org limit (its 50 MB is far off: ~450 bytes a URL)
_URLSET = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


def tulis_sitemap(keluaran: Path, url_dasar: str, halaman: list[str], katalog: Katalog) -> None:
    """Every page in every language (`halaman` are the Indonesian paths), each with its
    language versions as absolute hreflang alternates, the form search engines ask for.

    Past BATAS_SITEMAP URLs (a province or the country: 200,000 pages at 100,000
    services) search engines refuse one file, so sitemap.xml becomes a sitemap index
    of sitemap-1.xml, sitemap-2.xml ... ; robots.txt names sitemap.xml either way."""
    diperiksa = tanggal_halaman(katalog)
    url = []  # (line, lastmod)
    for awalan in AWALAN.values():
        for jalur in sorted(halaman):
            if jalur == "cari/" or jalur.endswith("/poster/"):
                continue  # a search page without a query has nothing to index; posters are for paper
            lastmod = f"<lastmod>{diperiksa[jalur]}</lastmod>" if jalur in diperiksa else ""
            lain = "".join(f'<xhtml:link rel="alternate" hreflang="{b}" href="{escape(url_dasar + a + jalur)}"/>'
                           for b, a in (*AWALAN.items(), ("x-default", AWALAN[UTAMA])))
            url.append((f"  <url><loc>{escape(url_dasar + awalan + jalur)}</loc>{lastmod}{lain}</url>\n",
                        diperiksa.get(jalur, "")))
    for lama in keluaran.glob("sitemap-*.xml"):  # serve mode writes again into the same folder
        lama.unlink()

    def tulis(nama: str, bagian: list) -> None:
        (keluaran / nama).write_text(_URLSET + "".join(b for b, _ in bagian) + "</urlset>\n", encoding="utf-8")

    if len(url) <= BATAS_SITEMAP:
        return tulis("sitemap.xml", url)
    indeks = ['<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    for n, awal in enumerate(range(0, len(url), BATAS_SITEMAP), 1):
        bagian = url[awal:awal + BATAS_SITEMAP]
        tulis(f"sitemap-{n}.xml", bagian)
        terakhir = max(t for _, t in bagian)
        lastmod = f"<lastmod>{terakhir}</lastmod>" if terakhir else ""
        indeks.append(f"  <sitemap><loc>{escape(url_dasar)}sitemap-{n}.xml</loc>{lastmod}</sitemap>\n")
    (keluaran / "sitemap.xml").write_text("".join(indeks) + "</sitemapindex>\n", encoding="utf-8")


def tulis_robots(keluaran: Path, url_dasar: str) -> None:
    akar = urlsplit(url_dasar).path
    (keluaran / "robots.txt").write_text(
        f"User-agent: *\nDisallow: {akar}cari/\n\nSitemap: {url_dasar}sitemap.xml\n", encoding="utf-8")


# Sent as real headers by hosts that read them. The pages' meta tag carries
# the same CSP, but frame-ancestors (clickjacking) and the other headers only
# work as headers, so hosts that can send them should.
def header_keamanan(csp: str) -> list[tuple[str, str]]:
    return [
        ("Content-Security-Policy", f"{csp}; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ("Strict-Transport-Security", "max-age=31536000"),
    ]


def tulis_header(keluaran: Path, csp: str) -> None:
    """`_headers` (Netlify, Cloudflare Pages) and an nginx snippet with the same policy."""
    header = header_keamanan(csp)
    (keluaran / "_headers").write_text(
        "# Header keamanan untuk host yang membaca berkas _headers (Netlify, Cloudflare Pages).\n/*\n"
        + "".join(f"  {nama}: {nilai}\n" for nama, nilai in header), encoding="utf-8")
    (keluaran / "nginx-keamanan.conf").write_text(
        "# Header keamanan portal untuk nginx: `include` di dalam blok server { }.\n"
        "# Catatan: add_header di dalam blok location menimpa yang di sini; ulangi include di sana bila perlu.\n"
        + "".join(f"add_header {nama} \"{nilai}\" always;\n" for nama, nilai in header), encoding="utf-8")


_KOMENTAR_JS = re.compile(r"^[ \t]*//.*\n", re.M)


def salin_aset(sumber: Path, tujuan: Path) -> None:
    """The site's own assets; scripts without their whole-line comments, which
    explain the source to its maintainers but cost every citizen bytes (the
    search script is a third smaller). Only lines that are nothing but a
    comment go, so strings and code are untouched."""
    tujuan.mkdir(parents=True, exist_ok=True)
    for p in sorted(sumber.iterdir()):
        if p.is_file():
            isi = p.read_bytes()
            if p.suffix == ".js":
                isi = _KOMENTAR_JS.sub("", isi.decode("utf-8")).encode("utf-8")
            (tujuan / p.name).write_bytes(isi)
