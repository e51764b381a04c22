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
        # serve mode keeps results between rebuilds; the allowed domains are part of the key
        self._cache = cache
        self._kunci = (frozenset(diizinkan.persis), frozenset(diizinkan.akhiran))

    def render(self, teks: str) -> tuple[str, list[str]]:
        """Return safe HTML and the problems found in its links."""
        if self._cache is None:
            return self._render(teks)
        kunci = (self._kunci, teks)
        if kunci not in self._cache:
            self._cache[kunci] = self._render(teks)
        html, masalah = self._cache[kunci]
        return html, list(masalah)

    def _render(self, teks: str) -> tuple[str, list[str]]:
        self._md.reset()
        html = self._md.convert(teks)
        masalah = []
        for href in _HREF.findall(html):
            href = unescape(href)
            alasan = None if href.startswith("mailto:") else masalah_url(href, self._diizinkan)
            if alasan:
                masalah.append(f"tautan Markdown {href!r}: {alasan}")
        aman = nh3.clean(
            html,
            tags=TAG,
            attributes=ATRIBUT,
            url_schemes={"https", "mailto"},
            link_rel="noopener noreferrer",
            strip_comments=True,
        )
        return aman, masalah
