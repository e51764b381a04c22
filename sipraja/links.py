"""Link checks: which outbound links the portal may publish.

A government portal that links to a look-alike domain is a phishing tool,
so every URL from the catalogue passes this policy before it reaches a page:
https only, no credentials, no odd ports, no internationalised (punycode)
host names, and a host inside the site's allowed list.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

PANJANG_MAKS = 500
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


class DomainDiizinkan:
    """The allowed-domain list from situs.yaml (`*.go.id` = go.id and below)."""

    def __init__(self, pola: list[str]):
        self.persis = {p for p in pola if not p.startswith("*.")}
        self.akhiran = {p[2:] for p in pola if p.startswith("*.")}

    def cocok(self, host: str) -> bool:
        if host in self.persis:
            return True
        bagian = host.split(".")
        return any(".".join(bagian[i:]) in self.akhiran for i in range(len(bagian)))


def masalah_url(url: str, diizinkan: DomainDiizinkan | None) -> str | None:
    """Why this URL may not be published, in Indonesian; None when it may."""
    if len(url) > PANJANG_MAKS:
        return f"alamat terlalu panjang ({len(url)} karakter; paling panjang {PANJANG_MAKS})"
    if any(c.isspace() or ord(c) < 32 for c in url):
        return "alamat tidak boleh memuat spasi atau karakter kendali"
    try:
        bagian = urlsplit(url)
        port = bagian.port
    except ValueError:
        return "alamat tidak sah"
    skema = bagian.scheme.lower()
    if skema != "https":
        if skema in ("javascript", "data", "vbscript", "file"):
            return f"alamat {skema}: tidak diizinkan; tautan harus ke halaman https"
        saran = f"; bila situsnya mendukung https, tulis https://{url.split('://', 1)[1]}" if skema == "http" and "://" in url else ""
        return f"alamat harus diawali https:// (tautan http atau lainnya tidak aman){saran}"
    if bagian.username is not None or bagian.password is not None or "@" in bagian.netloc:
        return "alamat tidak boleh memuat nama pengguna atau sandi (tanda @ sebelum domain)"
    if port not in (None, 443):
        return f"alamat tidak boleh memakai port khusus (:{port})"
    host = (bagian.hostname or "").rstrip(".")
    if not host:
        return "alamat tidak memuat nama domain"
    if not host.isascii() or any(p.startswith("xn--") for p in host.split(".")):
        return f"domain {host} memakai huruf non-Latin (punycode) yang bisa menyerupai domain lain; tulis domain resminya"
    if not _HOST.match(host):
        return f"domain {host} tidak sah"
    if diizinkan is not None and not diizinkan.cocok(host):
        return (f"domain {host} tidak ada di daftar domain_diizinkan (catalog/situs.yaml). "
                "Pakai situs resmi instansi, atau minta pengelola portal menambahkan domain ini bila memang resmi")
    return None
