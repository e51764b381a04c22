"""What catalogue text may not say: markup, template syntax, personal data.

Every text value of every catalogue file passes here after the schema.
Rendering already makes markup inert (Jinja2 autoescape; Markdown without
raw HTML, then nh3), so these checks are the first of two layers: an
editor who types `<script>` or `{{ ... }}` is either attacking or
mistaken, and either way the build stops and says where.

Personal data (UU 27/2022 tentang Pelindungan Data Pribadi):
- a run of 16 digits (plain, or grouped 4-4-4-4 / 6-6-4) is refused: it has
  the shape of a NIK or a KK number, and no public service text needs one;
- a mobile number (08xx / +628xx / 628xx) in free text only warns: offices
  do publish official WhatsApp numbers, but these belong in `kanal` or
  `kontak` (fields that are not warned about), and a number typed into a
  description is often an officer's own phone. A number that the same file
  also declares in such a field is official and not warned about.
"""
from __future__ import annotations

import re
from html import unescape

from .bacayaml import Dokumen, Kesalahan, teks_jalur

# what an HTML parser would take as the start of a tag, comment or processing instruction
_TAG = re.compile(r"<[A-Za-z/!?%]")
_GAMBAR = re.compile(r"!\[[^\]\n]*\]\s*[(\[]")
_TEMPLAT = re.compile(r"\{\{|\{%|\{#|\$\{")
_NIK = re.compile(r"(?<![0-9])(?:[0-9]{16}|[0-9]{4}([ .-])[0-9]{4}\1[0-9]{4}\1[0-9]{4}|[0-9]{6}([ .-])[0-9]{6}\2[0-9]{4})(?![0-9])")
_PONSEL = re.compile(r"(?<![0-9+])(?:\+62|62|0)[ -]?8[1-9][0-9](?:[ .-]?[0-9]){6,9}(?![0-9])")
# fields whose job is to hold a contact number: no warning there
_KOLOM_KONTAK = {"telepon", "whatsapp", "sms", "url", "situs", "email"}


# Every match of the patterns above contains one of these: most texts have none,
# and one search spares them the five (a fifth of load time at 10,000 services).
_CURIGA = re.compile(r"[<&{$]|!\[|[0-9]{4}|8[1-9][0-9]")


def periksa(dok: Dokumen) -> list[Kesalahan]:
    """Errors and warnings for every text value of one parsed document."""
    hasil: list[Kesalahan] = []
    baris_sumber = None
    resmi = None
    for jalur, nilai in _curiga(dok.data):
        if resmi is None:  # official numbers declared in this file, needed only once a text looks suspect
            resmi = _nomor_resmi(dok.data, "", False, set())
        for pesan, potongan, peringatan in _masalah(jalur, nilai, resmi):
            if baris_sumber is None:
                baris_sumber = dok.sumber.splitlines()
            baris, kolom = letak_dalam(dok, jalur, nilai, potongan, baris_sumber)
            hasil.append(Kesalahan(dok.berkas, baris, kolom, teks_jalur(jalur), pesan, peringatan))
    return hasil


def _curiga(data, jalur=(), keluar=None) -> list[tuple[tuple, str]]:
    """(path, text) of every text _CURIGA finds something in, in document order. A plain
    recursive function that makes a path only for a container or a suspect text: a walk
    of nested generators yielding every value with its path cost a quarter of these
    checks (10,000 services: 1.6-1.9 s -> 1.1-1.3 s of CPU)."""
    if keluar is None:
        keluar = []
        if isinstance(data, str):
            if _CURIGA.search(data):
                keluar.append((jalur, data))
            return keluar
    for k, v in data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ():
        if isinstance(v, str):
            if _CURIGA.search(v):
                keluar.append((jalur + (k,), v))
        elif isinstance(v, (dict, list)):
            _curiga(v, jalur + (k,), keluar)
    return keluar


