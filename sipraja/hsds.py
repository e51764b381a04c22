"""Open Referral HSDS 3.0 export: one JSON array per HSDS table.

HSDS wants UUIDs; ours are slugs. Each UUID is version 5, derived from the
catalogue's own published address (situs.url_dasar, not a --url-dasar
override) plus kind and id, so it stays the same build after build and
other systems can keep references to it.
"""
from __future__ import annotations

import hashlib
import re
import uuid

from .model import HARI, Instansi, Katalog, Situs

STATUS_HSDS = {"aktif": "active", "ditutup-sementara": "temporarily closed", "dihentikan": "defunct"}
HARI_RRULE = dict(zip(HARI, ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]))
_KODE_POS = re.compile(r"\b([1-9][0-9]{4})\b")
ZONA_WAKTU = "+07:00"  # WIB; HSDS wants opening times with their UTC offset
PROVINSI = {"35": "Jawa Timur"}  # by the first part of the Kemendagri code; add a line for another province
# A street address names its street; "Kantor desa/kelurahan tempat Anda terdaftar" or "Kantor X,
# Sidoarjo (alamat lengkap belum terverifikasi)" tell where to go but are not addresses.
_JALAN = re.compile(r"\b(?:Jl|Jln|Jalan)\b\.?", re.I)


def alamat_jalan(teks: str | None) -> bool:
    return bool(teks and _JALAN.search(teks))


_NAMESPACE_URL = uuid.NAMESPACE_URL.bytes


