"""schema.org JSON-LD for the pages: GovernmentService, GovernmentOrganization, BreadcrumbList.

Written as <script type="application/ld+json">: data, not code, so the CSP
(script-src 'self') does not block it and nothing runs. Catalogue text is
untrusted, so <, > and & are written as \\u003c, \\u003e, \\u0026: a
`</script>` typed into a YAML file cannot end the element.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin

from markupsafe import Markup

from .bahasa import AWALAN, KOSONG, UTAMA, Antarmuka
from .hsds import PROVINSI, alamat_jalan
from .kodejson import ringkas
from .model import HARI, Instansi, JamLayanan, Katalog, Layanan, Wilayah

HARI_SCHEMA = dict(zip(HARI, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]))
# characters that could end the <script> element or break a JS parser, as JSON escapes;
# replaced one at a time (a C scan each): str.translate with a table took 11 us a page
_LOLOS = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
# "Paling lama 5 bulan", "Sekitar 30 menit": a number we can state as an ISO 8601 duration.
# "n hari kerja" is not: ISO 8601 counts calendar time, and n working days are n to ~n+n/2+holidays
# calendar days, so such a service gets no processingTime rather than a wrong one.
_WAKTU = re.compile(r"^(?:paling lama |paling lambat |sekitar |biasanya )?(\d+) (hari kerja|hari|minggu|bulan|jam|menit)\b"
                    r"(?! setiap)", re.I)
_SATUAN = {"hari": "P{}D", "minggu": "P{}W", "bulan": "P{}M", "jam": "PT{}H", "menit": "PT{}M"}
_RUPIAH = re.compile(r"^Rp ?([0-9]{1,3}(?:\.[0-9]{3})*)(?: \(PNBP\))?$")


def skrip(data: dict | None) -> Markup:
    """One JSON-LD element, safe to place in HTML whatever the text contains."""
    if not data:
        return KOSONG
    teks = ringkas({"@context": "https://schema.org", **data})
    for c, ganti in _LOLOS:
        teks = teks.replace(c, ganti)
    return Markup(f'<script type="application/ld+json">{teks}</script>\n')


def durasi(waktu: str) -> str | None:
    m = _WAKTU.match(waktu.strip())
    satuan = _SATUAN.get(m.group(2).lower()) if m else None
    return satuan.format(int(m.group(1))) if satuan else None


def harga(biaya: str) -> str | None:
    if biaya.strip().lower() == "gratis":
        return "0"
    m = _RUPIAH.match(biaya.strip())
    return m.group(1).replace(".", "") if m else None


def _wilayah(w: Wilayah) -> dict:
    return {"@type": "AdministrativeArea", "name": w.nama, "identifier": w.kode}


def _jam(j: JamLayanan) -> dict:
    d = {"@type": "OpeningHoursSpecification",
         "dayOfWeek": [f"https://schema.org/{HARI_SCHEMA[h]}" for h in sorted(j.hari, key=HARI.index)],
         "opens": j.buka, "closes": j.tutup}
    if j.catatan:
        d["description"] = j.catatan
    return d


def _alamat(alamat: str | None, w: Wilayah, terverifikasi: bool = True) -> dict:
    """PostalAddress with streetAddress only when the text is one and the catalogue vouches for it
    (kontak.alamat_terverifikasi: false = it knows only the area); regency and province are always true."""
    d = {"@type": "PostalAddress", "addressLocality": w.nama}
    if terverifikasi and alamat_jalan(alamat):
        d["streetAddress"] = alamat
    provinsi = PROVINSI.get(w.kode.split(".")[0])
    if provinsi:
        d["addressRegion"] = provinsi
    d["addressCountry"] = "ID"
    return d


def _tempat(jenis: str, nama: str, alamat: str, w: Wilayah, terverifikasi: bool = True) -> dict:
    """A Place; a location text that is not a (verified) street address goes in its description, not its address."""
    d = {"@type": jenis, "name": nama, "address": _alamat(alamat, w, terverifikasi)}
    if alamat != nama and "streetAddress" not in d["address"]:
        d["description"] = alamat
    return d


_UI = {UTAMA: Antarmuka(UTAMA)}


def _ui(bahasa: str) -> Antarmuka:
    if bahasa not in _UI:
        _UI[bahasa] = Antarmuka(bahasa)
    return _UI[bahasa]


def _ref_organisasi(ins: Instansi, url: str, ui: Antarmuka) -> dict:
    return {"@type": "GovernmentOrganization", "@id": f"{url}instansi/{ins.id}/#organisasi", "name": ui.isi(ins, "nama"),
            "url": f"{url}instansi/{ins.id}/"}


def layanan(lay: Layanan, url: str, k: Katalog, bahasa: str = UTAMA) -> dict:
    """GovernmentService; on an English page (url ends with en/) names in English where the catalogue has them.
    Duration and price are read from the Indonesian text, which is the catalogue's own."""
    ui = _ui(bahasa)
    halaman = f"{url}layanan/{lay.id}/"
    waktu = durasi(lay.waktu)
    kanal = []
    for x in lay.kanal:
        c = {"@type": "ServiceChannel", "name": ui.isi(x, "label"), "availableLanguage": "id"}
        if x.href and not x.href.startswith("tel:"):
            c["serviceUrl"] = x.href
        if x.telepon:
            c["servicePhone"] = {"@type": "ContactPoint", "telephone": x.telepon}
        if x.jenis == "loket" and lay.dilayani_di:
            # one office per kecamatan (e.g. the KUA): the place is named, its address is on the office pages
            c["serviceLocation"] = {"@type": "Place", "name": ui.isi(x, "tempat") if x.tempat
                                    else ui.label(lay.dilayani_di, "kantor_per_kecamatan")}
        elif x.jenis == "loket":
            tempat = ui.isi(x, "tempat") if x.tempat else None
            c["serviceLocation"] = _tempat("Place", tempat or ui.isi(lay.instansi, "nama"), tempat or lay.instansi.kontak.alamat,
                                           k.wilayah, bool(x.tempat) or lay.instansi.kontak.alamat_terverifikasi)
        if waktu:
            c["processingTime"] = waktu
        kanal.append(c)
    tawaran = {"@type": "Offer", "description": ui.isi(lay, "biaya"), "url": halaman}
    if harga(lay.biaya) is not None:
        tawaran.update(price=harga(lay.biaya), priceCurrency="IDR")
    d = {
        "@type": "GovernmentService", "@id": f"{halaman}#layanan", "name": ui.isi(lay, "nama"),
        "description": ui.isi(lay, "ringkasan"), "url": halaman, "identifier": lay.id,
        "serviceType": [ui.isi(c, "nama") for c in lay.kategori],
        "provider": _ref_organisasi(lay.instansi, url, ui),
        "serviceOperator": {"@id": _ref_organisasi(lay.instansi, url, ui)["@id"]},  # the same node, by reference
        "areaServed": _wilayah(k.wilayah), "jurisdiction": _wilayah(k.wilayah),
        "availableChannel": kanal, "offers": tawaran, "produces": {"@type": "Thing", "name": ui.isi(lay, "produk")},
    }
    if lay.alias:
        d["alternateName"] = ui.isi(lay, "alias")
    return d


