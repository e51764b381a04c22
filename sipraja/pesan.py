"""Hints that turn a correct error into one an OPD editor can fix alone.

Found by making the mistakes new editors make on real catalogue files
(tests/test_pesan.py keeps them): a colon inside plain text, a line indented
one space too far, a quote never closed, "8.00" for a time, "28-11-2026"
for a date, "35.15.8" for a region code, a list written as one line, a field
name one letter off, two main channels. Each hint names the fix, with the
corrected value where it can be derived; syntax errors that one small edit
fixes (indentation, "key:value", a missing "- ") are worked out in perbaikan.py.
"""
from __future__ import annotations

import re

import yaml

from .bacayaml import Kesalahan, _Loader, teks_jalur

_KUNCI_NILAI = re.compile(r"^(\s*(?:- )?[A-Za-z_][\w-]*:\s+)(.*)$")


def _baris(teks: str, n: int) -> str:
    semua = teks.splitlines()
    return semua[n] if 0 <= n < len(semua) else ""


def _kutip_terbuka(baris: str) -> str | None:
    """The quote character a value on this line opens and never closes."""
    m = _KUNCI_NILAI.match(baris) or re.match(r"^(\s*- )(.*)$", baris)
    if not m:
        return None
    nilai = m.group(2).rstrip()
    if nilai[:1] == '"':
        isi = re.sub(r'\\.', "", nilai[1:])
        return '"' if '"' not in isi else None
    if nilai[:1] == "'":
        isi = nilai[1:].replace("''", "")
        return "'" if "'" not in isi else None
    return None


def _lolos_bila_ditutup(teks: str, n: int, kutip: str, baris0: int) -> bool:
    """Does closing the quote on line n make the error at baris0 go away?
    (A valid multi-line quoted value must not be blamed.)"""
    baris = teks.splitlines()
    baris[n] = baris[n].rstrip() + kutip
    try:
        for _ in yaml.parse("\n".join(baris), Loader=_Loader):
            pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark is not None and mark.line > baris0
    return True


# libyaml's words for a line that does not fit the structure above it
_MASALAH_INDENTASI = ("mapping values are not allowed", "expected <block end>", "did not find expected key",
                      "did not find expected '-' indicator")


def petunjuk_yaml(teks: str, baris0: int, kolom0: int, masalah: str, baris_akhir: int | None = None):
    """A precise Indonesian explanation of a YAML syntax error, or None;
    a tuple (pesan, baris0, kolom0[, jalur]) when the real mistake is elsewhere.

    baris0/kolom0 are libyaml's 0-based mark; `masalah` its English text;
    baris_akhir the line where libyaml gave up, when later than baris0.
    """
    # an unclosed quote swallows the lines after it; libyaml then complains
    # somewhere below, so look back for the line that opened it
    for n in range(baris0, max(-1, baris0 - 40), -1):
        kutip = _kutip_terbuka(_baris(teks, n))
        if kutip and _lolos_bila_ditutup(teks, n, kutip, baris0):
            return (f"tanda kutip {kutip} di baris ini belum ditutup, sehingga baris-baris berikutnya ikut terbaca "
                    f"sebagai teks; tambahkan {kutip} di akhir nilainya: {_baris(teks, n).strip()[:60]}{kutip}",
                    n, len(_baris(teks, n).rstrip()))
    if "mapping values are not allowed" in masalah:
        baris = _baris(teks, baris0)
        m = _KUNCI_NILAI.match(baris)
        if m and kolom0 >= len(m.group(1)):
            # "ringkasan: Catatan: ..." - the second ": " is inside the text
            nama = baris[: len(m.group(1))].rstrip()
            nilai = m.group(2).replace('"', '\\"')
            return (f"teks nilai memuat titik dua diikuti spasi (\": \"), yang dibaca YAML sebagai kolom baru. "
                    f"Beri tanda kutip pada teksnya: {nama.strip()} \"{nilai[:50]}{'…' if len(nilai) > 50 else ''}\"")
    from .perbaikan import indentasi_umum, perbaikan_yaml  # late: it reads files through bacayaml
    perbaikan = perbaikan_yaml(teks, baris0, baris_akhir)
    if perbaikan is None and any(k in masalah for k in _MASALAH_INDENTASI):
        return indentasi_umum(teks, baris0)
    return perbaikan


def usulan_nilai(nama_def: str, nilai) -> str:
    """' Mungkin maksud Anda "08:00"?' for a value in a near-miss format."""
    if not isinstance(nilai, str):
        return ""
    s = nilai.strip()
    usul = None
    if nama_def == "jam":
        m = re.fullmatch(r"(\d{1,2})\s*[.:.,]\s*(\d{2})(?:\s*(?:WIB|wib))?", s)
        if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
            usul = f"{int(m.group(1)):02d}:{m.group(2)}"
    elif nama_def == "tanggal":
        m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", s)
        if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
            usul = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        m = re.fullmatch(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})|(\d{4})-(\d)-(\d{1,2})|(\d{4})-(\d{2})-(\d)", s)
        if m:
            t, b, h = [g for g in m.groups() if g is not None]
            usul = f"{t}-{int(b):02d}-{int(h):02d}"
    elif nama_def == "kode_wilayah":
        bagian = re.split(r"[.\s]+", s)
        if 2 <= len(bagian) <= 4 and all(b.isdigit() for b in bagian):
            lebar = [2, 2, 2, 4]
            if all(len(b) <= lebar[i] for i, b in enumerate(bagian)):
                usul = ".".join(b.zfill(lebar[i]) for i, b in enumerate(bagian))
    elif nama_def == "id":
        calon = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
        usul = calon or None
    elif nama_def == "whatsapp":
        angka = re.sub(r"[^0-9]", "", s)
        if angka.startswith("0"):
            angka = "62" + angka[1:]
        usul = angka if re.fullmatch(r"62[0-9]{8,13}", angka) else None
    if usul and usul != nilai:
        return f" Mungkin maksud Anda \"{usul}\"?"
    return ""


