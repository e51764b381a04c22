"""The search glossary: what citizens type, tied to the services it means.

Pagefind has no synonyms and no typo tolerance, and Indonesian stemming is
imperfect ("penduduk" and "kependudukan" stem apart). So the glossary works
on both sides: each service page carries the terms and equivalents that
concern it in a hidden, weighted block (an equivalent matches like a
title), and the search page rewrites queries (`ganti`, `kata_umum`) and
corrects typos against a vocabulary built from the indexed text.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html import unescape

# kata(): every character but ASCII digits, a-z and "-" separates words (str.translate, in C; the
# regex findall it replaces, [0-9a-z]+(?:-[0-9a-z]+)*, took twice as long: 26 -> 14 us a service text)
_PEMISAH = {c: " " for c in range(128) if not ("0" <= chr(c) <= "9" or "a" <= chr(c) <= "z" or chr(c) == "-")}
_TANDA_HUBUNG = re.compile(r"-{2,}")


@dataclass
class Istilah:
    istilah: str
    arti: str
    jenis: str
    padanan: list[str] = field(default_factory=list)
    layanan: list[str] = field(default_factory=list)
    en: dict | None = None  # arti and padanan in English (optional)

    @property
    def padanan_en(self) -> list[str]:
        return list(self.en.get("padanan", [])) if self.en else []

    @property
    def semua_padanan(self) -> list[str]:
        """Indonesian and English equivalents: the Indonesian index holds both."""
        return self.padanan + [p for p in self.padanan_en if p not in self.padanan]

    @property
    def dijelaskan(self) -> bool:
        """Abbreviations and old names get explained on the page; colloquial words need not."""
        return self.jenis in ("singkatan", "nama-lama")


@dataclass
class Glosarium:
    istilah: list[Istilah]
    ganti: dict[str, str]
    kata_umum: list[str]


def kata(teks: str) -> list[str]:
    """Lower-case words as the search page splits them (hyphenated words kept whole): the runs of
    [0-9a-z] joined by single hyphens. Each non-ASCII character (after lower()) separates words."""
    t = teks.lower().encode("ascii", "replace").decode("ascii").translate(_PEMISAH)
    if "-" not in t:
        return t.split()
    hasil = []
    for w in t.split():
        if "-" in w:  # "a--b" is two words, "-a-b-" one
            hasil.extend(b for b in (b.strip("-") for b in _TANDA_HUBUNG.split(w)) if b)
        else:
            hasil.append(w)
    return hasil


def _indeks_frasa(istilah: list[Istilah], padanan: bool = True) -> dict[str, list[tuple[list[str], int]]]:
    """Phrases by their first word -> (words, term number): one lookup per word of a text."""
    awal: dict[str, list[tuple[list[str], int]]] = {}
    for n, ist in enumerate(istilah):
        for frasa in [ist.istilah, *ist.semua_padanan] if padanan else [ist.istilah]:
            w = kata(frasa)
            if w:
                awal.setdefault(w[0], []).append((w, n))
    return awal


def _temukan(teks_kata: list[str], awal: dict) -> set[int]:
    nomor: set[int] = set()
    for i, w in enumerate(teks_kata):
        for frasa, n in awal.get(w, ()):
            if n not in nomor and teks_kata[i:i + len(frasa)] == frasa:
                nomor.add(n)
    return nomor


def kaitkan(glosarium: Glosarium, semua_layanan, cache: dict | None = None) -> None:
    """Attach to each service the terms named in its nama/alias or listed explicitly
    (these feed the index), and the abbreviations and old names found anywhere
    on its page (these are only explained there: "KK" in a requirement).

    Phrases are looked up by their first word, one pass over each text's
    words: testing every term against every service was quadratic (32 s of
    a 10,000-service build). With a `cache` (serve mode) a service whose
    texts and glossary did not change keeps its terms without a new scan."""
    semua = glosarium.istilah
    eksplisit: dict[str, list[Istilah]] = {}
    for ist in semua:
        for ident in ist.layanan:
            eksplisit.setdefault(ident, []).append(ist)
    awal = _indeks_frasa(semua)
    awal_dijelaskan = _indeks_frasa([i for i in semua if i.dijelaskan], padanan=False)
    nomor_dijelaskan = [n for n, i in enumerate(semua) if i.dijelaskan]
    nomor = {id(i): n for n, i in enumerate(semua)}
    versi = tuple((i.istilah, i.jenis, tuple(i.semua_padanan), tuple(i.layanan)) for i in semua)
    for lay in semua_layanan:
        kunci = (lay.id, lay.nama, tuple(lay.alias), lay.ringkasan, lay.deskripsi, tuple(lay.persyaratan),
                 tuple(lay.prosedur), lay.waktu, lay.biaya, lay.produk)
        if cache is not None and cache.get(kunci, (None,))[0] == versi:
            _, nomor_cocok, nomor_isi = cache[kunci]
            lay.istilah = [semua[n] for n in nomor_cocok]
            lay.istilah_dijelaskan = [semua[n] for n in nomor_isi]
            continue
        cocok = [semua[n] for n in sorted(_temukan(kata(" ".join([lay.nama, *lay.alias])), awal))]
        for ist in eksplisit.get(lay.id, []):
            if all(ist is not c for c in cocok):
                cocok.append(ist)
        lay.istilah = cocok
        isi = kata(" ".join([lay.ringkasan, lay.deskripsi or "", *lay.persyaratan, *lay.prosedur, lay.waktu,
                             lay.biaya, lay.produk]))
        di_isi = {nomor_dijelaskan[n] for n in _temukan(isi, awal_dijelaskan)}
        di_isi |= {nomor[id(c)] for c in cocok if c.dijelaskan}
        lay.istilah_dijelaskan = [semua[n] for n in sorted(di_isi)]
        if cache is not None:
            cache[kunci] = (versi, [nomor[id(c)] for c in cocok], sorted(di_isi))


def kata_indeks(lay, utama: bool | None = None, bahasa: str = "id") -> list[str]:
    """Words for the hidden weighted blocks: the linked terms and their equivalents.
    utama=True: terms that name this service explicitly (`layanan:` in the glossary),
    which rank like its title; utama=False: terms merely found in its name or aliases
    (KK in "Pengantar KK dan KTP-el"), which should not outrank the service they name.
    bahasa="en": the term and its English equivalents only, for the English index."""
    keluar: list[str] = []
    for ist in lay.istilah:
        if utama is not None and (lay.id in ist.layanan) != utama:
            continue
        if bahasa != "id" and not ist.padanan_en:
            continue
        for f in [ist.istilah, *(ist.semua_padanan if bahasa == "id" else ist.padanan_en)]:
            if f not in keluar:
                keluar.append(f)
    return keluar


_TAG = re.compile(r"<[^>]+>")


def kosakata(katalog, bahasa: str = "id") -> dict[str, int]:
    """Every word the index knows, with a weight: title-like words count more,
    so a typo is corrected toward what services are called. For English, the
    words of the English index (pages bahasa.diindeks_en chose, their English
    text or the Indonesian shown in its place)."""
    from .bahasa import Antarmuka, diindeks_en
    hitung: Counter = Counter()
    ui = Antarmuka(bahasa)
    semua = bahasa == "id"

    def tambah(teks: str, bobot: int = 1):
        for w in kata(unescape(_TAG.sub(" ", teks))):
            if len(w) >= 3:  # shorter words are never corrected
                hitung[w] += bobot

    # exactly the text the index holds (see data-pagefind-ignore in the templates),
    # or a correct word that only the index knows would be "corrected" away
    for lay in katalog.layanan.values():
        if semua or diindeks_en(lay):
            tambah(" ".join([ui.isi(lay, "nama"), *ui.isi(lay, "alias"), *kata_indeks(lay, bahasa=bahasa)]), 5)
            tambah(ui.isi(lay, "ringkasan"))
    for ins in katalog.instansi.values():  # its description is not indexed (templates/instansi.html)
        if semua or diindeks_en(ins):
            tambah(f"{ui.isi(ins, 'nama')} {ins.singkatan}", 3)
    for alur in getattr(katalog, "alur", {}).values():
        if semua or diindeks_en(alur):
            tambah(ui.isi(alur, "nama"), 3)
    return dict(sorted(hitung.items()))


def kosakata_per_huruf(katalog, bahasa: str = "id") -> dict[str, dict[str, int]]:
    """The vocabulary split by first character: the search page fetches only the
    parts its query words start with (a typo is rarely in the first letter)."""
    bagian: dict[str, dict[str, int]] = {}
    for w, n in kosakata(katalog, bahasa).items():
        bagian.setdefault(w[0] if w[0].isalpha() else "0", {})[w] = n
    return bagian
