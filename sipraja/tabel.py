"""One service as one spreadsheet row: the columns of data/layanan.csv.

The same columns are written by the export and read by `build.py impor`,
so an OPD can keep its list in Excel or LibreOffice and bring it back.
Lists go in one cell, one item per line (Alt+Enter in Excel); a channel
is one line `jenis | label | url=... | utama`; a note per kecamatan is one
line `35.15.17 | catatan`. Columns are only ever added at the end.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import TextIO

from .model import Layanan

VERSI_KOLOM = "1"
PEMISAH_DAFTAR = "\n"   # between items of a list inside one cell
PEMISAH_BAGIAN = " | "  # between the parts of one channel or one kecamatan note
BOM = "\ufeff"          # Excel reads a CSV as UTF-8 only when it starts with this
# A cell starting with one of these is a formula to Excel/LibreOffice (CSV injection): such a cell
# gets a leading apostrophe, which spreadsheets hide and `impor` removes again.
_AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r", "'")

KOLOM = [
    "id", "instansi", "nama", "ringkasan", "deskripsi", "kategori", "alias", "tingkat", "kanal",
    "persyaratan", "prosedur", "waktu", "biaya", "produk",
    "pengaduan_keterangan", "pengaduan_url", "pengaduan_telepon", "pengaduan_whatsapp", "pengaduan_email",
    "dasar_hukum", "status", "keterangan_status", "diperiksa", "catatan_per_kecamatan", "url_halaman",
    "dilayani_di",
]
_SET_KOLOM = frozenset(KOLOM)
KOLOM_DAFTAR = ["kategori", "alias", "persyaratan", "prosedur", "dasar_hukum"]
KUNCI_KANAL = ["url", "tempat", "telepon", "whatsapp", "email"]
KOLOM_PENGADUAN = ["keterangan", "url", "telepon", "whatsapp", "email"]
KOLOM_EKSPOR_SAJA = {"url_halaman"}  # derived; ignored on import


def _satu_baris(teks: str) -> str:
    # a line break inside an item would split it in two on the way back
    return " ".join(teks.split("\n"))


def ke_baris(lay: Layanan, url_dasar: str) -> dict[str, str]:
    b = {
        "id": lay.id, "instansi": lay.instansi.id, "nama": lay.nama, "ringkasan": lay.ringkasan,
        "deskripsi": lay.deskripsi, "kategori": [k.id for k in lay.kategori], "alias": lay.alias,
        "tingkat": lay.tingkat, "persyaratan": lay.persyaratan, "prosedur": lay.prosedur, "waktu": lay.waktu,
        "biaya": lay.biaya, "produk": lay.produk, "dasar_hukum": lay.dasar_hukum, "status": lay.status,
        "keterangan_status": lay.keterangan_status or "", "diperiksa": lay.diperiksa,
        "url_halaman": f"{url_dasar}layanan/{lay.id}/", "dilayani_di": lay.dilayani_di or "",
    }
    for k in KOLOM_DAFTAR:
        b[k] = PEMISAH_DAFTAR.join(_satu_baris(x) for x in b[k])
    kanal = []
    for k in lay.kanal:
        bagian = [k.jenis, k.label] + [f"{n}={getattr(k, n)}" for n in KUNCI_KANAL if getattr(k, n)]
        if k.utama:
            bagian.append("utama")
        kanal.append(_satu_baris(PEMISAH_BAGIAN.join(bagian)))
    b["kanal"] = PEMISAH_DAFTAR.join(kanal)
    sendiri = lay.pengaduan is not lay.instansi.pengaduan  # empty columns = the institution's channel
    for n in KOLOM_PENGADUAN:
        b[f"pengaduan_{n}"] = (getattr(lay.pengaduan, n) or "") if sendiri else ""
    b["catatan_per_kecamatan"] = PEMISAH_DAFTAR.join(
        _satu_baris(f"{c.kecamatan.kode}{PEMISAH_BAGIAN}{c.catatan}") for c in lay.catatan_per_kecamatan)
    return b


# Excel opens a CSV by double-click with the system's list separator: "," in English settings, ";" in
# Indonesian ones (where "," is the decimal mark), so data/layanan-excel.csv uses ";". No "sep=;" first
# line: with it Excel ignores the BOM and reads the file in the ANSI code page, breaking "–", "×", "÷".
PEMISAH_EXCEL_INDONESIA = ";"


def tulis_csv(baris: Iterable[dict[str, str]], pemisah: str = ",") -> str:
    """The table as text (the build streams both files to disk with tulis_csv_ke instead)."""
    keluar = io.StringIO()
    tulis_csv_ke(baris, [(keluar, pemisah)])
    return keluar.getvalue()


def tulis_csv_ke(baris: Iterable[dict[str, str]], tujuan: list[tuple[TextIO, str]]) -> None:
    """Each row once, to every (file opened with newline="", separator): the build writes both CSVs
    in one pass over the services, as making a row costs more than writing it twice, and row by
    row, so a national catalogue's table is never held whole in memory."""
    penulis = []
    for berkas, pemisah in tujuan:
        berkas.write(BOM)
        penulis.append(csv.writer(berkas, delimiter=pemisah, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL))
        penulis[-1].writerow(KOLOM)
    for b in baris:
        if b.keys() != _SET_KOLOM:
            raise ValueError(f"kolom baris tidak sama dengan KOLOM: {sorted(b.keys() ^ _SET_KOLOM)}")
        sel = [("'" + v if v.startswith(_AWAL_RUMUS) else v) for v in map(b.__getitem__, KOLOM)]
        for w in penulis:
            w.writerow(sel)