def organisasi(ins: Instansi, url: str, k: Katalog, bahasa: str = UTAMA) -> dict:
    ui = _ui(bahasa)
    t = ui.tabel
    halaman = f"{url}instansi/{ins.id}/"
    jam = [_jam(j) for j in ins.jam_layanan]
    alamat = _alamat(ins.kontak.alamat, k.wilayah, ins.kontak.alamat_terverifikasi)
    kontak = {"@type": "ContactPoint", "contactType": t["jsonld.layanan_publik"], "availableLanguage": "id",
              "hoursAvailable": jam}
    if ins.kontak.telepon:
        kontak["telephone"] = ins.kontak.telepon[0]
    if ins.kontak.email:
        kontak["email"] = ins.kontak.email
    p = ins.pengaduan
    aduan = {"@type": "ContactPoint", "contactType": t["jsonld.pengaduan"], "description": ui.isi(p, "keterangan")}
    for kunci, nilai in (("url", p.url), ("telephone", p.telepon), ("email", p.email)):
        if nilai:
            aduan[kunci] = nilai
    d = {
        "@type": "GovernmentOrganization", "@id": f"{halaman}#organisasi", "name": ui.isi(ins, "nama"),
        "alternateName": ins.singkatan, "url": halaman, "address": alamat,
        "areaServed": _wilayah(k.wilayah), "contactPoint": [kontak, aduan],
        # Organization has no opening hours of its own in schema.org: they belong to its office (a Place)
        "location": {**_tempat("GovernmentOffice", t["jsonld.kantor"].format(nama=ui.isi(ins, "nama")), ins.kontak.alamat,
                               k.wilayah, ins.kontak.alamat_terverifikasi),
                     "openingHoursSpecification": jam},
        "makesOffer": [{"@type": "Offer", "itemOffered": {"@id": f"{url}layanan/{x.id}/#layanan", "name": ui.isi(x, "nama")}}
                       for x in ins.layanan],
    }
    if ins.situs:
        d["sameAs"] = ins.situs
    if ins.kontak.telepon:
        d["telephone"] = ins.kontak.telepon[0]
    if ins.kontak.email:
        d["email"] = ins.kontak.email
    if ins.induk:
        d["parentOrganization"] = {"@type": "GovernmentOrganization", "name": ui.isi(ins, "induk")}
    return d