def _nomor_resmi(data, kunci: str, kontak: bool, keluar: set) -> set:
    """The numbers of the file's contact fields (_kolom_kontak), in one form (_nomor)."""
    for k, v in data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ():
        k_ = k if isinstance(k, str) else kunci  # a list item belongs to the field that holds the list
        di_kontak = kontak or k == "kontak"
        if isinstance(v, str):
            if _kontak(k_, di_kontak):
                keluar.add(_nomor(v))
        elif isinstance(v, (dict, list)):
            _nomor_resmi(v, k_, di_kontak, keluar)
    return keluar


def _kolom_kontak(jalur) -> bool:
    return _kontak(next((k for k in reversed(jalur) if isinstance(k, str)), ""), "kontak" in jalur)


def _kontak(kunci: str, di_kontak: bool) -> bool:
    """A field whose job is a contact number: its name (the last key of its path), or under `kontak`."""
    return kunci in _KOLOM_KONTAK or di_kontak


def _nomor(teks: str) -> str:
    """A phone number in one form: digits only, country code 62 instead of the leading 0."""
    angka = "".join(c for c in teks if c.isdigit())
    return "62" + angka[1:] if angka.startswith("0") else angka


def _masalah(jalur, nilai: str, resmi: set[str]):
    """(message, the offending text, is-warning) for one value."""
    # entities are decoded first: Markdown would turn &lt;script&gt; back into a tag
    for teks in (nilai, unescape(nilai)) if "&" in nilai else (nilai,):
        cocok = _TAG.search(teks)
        if cocok:
            potongan = teks[cocok.start():cocok.start() + 12].split()[0]
            yield (f"teks memuat tag HTML \"{potongan}\"; katalog hanya menerima teks biasa dan Markdown "
                   "(**tebal**, [tautan](https://...)). Bila yang dimaksud tanda \"kurang dari\", beri spasi sesudah <",
                   potongan if teks is nilai else "&", False)
            break
    cocok = _GAMBAR.search(nilai)
    if cocok:
        yield ("gambar Markdown tidak didukung: halaman portal tidak memuat gambar, apalagi dari situs lain; "
               "hapus tanda ![...](...)", cocok.group(), False)
    cocok = _TEMPLAT.search(nilai)
    if cocok:
        yield (f"teks memuat \"{cocok.group()}\", tanda templat yang tidak boleh ada di katalog; hapus tanda kurung kurawal itu",
               cocok.group(), False)
    cocok = _NIK.search(nilai)
    if cocok:
        yield ("teks memuat 16 angka yang berbentuk NIK atau nomor KK; data pribadi tidak boleh diterbitkan. "
               "Hapus nomornya (contoh pengisian cukup ditulis \"NIK pemohon\")", cocok.group(), False)
    if not _kolom_kontak(jalur):
        cocok = next((c for c in _PONSEL.finditer(nilai) if _nomor(c.group()) not in resmi), None)
        if cocok:
            yield (f"teks memuat nomor ponsel {cocok.group()}; bila ini nomor pribadi petugas, jangan diterbitkan. "
                   "Nomor layanan resmi ditulis di kanal (jenis: whatsapp atau telepon) atau di kontak instansi",
                   cocok.group(), True)


def letak_dalam(dok: Dokumen, jalur, nilai: str, potongan: str, baris_sumber=None) -> tuple[int, int]:
    """The source line of `potongan` inside a (possibly multi-line) value."""
    baris_sumber = dok.sumber.splitlines() if baris_sumber is None else baris_sumber
    baris, kolom = dok.posisi(jalur)
    jendela = min(500, nilai.count("\n") + 2 + len(nilai) // 20)
    for i in range(baris - 1, min(len(baris_sumber), baris - 1 + jendela) if potongan else 0):
        awal = 0 if i > baris - 1 else kolom - 1
        k = baris_sumber[i].find(potongan, awal)
        if k >= 0:
            return i + 1, k + 1
    if 0 < baris < len(baris_sumber) and re.search(r"[|>][+-]?[0-9]?\s*(#.*)?$", baris_sumber[baris - 1][kolom - 1:]):
        return baris + 1, 1  # a block value (| or >): its first line of text
    return baris, kolom  # written with escapes ("\u003c"): the value's own position
