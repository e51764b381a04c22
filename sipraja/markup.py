"""Markdown from the catalogue, made safe for a government page.

Two layers, because catalogue text is untrusted: Python-Markdown runs with
its raw-HTML handling removed (so `<script>` is shown as text), then nh3
(ammonia) keeps only a small tag and URL allowlist. Links are checked
against the same policy as every other catalogue URL.
"""
from __future__ import annotations

import re
from html import unescape

import markdown
import nh3

from .links import DomainDiizinkan, masalah_url

TAG = {"p", "ul", "ol", "li", "strong", "em", "a", "br", "code", "blockquote", "h3", "h4"}
ATRIBUT = {"a": {"href"}}
_HREF = re.compile(r'<a [^>]*?href="([^"]*)"')
# Python-Markdown's link patterns are quadratic in unmatched "[" (20,000 take
# a minute) and its list parser recurses once per nesting level (a few
# thousand "- - - ..." overflow the stack): bound both before converting.
KURUNG_MAKS = 50  # links in one text; the largest real description has a handful
ANGGARAN_KURUNG = 200_000  # "[" count x length: ~0.2 s at worst; real descriptions have a handful of links
BERSARANG_MAKS = 8
_AWAL_BERSARANG = re.compile(r"^(?:[ \t]*(?:[-*+]|[0-9]+[.)]|>)(?=[ \t]|$))+")


def _buat_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # raw HTML in catalogue text is displayed, never interpreted
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    # headings inside a service page start below the page's own h2 sections
    md.parser.blockprocessors.deregister("hashheader")
    md.parser.blockprocessors.deregister("setextheader")
    # images would load third-party resources
    md.inlinePatterns.deregister("image_link")
    md.inlinePatterns.deregister("image_reference")
    md.inlinePatterns.deregister("short_image_ref")
    return md


class Markdown:
    """Reusable renderer (building a Markdown instance is the slow part)."""

    def __init__(self, diizinkan: DomainDiizinkan, cache: dict | None = None):
        self._md = _buat_markdown()
        self._diizinkan = diizinkan
        self.href_bermasalah: list[str] = []  # the link of each problem of the last render, to find its line

        # serve mode keeps results between rebuilds; the allowed domains are part of the key
        self._cache = cache
        self._kunci = diizinkan.kunci

    def render(self, teks: str) -> tuple[str, list[str]]:
        """Return safe HTML and the problems found in its links."""
        if self._cache is None:
            return self._render(teks)
        kunci = (self._kunci, teks)
        if kunci not in self._cache:
            self._cache[kunci] = (*self._render(teks), list(self.href_bermasalah))
        html, masalah, self.href_bermasalah = self._cache[kunci]
        self.href_bermasalah = list(self.href_bermasalah)
        return html, list(masalah)

    def _render(self, teks: str) -> tuple[str, list[str]]:
        terlalu_rumit = _terlalu_rumit(teks)
        if terlalu_rumit:
            self.href_bermasalah = [""]
            return "", [terlalu_rumit]
        self._md.reset()
        html = self._md.convert(teks)
        masalah = []
        self.href_bermasalah = []
        for href in _HREF.findall(html):
            href = unescape(href)
            alasan = None if href.startswith("mailto:") else masalah_url(href, self._diizinkan)
            if alasan:
                masalah.append(f"tautan Markdown {href!r}: {alasan}")
                self.href_bermasalah.append(href)
        aman = nh3.clean(
            html,
            tags=TAG,
            attributes=ATRIBUT,
            url_schemes={"https", "mailto"},
            link_rel="noopener noreferrer",
            strip_comments=True,
        )
        return aman, masalah


def _terlalu_rumit(teks: str) -> str | None:
    kurung = teks.count("[")
    if kurung > KURUNG_MAKS or kurung * len(teks) > ANGGARAN_KURUNG:
        return (f"teks memuat terlalu banyak tanda [ ({kurung}) untuk panjangnya ({len(teks)} karakter); "
                "tulis tautan secukupnya atau pecah teksnya")
    for baris in teks.splitlines():
        awal = _AWAL_BERSARANG.match(baris)
        indentasi = len(baris.expandtabs(4)) - len(baris.expandtabs(4).lstrip())
        kedalaman = indentasi // 4 + (len(re.findall(r"[-*+>]|[0-9]+[.)]", awal.group())) if awal else 0)
        if kedalaman > BERSARANG_MAKS:
            return f"daftar atau kutipan Markdown bersarang terlalu dalam (paling dalam {BERSARANG_MAKS} tingkat)"
    return None
