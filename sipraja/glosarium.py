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

_KATA = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*")


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
    """Lower-case words as the search page splits them (hyphenated words kept whole)."""
    return _KATA.findall(teks.lower())


def kaitkan(glosarium: Glosarium, semua_layanan) -> None:
    """Attach to each service the terms named in its nama/alias or listed explicitly.

    Phrases are looked up by their first word, one pass over each service's
    words: testing every term against every service was quadratic (32 s of
    a 10,000-service build)."""
    eksplisit: dict[str, list[Istilah]] = {}
    awal: dict[str, list[tuple[list[str], int]]] = {}
    for n, ist in enumerate(glosarium.istilah):
        for ident in ist.layanan:
            eksplisit.setdefault(ident, []).append(ist)
        for frasa in [ist.istilah, *ist.semua_padanan]:
            w = kata(frasa)
            if w:
                awal.setdefault(w[0], []).append((w, n))
    for lay in semua_layanan:
        teks_kata = kata(" ".join([lay.nama, *lay.alias]))
        nomor: set[int] = set()
        for i, w in enumerate(teks_kata):
            for frasa, n in awal.get(w, ()):
                if n not in nomor and teks_kata[i:i + len(frasa)] == frasa:
                    nomor.add(n)
        cocok = [glosarium.istilah[n] for n in sorted(nomor)]
        for ist in eksplisit.get(lay.id, []):
            if all(ist is not c for c in cocok):
                cocok.append(ist)
        lay.istilah = cocok


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
    for ins in katalog.instansi.values():
        if semua or diindeks_en(ins):
            tambah(f"{ui.isi(ins, 'nama')} {ins.singkatan}", 3)
            tambah(ui.isi(ins, "deskripsi_html"))
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
