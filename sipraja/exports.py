"""Files for crawlers and hosts beside the pages: sitemap.xml, robots.txt."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from .model import Katalog


def tulis_sitemap(keluaran: Path, url_dasar: str, halaman: list[str], katalog: Katalog) -> None:
    diperiksa = {f"layanan/{lay.id}/": lay.diperiksa for lay in katalog.layanan.values()}
    baris = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for jalur in sorted(halaman):
        if jalur == "cari/" or jalur.endswith("/poster/"):
            continue  # a search page without a query has nothing to index; posters are for paper
        lastmod = f"<lastmod>{diperiksa[jalur]}</lastmod>" if jalur in diperiksa else ""
        baris.append(f"  <url><loc>{escape(url_dasar + jalur)}</loc>{lastmod}</url>")
    baris.append("</urlset>")
    (keluaran / "sitemap.xml").write_text("\n".join(baris) + "\n", encoding="utf-8")


def tulis_robots(keluaran: Path, url_dasar: str) -> None:
    akar = urlsplit(url_dasar).path
    (keluaran / "robots.txt").write_text(
        f"User-agent: *\nDisallow: {akar}cari/\n\nSitemap: {url_dasar}sitemap.xml\n", encoding="utf-8")
