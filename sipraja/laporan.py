"""The "Laporkan kesalahan" link of a service page.

When situs.tautan_laporan is a GitHub "new issue" address, the link opens
the issue form .github/ISSUE_TEMPLATE/laporkan-kesalahan.yml with the
service id, institution and page already filled in (GitHub fills form fields
from query parameters named by the field `id`). Any other tracker gets a
plain title and body, which most trackers accept.
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode, urlsplit

TEMPLAT_GITHUB = "laporkan-kesalahan.yml"


def _github_issue_baru(url: str) -> bool:
    b = urlsplit(url)
    return b.hostname == "github.com" and b.path.rstrip("/").endswith("/issues/new")


def tautan_laporan(dasar: str, id_layanan: str, nama_layanan: str, nama_instansi: str, url_halaman: str) -> str:
    return tautan_laporan_halaman(dasar, id_layanan, nama_layanan, nama_instansi, [url_halaman])[0]


@lru_cache(maxsize=8)
def _awal(dasar: str) -> tuple[bool, str]:
    return _github_issue_baru(dasar), "&" if urlsplit(dasar).query else "?"


def tautan_laporan_halaman(dasar: str, id_layanan: str, nama_layanan: str, nama_instansi: str,
                           halaman: list[str]) -> list[str]:
    """The link for one service on each of its pages (one a language): what they share is encoded
    once, as quoting the title and names twice was ~3% of a service page's render."""
    github, pemisah = _awal(dasar)
    judul = f"[{id_layanan}] Koreksi: {nama_layanan}"
    if github:
        awal = f"{dasar}{pemisah}" + urlencode({"template": TEMPLAT_GITHUB, "title": judul, "layanan": id_layanan,
                                                "instansi": nama_instansi})
        return [f"{awal}&{urlencode({'halaman': h})}" for h in halaman]
    return [f"{dasar}{pemisah}" + urlencode({
        "title": judul,
        "body": (f"Layanan: {nama_layanan}\nId: {id_layanan}\nInstansi: {nama_instansi}\nHalaman: {h}\n\n"
                 "Apa yang salah atau berubah? Sebutkan sumbernya bila ada.\n")}) for h in halaman]
