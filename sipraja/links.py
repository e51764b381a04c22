"""Link checks: which outbound links the portal may publish.

A government portal that links to a look-alike domain is a phishing tool,
so every URL from the catalogue passes this policy before it reaches a page:
https only, no credentials, no odd ports, no internationalised (punycode)
host names, and a target inside the site's allowed list.

On hosts where anyone can publish (GitHub, Play Store, wa.me) a whole-domain
entry would let `github.com/evil/phish` through, so an entry may be narrowed
to a path prefix (`github.com/pemkab-sidoarjo/sipraja/issues/new`) or to one
page with fixed query values (`play.google.com/store/apps/details?id=app.bpjs.mobile`).
Hosts the site's own templates link to (the wa.me share link, OpenStreetMap
search) are `situs.domain_templat`, not open to catalogue URLs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

PANJANG_MAKS = 500
_SPASI = re.compile(r"[\s\x00-\x1f]")  # \s is str.isspace(); one search, not a generator per character
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
# browsers read "\" as "/" and "%2e%2e" as "..": such a path can leave an allowed prefix
_JALUR_MENIPU = re.compile(r"\\|%2e|%2f|%5c|(^|/)\.\.?(/|$)", re.I)
# hosts where anyone can publish a page: a whole-domain entry for them admits phishing
PLATFORM_UMUM = ("github.com", "gist.github.com", "play.google.com", "apps.apple.com", "wa.me", "api.whatsapp.com",
                 "chat.whatsapp.com", "t.me", "docs.google.com", "drive.google.com", "sites.google.com", "forms.gle",
                 "bit.ly", "s.id", "linktr.ee", "www.facebook.com", "www.instagram.com")
_WHATSAPP = {"wa.me", "api.whatsapp.com", "chat.whatsapp.com"}
_DAFTAR_MAKS = 5  # allowed addresses named in one message


@dataclass(frozen=True)
class _Batas:
    """One narrowed entry: a host (or *.suffix) plus a path prefix, or one path with fixed query values."""

    teks: str
    host: str
    jalur: str
    kueri: tuple = ()

    def cocok(self, host: str, jalur: str, kueri: str) -> bool:
        if not _host_cocok(host, self.host):
            return False
        if self.kueri:
            nilai = parse_qsl(kueri, keep_blank_values=True)
            return jalur == self.jalur and all([v for k, v in nilai if k == kunci] == [isi] for kunci, isi in self.kueri)
        if self.jalur.endswith("/"):
            return jalur.startswith(self.jalur)
        return jalur == self.jalur or jalur.startswith(self.jalur + "/")


def _host_cocok(host: str, pola: str) -> bool:
    return host.endswith(pola[1:]) or host == pola[2:] if pola.startswith("*.") else host == pola


class DomainDiizinkan:
    """The allowed list from situs.yaml: `*.go.id` = go.id and below, `host` = that host,
    `host/jalur` = only under that path, `host/jalur?k=v` = that page with that query value.
    `templat` (situs.domain_templat) is only used to explain a refusal."""

    def __init__(self, pola: list[str], templat: list[str] | tuple = ()):
        self.persis: set[str] = set()
        self.akhiran: set[str] = set()
        self.batas: list[_Batas] = []
        for p in pola:
            if "/" not in p:
                (self.akhiran.add(p[2:]) if p.startswith("*.") else self.persis.add(p))
                continue
            host, _, sisa = p.partition("/")
            jalur, _, kueri = ("/" + sisa).partition("?")
            self.batas.append(_Batas(p, host, jalur, tuple(parse_qsl(kueri, keep_blank_values=True))))
        self.templat = tuple(templat)
        self.kunci = (frozenset(pola), self.templat)  # hashable: the Markdown cache depends on it

    def cocok(self, host: str) -> bool:
        """The whole host is allowed (any path)."""
        if host in self.persis:
            return True
        bagian = host.split(".")
        return any(".".join(bagian[i:]) in self.akhiran for i in range(len(bagian)))

    def alasan(self, host: str, jalur: str, kueri: str) -> str | None:
        """Why a link to this host, path and query is not allowed; None when it is."""
        if self.cocok(host):
            return None
        batas = [b for b in self.batas if _host_cocok(host, b.host)]
        if batas:
            if _JALUR_MENIPU.search(jalur):
                return (f"alamat di {host} tidak boleh memuat segmen . atau .., garis miring terbalik atau tanda tersandi "
                        "(%2e, %2f, %5c): peramban membacanya sebagai jalur lain")
            if any(b.cocok(host, jalur, kueri) for b in batas):
                return None
            daftar = " atau ".join(("halaman " if b.kueri else "alamat yang diawali ") + b.teks for b in batas[:_DAFTAR_MAKS])
            if len(batas) > _DAFTAR_MAKS:
                daftar += f" (dan {len(batas) - _DAFTAR_MAKS} lainnya)"
            return (f"di {host} siapa saja bisa membuat halaman, maka hanya {daftar} yang boleh (domain_diizinkan di "
                    "catalog/situs.yaml). Bila alamat ini memang resmi milik instansi pemerintah, minta pengelola portal "
                    "menambahkannya")
        pesan = f"domain {host} tidak ada di daftar domain_diizinkan (catalog/situs.yaml). "
        if host in _WHATSAPP:
            return pesan + ("Untuk kanal WhatsApp, tulis nomornya di kolom whatsapp (misalnya whatsapp: \"6281234567890\"); "
                            "portal membuat tautannya sendiri, tanpa teks pesan")
        if host in self.templat:
            return pesan + f"{host} hanya dipakai tautan buatan portal sendiri (domain_templat), bukan tautan di katalog"
        return pesan + "Pakai situs resmi instansi, atau minta pengelola portal menambahkan domain ini bila memang resmi"


def dari_situs(s: dict) -> DomainDiizinkan:
    """The catalogue's allowed list from situs.yaml's `situs` mapping: built one way
    everywhere, so the Markdown cache keys (DomainDiizinkan.kunci) agree."""
    return DomainDiizinkan(s["domain_diizinkan"], s.get("domain_templat") or ())


def domain_templat(situs) -> DomainDiizinkan:
    """Hosts the site's own templates may link to. A catalogue written before
    `domain_templat` existed listed them in domain_diizinkan; that still works."""
    daftar = situs.domain_templat if situs.domain_templat is not None else situs.domain_diizinkan
    return DomainDiizinkan(daftar)


def peringatan_platform(pola: str) -> str | None:
    """A warning for a whole-domain entry that admits a host where anyone publishes."""
    if "/" in pola:
        return None
    d = DomainDiizinkan([pola])
    platform = next((h for h in PLATFORM_UMUM if d.cocok(h)), None)
    if platform is None:
        return None
    saran = ("pindahkan ke domain_templat bila hanya untuk tombol \"Bagikan ke WhatsApp\"" if platform in _WHATSAPP
             else f"batasi dengan awalan alamat resmi, misalnya {platform}/nama-akun-resmi")
    return (f"\"{pola}\" mengizinkan semua halaman di {platform}, tempat siapa saja bisa membuat halaman "
            f"(tautan phishing ikut lolos); {saran}")


def masalah_url(url: str, diizinkan: DomainDiizinkan | None) -> str | None:
    """Why this URL may not be published, in Indonesian; None when it may."""
    if len(url) > PANJANG_MAKS:
        return f"alamat terlalu panjang ({len(url)} karakter; paling panjang {PANJANG_MAKS})"
    if _SPASI.search(url):
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
    if diizinkan is not None:
        return diizinkan.alasan(host, bagian.path or "/", bagian.query)
    return None