def contoh_daftar(nama_kolom: str, nilai) -> str:
    """How to write a value as a list when the editor wrote one line of text."""
    if not isinstance(nilai, str) or not nama_kolom:
        return ""
    butir = nilai if len(nilai) <= 40 else nilai[:39] + "…"
    return f". Tulis satu butir per baris, misalnya:\n    {nama_kolom}:\n      - {butir}"


def gabung_kolom_salah_ketik(kesalahan: list[Kesalahan]) -> list[Kesalahan]:
    """One error, not two, for `persyaratn:`: the unknown key that is a near
    miss of a missing required key says both, the 'required' error goes."""
    hasil = list(kesalahan)
    for k in kesalahan:
        m = re.match(r'kolom "(.+?)" tidak dikenal di sini\. Mungkin maksud Anda "(.+?)"\?', k.pesan)
        if not m:
            continue
        induk = k.jalur.rsplit(".", 1)[0] if "." in k.jalur else ""
        wajib = next((w for w in hasil if w.jalur == induk and w.pesan.startswith(f'kolom wajib "{m.group(2)}" belum diisi')), None)
        if wajib is None:
            continue
        hasil.remove(wajib)
        i = hasil.index(k)
        hasil[i] = Kesalahan(k.berkas, k.baris, k.kolom, k.jalur,
                             f"kolom \"{m.group(1)}\" tidak dikenal; kolom wajib \"{m.group(2)}\" belum ada. "
                             f"Mungkin maksud Anda \"{m.group(2)}\"? Ganti nama kolom ini menjadi {m.group(2)}:", k.peringatan)
    return hasil


def kolom_salah_tempat(dok, jalur) -> str:
    """' Mungkin indentasinya yang salah ...' for an unknown field that belongs one level up or down."""
    from .perbaikan import kolom_salah_tempat as cari  # late: perbaikan reads files through bacayaml
    return cari(dok, tuple(jalur))


def kanal_utama_ganda(dok, jalur: tuple, kanal: list) -> list[Kesalahan]:
    """Two channels with `utama: true`: one error at each extra one's own line,
    naming the first, instead of one error at `kanal:`."""
    utama = [i for i, k in enumerate(kanal) if isinstance(k, dict) and k.get("utama") is True]
    if len(utama) < 2:
        return []

    def sebut(i):
        label = kanal[i].get("label")
        return f"kanal ke-{i + 1}" + (f" (\"{label}\")" if isinstance(label, str) and label else "")
    baris_pertama = dok.posisi(jalur + (utama[0], "utama"), kunci=True)[0]
    keluar = []
    for i in utama[1:]:
        baris, kolom = dok.posisi(jalur + (i, "utama"), kunci=True)
        keluar.append(Kesalahan(dok.berkas, baris, kolom, teks_jalur(jalur + (i, "utama")),
                                f"{sebut(i)} juga diberi utama: true, padahal {sebut(utama[0])} di baris {baris_pertama} "
                                "sudah kanal utama; tepat satu kanal boleh utama (tombol \"Ajukan\"). Hapus baris "
                                f"utama: true ini, atau yang di baris {baris_pertama}, sehingga tinggal satu"))
    return keluar


_BLOK = re.compile(r":\s*[|>][+-]?[0-9]?\s*(#.*)?$")


def jalur_perkiraan(teks: str, baris0: int) -> str:
    """The field path of a line, worked out from indentation alone, for YAML
    syntax errors (there is no parsed tree to ask). Approximate by nature."""
    from .bacayaml import teks_jalur
    tumpukan: list[list] = []  # [column, key or list index, kind]
    blok = None  # column of the key that opened a | or > block
    for n, mentah in enumerate(teks.splitlines()[: baris0 + 1]):
        isi = mentah.lstrip(" \t")
        kol = len(mentah) - len(isi)
        if not isi.strip() or isi.startswith("#"):
            continue
        if blok is not None and kol > blok and n < baris0:
            continue
        blok = None
        while isi.startswith("- ") or isi == "-":
            while tumpukan and tumpukan[-1][0] > kol:
                tumpukan.pop()
            if tumpukan and tumpukan[-1][0] == kol and tumpukan[-1][2].startswith("butir"):
                tumpukan[-1] = [kol, tumpukan[-1][1] + 1, "butir"]
            else:
                if tumpukan and tumpukan[-1][2] == "kunci":
                    tumpukan[-1][2] = "kunci-daftar"
                tumpukan.append([kol, 0, "butir"])
            sisa = isi[2:].lstrip(" ")
            kol += len(isi) - len(sisa)
            isi = sisa
            if sisa and not re.match(r"([A-Za-z_][\w-]*):(\s|$)|- ", sisa):
                tumpukan[-1][2] = "butir-skalar"
        m = re.match(r"([A-Za-z_][\w-]*):(\s|$)", isi)
        if m:
            # a key cannot belong to a text list item, nor to a key whose value is a list
            while tumpukan and (tumpukan[-1][0] >= kol and not (tumpukan[-1][2] == "butir" and tumpukan[-1][0] < kol)
                                or tumpukan[-1][2] in ("butir-skalar", "kunci-daftar")):
                tumpukan.pop()
            tumpukan.append([kol, m.group(1), "kunci"])
            if _BLOK.search(isi):
                blok = kol
    return teks_jalur(tuple(p for _, p, _ in tumpukan))
