"""Places: "Kantor saya", one page per kecamatan and per desa/kelurahan.

Most residents still go to an office, so each village page says which
office finishes which level of service (SIPRAJA tipe A at the kantor
desa/kelurahan, tipe B at the kantor kecamatan, tipe C at the OPD or the
MPP, marriage at the kecamatan's KUA), with address, hours and a plain OpenStreetMap
search link (no map script). Only facts in the catalogue are shown as
facts; what the catalogue does not know (a village office's street address)
is said to be unknown.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from .bahasa import Pesan
from .kodejson import ringkas
from .links import DomainDiizinkan, domain_templat
from .model import HARI, Desa, JamLayanan, Katalog, Kecamatan

OSM_CARI = "https://www.openstreetmap.org/search?query="
ID_MPP = "mpp-sidoarjo"
# the Lapindo mudflow (since 2006) covered villages in these kecamatan; they left the Kemendagri data
KECAMATAN_LAPINDO = {"Porong", "Jabon", "Tanggulangin"}


def slug(teks: str) -> str:
    t = unicodedata.normalize("NFKD", teks).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")


@dataclass
class Tempat:
    """A kecamatan or desa/kelurahan with its page path."""

    jalur: str
    kecamatan: Kecamatan
    desa: Desa | None = None


def daftar_tempat(wilayah) -> tuple[dict[str, str], dict[str, str]]:
    """Page paths by Kemendagri code: kantor/<kecamatan>/ and kantor/<kecamatan>/<desa>/.
    A name that repeats inside one kecamatan gets its code appended."""
    kec_jalur, desa_jalur = {}, {}
    for kec in wilayah.kecamatan:
        kec_jalur[kec.kode] = f"kantor/{slug(kec.nama)}/"
        dipakai: set[str] = set()
        for d in kec.desa:
            s = slug(d.nama)
            if s in dipakai:
                s = f"{s}-{d.kode.rsplit('.', 1)[-1]}"
            dipakai.add(s)
            desa_jalur[d.kode] = f"{kec_jalur[kec.kode]}{s}/"
    return kec_jalur, desa_jalur


def tautan_peta(diizinkan: DomainDiizinkan, *bagian: str) -> str | None:
    """OpenStreetMap search link, only when situs.yaml allows the domain (domain_templat)."""
    if not diizinkan.cocok("www.openstreetmap.org"):
        return None
    return OSM_CARI + quote(", ".join(bagian), safe="")


def jam_json(jam: list[JamLayanan]) -> str:
    """Structured hours for assets/jam.js: day numbers 1=Senin..7=Minggu."""
    return ringkas([{"h": [HARI.index(h) + 1 for h in j.hari], "b": j.buka, "t": j.tutup} for j in jam])


def periksa_kantor(pencatat, dok_wilayah, katalog: Katalog) -> None:
    """Every kecamatan page names its kantor kecamatan and (when some service is
    delivered at the KUA) its KUA institution; say which are missing.
    A warning, not an error: a new regency may add its files one by one."""
    perlu_kua = any(x.dilayani_di == "kua" for x in katalog.layanan.values())
    for i, kec in enumerate(katalog.wilayah.kecamatan):
        for ada, jenis, apa in ((kec.kantor, "kecamatan", "kantornya"), (kec.kua if perlu_kua else True, "kua", "KUA-nya")):
            if ada is None:
                pencatat.salah(dok_wilayah, ("wilayah", "kecamatan", i, "kode"),
                               f"Kecamatan {kec.nama} ({kec.kode}) belum punya berkas instansi berjenis {jenis} dengan "
                               f"kontak.kode_wilayah ini; halaman Kantor saya tidak bisa menyebut alamat {apa}",
                               peringatan=True)
    if ID_MPP not in katalog.instansi:
        pencatat.salah(dok_wilayah, (), f"instansi \"{ID_MPP}\" tidak ada; halaman Kantor saya tidak akan menyebutnya",
                       peringatan=True)


def tulis_halaman_kantor(tulis, katalog: Katalog) -> None:
    k = katalog
    diizinkan = domain_templat(k.situs)
    kec_jalur, desa_jalur = daftar_tempat(k.wilayah)
    kabupaten = k.wilayah.nama
    per_tingkat = {t: [x for x in k.layanan.values() if x.tingkat == t] for t in ("desa-kelurahan", "kecamatan")}
    umum = dict(
        mpp=k.instansi.get(ID_MPP),
        layanan_kua=[x for x in k.layanan.values() if x.dilayani_di == "kua"],
        layanan_a=per_tingkat["desa-kelurahan"], layanan_b=per_tingkat["kecamatan"],
        peta_mpp=tautan_peta(diizinkan, "Mal Pelayanan Publik", kabupaten),
        lapindo=KECAMATAN_LAPINDO,
    )
    for kec in k.wilayah.kecamatan:
        dasar = dict(kec=kec, peta_kecamatan=tautan_peta(diizinkan, f"Kantor Kecamatan {kec.nama}", kabupaten),
                     peta_kua=tautan_peta(diizinkan, f"KUA Kecamatan {kec.nama}", kabupaten),
                     desa_jalur=desa_jalur, kec_jalur=kec_jalur, **umum)
        nama_kec = Pesan("kantor.kecamatan", kecamatan=kec.nama)
        tulis(kec_jalur[kec.kode], "kantor_kecamatan.html", judul=Pesan("kantor.kecamatan_judul", kecamatan=kec.nama),
              **dasar, remah=[(Pesan("remah.kantor"), "../"), (nama_kec, None)])
        for d in kec.desa:
            jenis = "Kelurahan" if d.jenis == "kelurahan" else "Desa"  # the OpenStreetMap query stays Indonesian
            nama_desa = Pesan(f"jenis_desa.{d.jenis}", nama=d.nama)
            tulis(desa_jalur[d.kode], "kantor_desa.html", judul=Pesan("kantor.desa_judul", desa=nama_desa),
                  desa=d, **dasar,
                  peta_desa=tautan_peta(diizinkan, f"Kantor {jenis} {d.nama}", f"Kecamatan {kec.nama}", kabupaten),
                  remah=[(Pesan("remah.kantor"), "../../"), (nama_kec, "../"), (nama_desa, None)])
    tulis("kantor/", "daftar_kantor.html", judul=Pesan("judul.kantor"), kec_jalur=kec_jalur,
          desa_jalur=desa_jalur, jumlah_desa=sum(len(x.desa) for x in k.wilayah.kecamatan), aktif="kantor",
          remah=[(Pesan("remah.kantor"), None)], **umum)
