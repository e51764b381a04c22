"""Interface language: one message table per language and the helpers templates use.

Bahasa Indonesia is the site's language, at the root; every page also has an
English version under en/ (`AWALAN`). The interface strings live only in
templates/bahasa/<code>.yaml (same keys in every table, tested); templates
look them up with `t("kunci", nama=...)`. Catalogue text is Indonesian, and
any catalogue object may carry an optional `en:` mapping with English
versions of some of its fields: `isi(obj, "nama")` picks the English text on
English pages, and where there is none the Indonesian text is shown inside
an element marked `lang="id"` (WCAG 3.1.2, language of parts).
"""
from __future__ import annotations

import functools
from pathlib import Path

import yaml
from markupsafe import Markup, escape

BAHASA = ("id", "en")
UTAMA = "id"
AWALAN = {"id": "", "en": "en/"}  # where each language's pages live, below the site root
NAMA = {"id": "Bahasa Indonesia", "en": "English"}  # each language named in itself, for the switch
FOLDER = Path(__file__).resolve().parent.parent / "templates" / "bahasa"
_LANG_ID = Markup(' lang="id"')
KOSONG = Markup("")  # the one empty Markup every "nothing to add" returns (bahasa, jsonld)


def _span_id(teks) -> Markup:
    return Markup(f'<span lang="id">{escape(teks)}</span>')


def _ratakan(data: dict, awalan: str = "") -> dict[str, str]:
    hasil = {}
    for k, v in data.items():
        if isinstance(v, dict):
            hasil.update(_ratakan(v, f"{awalan}{k}."))
        else:
            hasil[f"{awalan}{k}"] = str(v)
    return hasil


@functools.cache
def tabel(bahasa: str) -> dict[str, str]:
    """The flat message table of one language: {"menu.layanan": "Layanan A–Z", ...}."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return _ratakan(yaml.load((FOLDER / f"{bahasa}.yaml").read_text(encoding="utf-8"), Loader=loader))


def label(bahasa: str, kelompok: str) -> dict[str, str]:
    """A group of labels, e.g. label("id", "tingkat") -> {"opd": "Perangkat daerah ...", ...}."""
    awal = kelompok + "."
    return {k[len(awal):]: v for k, v in tabel(bahasa).items() if k.startswith(awal)}


def pesan(bahasa: str, kunci: str, **isi) -> str:
    """A message as plain text (titles, JSON-LD, search filters); templates escape it."""
    return tabel(bahasa)[kunci].format(**isi)


def teks_en(obj, kolom: str):
    """The English version of one field of a catalogue object, or None."""
    en = getattr(obj, "en", None)
    return en.get(kolom) if en else None


class TeksBahasa(str):
    """Text that knows its language when it differs from the page's (`lang`)."""

    lang: str | None = None


class Pesan:
    """A message resolved later, per language (page titles and breadcrumbs from Python)."""

    def __init__(self, kunci: str, **isi):
        self.kunci, self.isi = kunci, isi

    def untuk(self, bahasa: str) -> str:
        return pesan(bahasa, self.kunci, **{k: untuk(v, bahasa) for k, v in self.isi.items()})


class Kolom:
    """A catalogue field resolved later, per language: Kolom(lay, "nama")."""

    def __init__(self, obj, kolom: str):
        self.obj, self.kolom = obj, kolom

    def untuk(self, bahasa: str) -> str:
        en = teks_en(self.obj, self.kolom) if bahasa != UTAMA else None
        t = TeksBahasa(en if en is not None else getattr(self.obj, self.kolom))
        if bahasa != UTAMA and en is None:
            t.lang = UTAMA
        return t


def untuk(nilai, bahasa: str):
    """Resolve a Pesan, a Kolom or a {bahasa: value} mapping; anything else as it is."""
    if isinstance(nilai, (Pesan, Kolom)):
        return nilai.untuk(bahasa)
    if isinstance(nilai, PerBahasa):
        return nilai[bahasa]
    return nilai


class PerBahasa(dict):
    """A template value computed for each language: PerBahasa(id=..., en=...)."""


def teks_hari(hari: list[str], urutan: list[str], nama: dict[str, str]) -> str:
    """'Senin–Kamis' for a run of three days or more, else 'Senin, Rabu'."""
    urut = sorted(hari, key=urutan.index)
    indeks = [urutan.index(h) for h in urut]
    if len(urut) > 2 and indeks == list(range(indeks[0], indeks[-1] + 1)):
        return f"{nama[urut[0]]}–{nama[urut[-1]]}"
    return ", ".join(nama[h] for h in urut)


