"""'Bagikan ke WhatsApp': the checklist as plain text in a wa.me link.

A plain https link, no script or button from WhatsApp, so nothing from a
third party loads and the page works without JavaScript. The text is the
same checklist the print view shows: what to bring, cost, time, the page.
"""
from __future__ import annotations

from urllib.parse import quote

from .model import Layanan

PERSYARATAN_MAKS = 12  # a long list is cut; the page link has the rest


def teks_daftar_periksa(lay: Layanan, url: str) -> str:
    baris = [f"*{lay.nama}*", "", "Yang perlu dibawa:"]
    baris += [f"- {p}" for p in lay.persyaratan[:PERSYARATAN_MAKS]]
    if len(lay.persyaratan) > PERSYARATAN_MAKS:
        baris.append(f"- … dan {len(lay.persyaratan) - PERSYARATAN_MAKS} lainnya (lihat halaman)")
    baris += ["", f"Biaya: {lay.biaya}", f"Waktu: {lay.waktu}", f"Pengurus: {lay.instansi.nama}", "", url]
    return "\n".join(baris)


def tautan_whatsapp(lay: Layanan, url: str) -> str:
    return "https://wa.me/?text=" + quote(teks_daftar_periksa(lay, url), safe="")