def huruf_kolom(nama: str) -> str:
    """Column letter as a spreadsheet shows it (A, B, ... Z, AA)."""
    n = KOLOM.index(nama) + 1 if nama in KOLOM else 0
    huruf = ""
    while n:
        n, r = divmod(n - 1, 26)
        huruf = chr(65 + r) + huruf
    return huruf


_KANAL_KUNCI = re.compile(r"^(%s)=(.*)$" % "|".join(KUNCI_KANAL), re.S)


def dari_baris(b: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
    """A row back to a catalogue `layanan` mapping; problems as (column, message)."""
    masalah: list[tuple[str, str]] = []
    b = {k: _tanpa_apostrof(v or "") for k, v in b.items()}
    nilai = {k: (b.get(k) or "").strip() for k in KOLOM}
    d: dict = {}
    for k in ("id", "nama", "ringkasan"):
        d[k] = nilai[k]
    d["deskripsi"] = (b.get("deskripsi") or "").replace("\r\n", "\n")  # kept exactly: Markdown
    d["kategori"] = _daftar(nilai["kategori"])
    if nilai["alias"]:
        d["alias"] = _daftar(nilai["alias"])
    d["tingkat"] = nilai["tingkat"]
    d["kanal"] = []
    for i, teks in enumerate(_daftar(nilai["kanal"]), 1):
        kanal, salah = _kanal(teks)
        if salah:
            masalah.append(("kanal", f"baris ke-{i} di sel ini: {salah}"))
        else:
            d["kanal"].append(kanal)
    for k in ("persyaratan", "prosedur"):
        d[k] = _daftar(nilai[k])
    for k in ("waktu", "biaya", "produk"):
        d[k] = nilai[k]
    pengaduan = {n: nilai[f"pengaduan_{n}"] for n in KOLOM_PENGADUAN if nilai[f"pengaduan_{n}"]}
    if pengaduan:
        if "keterangan" not in pengaduan:
            masalah.append(("pengaduan_keterangan", "wajib diisi bila kolom pengaduan lain diisi; "
                            "kosongkan semua kolom pengaduan untuk memakai pengaduan instansi"))
        d["pengaduan"] = pengaduan
    d["dasar_hukum"] = _daftar(nilai["dasar_hukum"])
    d["status"] = nilai["status"]
    if nilai["keterangan_status"]:
        d["keterangan_status"] = nilai["keterangan_status"]
    d["diperiksa"] = nilai["diperiksa"]
    catatan = []
    for i, teks in enumerate(_daftar(nilai["catatan_per_kecamatan"]), 1):
        kode, pisah, isi = teks.partition(PEMISAH_BAGIAN)
        if not pisah or not isi.strip():
            masalah.append(("catatan_per_kecamatan", f"baris ke-{i} di sel ini harus berbentuk "
                            f"\"35.15.17{PEMISAH_BAGIAN}catatan\" (kode kecamatan, garis tegak, catatan)"))
        else:
            catatan.append({"kecamatan": kode.strip(), "catatan": isi.strip()})
    if catatan:
        d["catatan_per_kecamatan"] = catatan
    if nilai["dilayani_di"]:
        d["dilayani_di"] = nilai["dilayani_di"]
    return d, masalah


def _tanpa_apostrof(sel: str) -> str:
    return sel[1:] if sel.startswith("'") else sel


def _daftar(sel: str) -> list[str]:
    return [x.strip() for x in sel.replace("\r\n", "\n").split(PEMISAH_DAFTAR) if x.strip()]


def _kanal(teks: str) -> tuple[dict, str | None]:
    bagian = teks.split(PEMISAH_BAGIAN)
    utama = bagian[-1].strip() == "utama"
    if utama:
        bagian = bagian[:-1]
    if len(bagian) < 2:
        return {}, (f"tulis sekurang-kurangnya jenis dan label, misalnya "
                    f"\"web{PEMISAH_BAGIAN}Ajukan lewat SIPRAJA{PEMISAH_BAGIAN}url=https://sipraja.sidoarjokab.go.id/\"")
    kanal: dict = {"jenis": bagian[0].strip()}
    label = [bagian[1]]
    isian: list[list[str]] = []
    for x in bagian[2:]:
        m = _KANAL_KUNCI.match(x.strip())
        if m:
            isian.append([m.group(1), m.group(2)])
        elif isian:
            isian[-1][1] += PEMISAH_BAGIAN + x  # the separator was part of the value
        else:
            label.append(x)
    kanal["label"] = PEMISAH_BAGIAN.join(label).strip()
    if utama:
        kanal["utama"] = True
    for kunci, isi in isian:
        if kunci in kanal:
            return {}, f"\"{kunci}=\" ditulis dua kali"
        kanal[kunci] = isi.strip()
    # the catalogue keeps keys in this order; the YAML written back follows it
    urut = ["jenis", "label"] + KUNCI_KANAL + ["utama"]
    return {k: kanal[k] for k in urut if k in kanal}, None
