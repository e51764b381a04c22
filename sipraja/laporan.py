"""The "Laporkan kesalahan" link of a service page.

When situs.tautan_laporan is a GitHub "new issue" address, the link opens
the issue form .github/ISSUE_TEMPLATE/laporkan-kesalahan.yml with the
service id, institution and page already filled in (GitHub fills form fields
from query parameters named by the field `id`). Any other tracker gets a
plain title and body, which most trackers accept.
"""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit

TEMPLAT_GITHUB = "laporkan-kesalahan.yml"


def _github_issue_baru(url: str) -> bool:
    b = urlsplit(url)
    return b.hostname == "github.com" and b.path.rstrip("/").endswith("/issues/new")


def tautan_laporan(dasar: str, id_layanan: str, nama_layanan: str, nama_instansi: str, url_halaman: str) -> str:
    judul = f"[{id_layanan}] Koreksi: {nama_layanan}"
    if _github_issue_baru(dasar):
        param = {"template": TEMPLAT_GITHUB, "title": judul, "layanan": id_layanan,
                 "instansi": nama_instansi, "halaman": url_halaman}
    else:
        param = {"title": judul,
                 "body": (f"Layanan: {nama_layanan}\nId: {id_layanan}\nInstansi: {nama_instansi}\nHalaman: {url_halaman}\n\n"
                          "Apa yang salah atau berubah? Sebutkan sumbernya bila ada.\n")}
    pemisah = "&" if urlsplit(dasar).query else "?"
    return f"{dasar}{pemisah}{urlencode(param)}"