class Antarmuka:
    """The template globals and filters of one language (one Jinja environment each)."""

    def __init__(self, bahasa: str):
        self.bahasa = bahasa
        self.tabel = tabel(bahasa)
        self.asing = bahasa != UTAMA  # catalogue text is Indonesian: mark it where it shows through
        self.bulan = [self.tabel[f"bulan.{i}"] for i in range(1, 13)]
        self.hari = label(bahasa, "hari")
        self._siap = {k: Markup(v) for k, v in self.tabel.items()}  # most calls have no arguments: no format()

    def t(self, kunci: str, **isi) -> Markup:
        """A message; the table is trusted (it may hold links), arguments are escaped."""
        if not isi:
            return self._siap[kunci]
        # str.format on escaped values: what Markup.format does for plain {name} fields (the tables have
        # no format specs), without its Python-level formatter, ~5% of a service page's render
        return Markup(self.tabel[kunci].format_map({k: escape(v) for k, v in isi.items()}))

    def isi(self, obj, kolom: str):
        """The field in the page's language when there is one, else the Indonesian value."""
        if self.asing:
            en = teks_en(obj, kolom)
            if en is not None:
                return en
        return getattr(obj, kolom)

    def lang(self, obj, kolom: str) -> Markup:
        """' lang="id"' for the element that shows an Indonesian fallback on an English page."""
        if self.asing and teks_en(obj, kolom) is None and getattr(obj, kolom):
            return _LANG_ID
        return KOSONG

    def teks(self, obj, kolom: str) -> Markup:
        """Inline text of a field, wrapped in <span lang="id"> when it falls back to Indonesian."""
        nilai = self.isi(obj, kolom)
        return _span_id(nilai) if self.lang(obj, kolom) else escape(nilai)

    def gabung(self, obj, kolom: str, batas: int | None = None) -> Markup:
        """A list field joined with commas (the first `batas` items), marked like teks()."""
        nilai = ", ".join(self.isi(obj, kolom)[:batas])
        return _span_id(nilai) if self.lang(obj, kolom) else escape(nilai)

    def lang_id(self) -> Markup:
        """' lang="id"' on an English page, for an element holding Indonesian text that has no translation."""
        return _LANG_ID if self.asing else KOSONG

    def teks_id(self, nilai) -> Markup:
        """Indonesian text without a translation (editor messages, link errors), marked on English pages."""
        return _span_id(nilai) if self.asing else escape(nilai)

    def lang_teks(self, nilai) -> Markup:
        """' lang="..."' for a resolved Kolom (TeksBahasa) whose language differs from the page's."""
        lang = getattr(nilai, "lang", None)
        return Markup(f' lang="{lang}"') if lang else KOSONG

    def tanggal(self, iso: str) -> str:
        t, b, h = iso.split("-")
        return self.tabel["format.tanggal"].format(hari=int(h), bulan=self.bulan[int(b) - 1], tahun=t)

    def teks_hari(self, jam) -> str:
        from .model import HARI
        return teks_hari(jam.hari, HARI, self.hari)

    def label(self, kode: str, kelompok: str) -> str:
        """The label of a code: {{ l.tingkat | label("tingkat") }}."""
        return self.tabel[f"{kelompok}.{kode}"]

    def globals(self) -> dict:
        return {"lang_teks": self.lang_teks, "lang_id": self.lang_id, "teks_id": self.teks_id, "bahasa": self.bahasa}

    def filters(self) -> dict:
        # the helpers called on every line are filters: Jinja calls a filter directly, a global
        # function through Context.call, which costs more than most of these helpers themselves
        return {"t": self.t, "isi": self.isi, "lang": self.lang, "teks": self.teks, "gabung": self.gabung,
                "label": self.label, "tanggal": self.tanggal, "hari": self.teks_hari}


def diindeks_en(obj) -> bool:
    """Whether the English page of a service, institution or journey goes into the
    English search index: it has English text, or (a service) a glossary term that
    names it has English equivalents. The rest stay readable in English but out of
    the index, which keeps it small whatever the size of the catalogue."""
    if getattr(obj, "en", None):
        return True
    return any(ist.padanan_en and obj.id in ist.layanan for ist in getattr(obj, "istilah", ()))


def halaman_diindeks(katalog, bahasa: str = UTAMA) -> list[str]:
    """The pages of one language's search index (services, institutions, journeys), as paths
    below that language's prefix: every one in Indonesian, in English those of diindeks_en."""
    masuk = diindeks_en if bahasa != UTAMA else (lambda obj: True)
    return ([f"layanan/{x.id}/" for x in katalog.layanan.values() if masuk(x)]
            + [f"instansi/{x.id}/" for x in katalog.instansi.values() if masuk(x)]
            + [f"alur/{x.id}/" for x in katalog.alur.values() if masuk(x)])


def halaman_diindeks_en(katalog) -> list[str]:
    """The English pages of the English search index, as paths below en/."""
    return halaman_diindeks(katalog, "en")