def uuid_dari(jenis: str, ident: str, situs: Situs) -> str:
    """uuid.uuid5(NAMESPACE_URL, address), the same string, without building a UUID object:
    ~8 a service, and uuid5 + str took a third of the open-data stage."""
    h = bytearray(hashlib.sha1(_NAMESPACE_URL + f"{situs.url_dasar.rstrip('/')}/{jenis}/{ident}".encode()).digest())
    h[6] = (h[6] & 0x0F) | 0x50  # version 5
    h[8] = (h[8] & 0x3F) | 0x80  # RFC 4122 variant
    x = h[:16].hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def ekspor(k: Katalog, url: str) -> dict[str, list[dict]]:
    u = lambda jenis, ident: uuid_dari(jenis, ident, k.situs)  # noqa: E731
    t: dict[str, list[dict]] = {n: [] for n in ("organizations", "services", "locations", "addresses",
                                               "service_at_locations", "phones", "schedules", "required_documents")}
    kantor: dict[str, str] = {}  # institution id -> its office location id
    lokasi_lain: dict[str, str] = {}  # (owner, place text) -> location id, for counters named in a channel

    for ins in sorted(k.instansi.values(), key=lambda x: x.id):
        oid = u("instansi", ins.id)
        t["organizations"].append(_tanpa_kosong({
            "id": oid, "name": ins.nama, "alternate_name": ins.singkatan,
            "description": ins.deskripsi or f"{ins.jenis_teks}: {ins.nama}.",
            "email": ins.kontak.email, "website": ins.situs, "uri": f"{url}instansi/{ins.id}/",
            "legal_status": ins.jenis_teks,
        }))
        lid = kantor[ins.id] = u("lokasi", ins.id)
        t["locations"].append(_tanpa_kosong({
            "id": lid, "location_type": "physical", "organization_id": oid, "name": f"Kantor {ins.nama}",
            "description": ins.kontak.alamat + ("" if ins.kontak.alamat_terverifikasi else " (alamat jalan belum terverifikasi)"),
            "external_identifier": ins.kontak.kode_wilayah,
            "external_identifier_type": "kode wilayah Kemendagri" if ins.kontak.kode_wilayah else None,
        }))
        if ins.kontak.alamat_terverifikasi and alamat_jalan(ins.kontak.alamat):  # an area alone is no address_1
            t["addresses"].append(_alamat(u("alamat", ins.id), lid, ins, k))
        for i, nomor in enumerate(ins.kontak.telepon):
            t["phones"].append({"id": u("telepon", f"{ins.id}/{i}"), "organization_id": oid, "location_id": lid,
                                "number": nomor, "type": "voice"})
        if ins.kontak.whatsapp:
            t["phones"].append({"id": u("telepon", f"{ins.id}/whatsapp"), "organization_id": oid,
                                "number": "+" + ins.kontak.whatsapp, "type": "text", "description": "WhatsApp"})
        for i, jam in enumerate(ins.jam_layanan):
            t["schedules"].append(_tanpa_kosong({
                "id": u("jadwal", f"{ins.id}/{i}"), "location_id": lid, "freq": "WEEKLY", "wkst": "MO",
                "byday": ",".join(HARI_RRULE[h] for h in sorted(jam.hari, key=HARI.index)),
                "opens_at": jam.buka + ZONA_WAKTU, "closes_at": jam.tutup + ZONA_WAKTU,
                "description": f"{jam.hari_teks} {jam.buka}–{jam.tutup}", "notes": jam.catatan,
            }))

    kantor_kecamatan = [c.kantor.id for c in k.wilayah.kecamatan if c.kantor]
    per_kecamatan = {"kua": [c.kua.id for c in k.wilayah.kecamatan if c.kua]}  # dilayani_di -> offices
    for lay in sorted(k.layanan.values(), key=lambda x: x.id):
        sid = u("layanan", lay.id)
        t["services"].append(_tanpa_kosong({
            "id": sid, "organization_id": u("instansi", lay.instansi.id), "name": lay.nama,
            "alternate_name": "; ".join(lay.alias), "description": f"{lay.ringkasan}\n\n{lay.deskripsi}".strip(),
            "url": f"{url}layanan/{lay.id}/", "status": STATUS_HSDS[lay.status],
            "application_process": "\n".join(f"{i}. {p}" for i, p in enumerate(lay.prosedur, 1)),
            "fees_description": lay.biaya, "wait_time": lay.waktu, "alert": lay.keterangan_status,
            "last_modified": f"{lay.diperiksa}T00:00:00Z", "assured_date": lay.diperiksa,
        }))
        for i, dok in enumerate(lay.persyaratan):
            t["required_documents"].append({"id": u("persyaratan", f"{lay.id}/{i}"), "service_id": sid,
                                            "document": dok})
        tempat: list[str] = []
        if lay.tingkat == "kecamatan":
            tempat += [kantor[i] for i in kantor_kecamatan]
        for i, kanal in enumerate(lay.kanal):
            if kanal.jenis == "loket" and lay.dilayani_di:
                tempat += [kantor[i] for i in per_kecamatan[lay.dilayani_di]]
            elif kanal.jenis == "loket":
                if kanal.tempat:
                    kunci = f"{lay.instansi.id}/{kanal.tempat}"
                    if kunci not in lokasi_lain:
                        lokasi_lain[kunci] = u("lokasi", kunci)
                        t["locations"].append({"id": lokasi_lain[kunci], "location_type": "physical",
                                               "organization_id": u("instansi", lay.instansi.id),
                                               "name": kanal.tempat})
                    tempat.append(lokasi_lain[kunci])
                elif lay.tingkat not in ("kecamatan", "desa-kelurahan"):
                    tempat.append(kantor[lay.instansi.id])
            elif kanal.url:
                lid = u("lokasi", f"{lay.id}/kanal/{i}")
                t["locations"].append({"id": lid, "location_type": "virtual", "url": kanal.url,
                                       "organization_id": u("instansi", lay.instansi.id), "name": kanal.label})
                tempat.append(lid)
            for jenis, nomor in (("voice", kanal.telepon), ("text", "+" + kanal.whatsapp if kanal.whatsapp else None)):
                if nomor:
                    t["phones"].append({"id": u("telepon", f"{lay.id}/kanal/{i}/{jenis}"), "service_id": sid,
                                        "number": nomor, "type": jenis, "description": kanal.label})
        for lid in dict.fromkeys(tempat):  # unique, in order
            t["service_at_locations"].append({"id": u("layanan-di-lokasi", f"{sid}/{lid}"), "service_id": sid,
                                              "location_id": lid})
    return t


def _alamat(aid: str, lid: str, ins: Instansi, k: Katalog) -> dict:
    pos = _KODE_POS.search(ins.kontak.alamat)
    return {"id": aid, "location_id": lid, "address_1": ins.kontak.alamat, "city": k.wilayah.nama,
            "state_province": PROVINSI.get(k.wilayah.kode.split(".")[0], ""), "postal_code": pos.group(1) if pos else "", "country": "ID",
            "address_type": "physical"}


def _tanpa_kosong(d: dict) -> dict:
    return {a: b for a, b in d.items() if b not in (None, "")}