_NAIK = re.compile(r"(?:\.\./)+")


def gabung_url(halaman: str, tautan: str) -> str:
    """urljoin(halaman, tautan). A trail's links are "../" steps up from a folder page, resolved here
    by cutting path segments: urljoin parses both addresses (~4 % of a service page's render)."""
    if halaman.endswith("/") and _NAIK.fullmatch(tautan) and "?" not in halaman and "#" not in halaman:
        skema, pemisah, sisa = halaman.partition("://")
        host, _, jalur = sisa.partition("/")
        bagian = jalur.split("/")[:-1]  # "layanan/x/" -> ["layanan", "x"]
        naik = len(tautan) // 3
        if pemisah and host and naik <= len(bagian) and all(b not in ("", ".", "..") for b in bagian):
            return f"{skema}://{host}/" + "".join(b + "/" for b in bagian[:len(bagian) - naik])
    return urljoin(halaman, tautan)


def remah(daftar, jalur: str | None, url: str, bahasa: str = UTAMA) -> dict | None:
    """BreadcrumbList from the page's own trail; relative links resolved against the page."""
    if jalur is None:
        return None  # the 404 page answers for any address
    halaman = url + jalur
    item = [{"@type": "ListItem", "position": 1, "name": _ui(bahasa).tabel["remah.beranda"], "item": url}]
    for i, (label, tautan) in enumerate(daftar or [], 2):
        item.append({"@type": "ListItem", "position": i, "name": label,
                     "item": gabung_url(halaman, tautan) if tautan else halaman})
    return {"@type": "BreadcrumbList", "itemListElement": item}


def situs_web(k: Katalog, url: str, bahasa: str = UTAMA) -> dict:
    return {"@type": "WebSite", "@id": f"{url}#situs", "name": k.situs.nama, "alternateName": k.situs.nama_panjang,
            "url": url, "inLanguage": bahasa,
            "publisher": {"@type": "GovernmentOrganization", "name": k.situs.pemerintah},
            "potentialAction": {"@type": "SearchAction", "target": f"{url}cari/?q={{search_term_string}}",
                                "query-input": "required name=search_term_string"}}


def fungsi_templat(katalog: Katalog, bahasa: str = UTAMA) -> dict:
    """Globals for the templates of one language: each returns a ready <script> element.
    `url` is the site's address; pages of another language live below its prefix (en/)."""
    def u(url):
        return url.rstrip("/") + "/" + AWALAN[bahasa] if AWALAN[bahasa] else url
    return {
        "ld_remah": lambda daftar, jalur, url: skrip(remah(daftar, jalur, u(url), bahasa)),
        "ld_layanan": lambda lay, url: skrip(layanan(lay, u(url), katalog, bahasa)),
        "ld_instansi": lambda ins, url: skrip(organisasi(ins, u(url), katalog, bahasa)),
        "ld_situs": lambda url: skrip(situs_web(katalog, u(url), bahasa)),
    }
