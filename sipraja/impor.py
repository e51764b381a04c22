"""`python build.py impor FILE.csv --opd ID`: a spreadsheet back into the catalogue.

The CSV has the columns of data/layanan.csv (tabel.py). Rows of other
institutions are skipped, so the whole published file can be used as is.
The result replaces the `layanan:` part of catalog/instansi/ID.yaml; the
`instansi:` part above it is kept byte for byte. Nothing is written unless
the new file passes the same checks as `python build.py check`, and every
row that cannot be converted is reported with its spreadsheet row and column.
The CSV has no English text: the `en:` of a service, of a channel (same
jenis and label) and of a complaint text (same keterangan) in the file
being replaced is carried over to the imported service with the same id.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .bacayaml import GagalBaca, baca_teks
from .load import FOLDER_INSTANSI, KatalogTidakSah, muat_katalog
from .tabel import KOLOM, dari_baris, huruf_kolom

KOLOM_WAJIB = ["id", "nama", "ringkasan", "deskripsi", "kategori", "tingkat", "kanal", "persyaratan", "prosedur",
               "waktu", "biaya", "produk", "dasar_hukum", "status", "diperiksa"]
_AWAL_LAYANAN = re.compile(r"^layanan:", re.M)
_JALUR_LAYANAN = re.compile(r"^layanan\[(\d+)\](?:\.([a-z_]+))?(.*)$")


@dataclass
class Masalah:
    berkas: str
    baris: int | None  # spreadsheet row (header = 1); None for the whole file
    kolom: str | None
    pesan: str

    def __str__(self) -> str:
        letak = self.berkas
        if self.baris:
            letak += f" baris {self.baris}"
        if self.kolom:
            huruf = huruf_kolom(self.kolom)
            letak += f", kolom {huruf} ({self.kolom})" if huruf else f", kolom {self.kolom}"
        return f"{letak}: {self.pesan}"


class ImporGagal(Exception):
    def __init__(self, masalah: list[Masalah]):
        super().__init__(f"{len(masalah)} masalah")
        self.masalah = masalah


def baca_csv(jalur: Path) -> tuple[list[tuple[int, dict]], list[Masalah]]:
    """Rows with their spreadsheet row number; Excel's UTF-8 BOM and ';' (Indonesian regional settings) accepted."""
    nama = jalur.name
    try:
        teks = jalur.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ImporGagal([Masalah(nama, None, None, f"berkas bukan UTF-8 (bita ke-{e.start + 1}). Di Excel pilih "
                                  "Simpan Sebagai > \"CSV UTF-8 (dibatasi koma)\".")])
    kepala = teks.split("\n", 1)[0]
    pemisah = ";" if kepala.count(";") > kepala.count(",") else ","
    pembaca = csv.reader(io.StringIO(teks, newline=""), delimiter=pemisah)
    try:
        semua = list(pembaca)
    except csv.Error as e:
        raise ImporGagal([Masalah(nama, pembaca.line_num, None, f"CSV tidak bisa dibaca: {e}")])
    if not semua:
        raise ImporGagal([Masalah(nama, None, None, "berkas kosong")])
    judul = [j.strip() for j in semua[0]]
    masalah = []
    kurang = [k for k in KOLOM_WAJIB if k not in judul]
    if kurang:
        masalah.append(Masalah(nama, 1, None, f"kolom wajib tidak ada di baris judul: {', '.join(kurang)}. "
                               f"Pakai judul kolom seperti di data/layanan.csv: {', '.join(KOLOM)}"))
    for j in judul:
        if j and j not in KOLOM:
            masalah.append(Masalah(nama, 1, j, f"kolom \"{j}\" tidak dikenal dan tidak akan dibaca"))
    if kurang:
        raise ImporGagal(masalah)
    baris = []
    for nomor, isi in enumerate(semua[1:], 2):
        if not any(x.strip() for x in isi):
            continue  # empty rows are common at the end of a sheet
        if len(isi) > len(judul) and any(x.strip() for x in isi[len(judul):]):
            masalah.append(Masalah(nama, nomor, None, f"baris ini punya {len(isi)} sel, lebih banyak dari "
                                   f"{len(judul)} kolom judul; periksa tanda kutip atau pemisah"))
            continue
        baris.append((nomor, {j: isi[i] if i < len(isi) else "" for i, j in enumerate(judul) if j}))
    return baris, masalah


def _yaml_layanan(daftar: list[dict]) -> str:
    class Penulis(yaml.SafeDumper):
        pass

    def teks(dumper, data):
        gaya = "|" if "\n" in data else None  # Markdown stays readable as a block
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=gaya)

    Penulis.add_representer(str, teks)
    if not daftar:
        return "layanan: []\n"
    return yaml.dump({"layanan": daftar}, Dumper=Penulis, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100000)


def impor(csv_jalur: Path, opd: str, katalog_dir: Path) -> tuple[str, int, int]:
    """Returns (new YAML text, rows taken, rows of other institutions skipped); raises ImporGagal."""
    katalog_dir = Path(katalog_dir)
    nama = Path(csv_jalur).name
    tujuan = katalog_dir / FOLDER_INSTANSI / f"{opd}.yaml"
    if not tujuan.is_file():
        raise ImporGagal([Masalah(nama, None, None, f"instansi \"{opd}\" belum ada: buat dulu "
                                  f"catalog/{FOLDER_INSTANSI}/{opd}.yaml berisi bagian instansi")])
    lama = tujuan.read_text(encoding="utf-8")
    m = _AWAL_LAYANAN.search(lama)
    kepala = lama[:m.start()] if m else lama.rstrip("\n") + "\n"

    baris, masalah = baca_csv(Path(csv_jalur))
    en_lama = _layanan_lama(tujuan)
    diambil, dilewati = [], 0
    for nomor, isi in baris:
        milik = isi.get("instansi", "").strip()
        if milik and milik != opd:
            dilewati += 1
            continue
        d, salah = dari_baris(isi)
        masalah += [Masalah(nama, nomor, k, p) for k, p in salah]
        _bawa_en(d, en_lama)
        diambil.append((nomor, d))
    teks = kepala + _yaml_layanan([d for _, d in diambil])

    # the same checks as `build.py check`. A file with schema errors skips the cross-file checks
    # (categories, links, "Gratis"), so the rows without errors are checked again on their own
    # until no new problem appears: every bad row is reported in one run.
    sisa = list(range(len(diambil)))
    while True:
        galat = _periksa(katalog_dir, opd, kepala + _yaml_layanan([diambil[i][1] for i in sisa]))
        salah_baris = set()
        for urutan, kolom, pesan in galat:
            if urutan is None or urutan >= len(sisa):
                masalah.append(Masalah(nama, None, None, pesan))
            else:
                salah_baris.add(sisa[urutan])
                masalah.append(Masalah(nama, diambil[sisa[urutan]][0], kolom, pesan))
        sisa = [i for i in sisa if i not in salah_baris]
        if not salah_baris or not sisa:
            break
    if masalah:
        raise ImporGagal(_unik(masalah))
    return teks, len(diambil), dilewati


def _layanan_lama(berkas: Path) -> dict[str, dict]:
    """The services of the file being replaced, by id (none when it does not parse)."""
    try:
        data = baca_teks(berkas.name, berkas.read_bytes()).data
    except GagalBaca:
        return {}
    daftar = data.get("layanan") if isinstance(data, dict) else None
    return {x["id"]: x for x in daftar or [] if isinstance(x, dict) and isinstance(x.get("id"), str)}


def _bawa_en(d: dict, lama: dict[str, dict]) -> None:
    """Carry the English text the CSV cannot hold over from the same service in the old file."""
    asal = lama.get(d.get("id"))
    if not asal:
        return
    if asal.get("en"):
        d["en"] = asal["en"]
    kanal_lama = {(k.get("jenis"), k.get("label")): k for k in asal.get("kanal") or [] if isinstance(k, dict)}
    for k in d.get("kanal") or []:
        sama = kanal_lama.get((k.get("jenis"), k.get("label")))
        if sama and sama.get("en"):
            k["en"] = sama["en"]
    p, p_lama = d.get("pengaduan"), asal.get("pengaduan")
    if p and isinstance(p_lama, dict) and p_lama.get("en") and p.get("keterangan") == p_lama.get("keterangan"):
        p["en"] = p_lama["en"]


def _periksa(katalog_dir: Path, opd: str, teks: str) -> list[tuple[int | None, str | None, str]]:
    """Load a copy of the catalogue with this file replaced; errors as (index in layanan, column, message)."""
    with tempfile.TemporaryDirectory(prefix="impor-") as tmp:
        salinan = Path(tmp) / "catalog"
        shutil.copytree(katalog_dir, salinan)
        (salinan / FOLDER_INSTANSI / f"{opd}.yaml").write_text(teks, encoding="utf-8")
        try:
            muat_katalog(salinan)
            return []
        except KatalogTidakSah as e:
            kesalahan = [k for k in e.kesalahan if not k.peringatan]
    hasil = []
    berkas_ini = f"catalog/{FOLDER_INSTANSI}/{opd}.yaml"
    for k in kesalahan:
        cocok = _JALUR_LAYANAN.match(k.jalur) if k.berkas == berkas_ini else None
        if not cocok:
            hasil.append((None, None, f"{k.berkas}:{k.baris}: {k.pesan}"))
            continue
        kolom, sisa = cocok.group(2), cocok.group(3)
        if kolom == "pengaduan":
            kolom, sisa = f"pengaduan_{sisa[1:] or 'keterangan'}", ""
        butir = re.match(r"^\[(\d+)\]\.?(.*)$", sisa)
        if butir:  # kanal[1].url -> the 2nd line of the cell, as the editor sees it
            sisa = f"baris ke-{int(butir.group(1)) + 1} di sel ini" + (f", {butir.group(2)}" if butir.group(2) else "")
        pesan = f"{sisa}: {k.pesan}" if sisa else k.pesan
        hasil.append((int(cocok.group(1)), kolom if kolom in KOLOM else None, pesan))
    return hasil


def _unik(masalah: list[Masalah]) -> list[Masalah]:
    hasil = list(dict.fromkeys((m.berkas, m.baris or 0, m.kolom or "", m.pesan) for m in masalah))
    hasil.sort(key=lambda x: (x[1], KOLOM.index(x[2]) if x[2] in KOLOM else -1))
    return [Masalah(b, n or None, k or None, p) for b, n, k, p in hasil]


def jalankan(csv_jalur: Path, opd: str, katalog_dir: Path, ke: str | None, keluar, galat) -> int:
    """The command line: write the file (or stdout with --ke -), report in Bahasa Indonesia."""
    try:
        teks, jumlah, dilewati = impor(csv_jalur, opd, katalog_dir)
    except ImporGagal as e:
        for m in e.masalah:
            print(m, file=galat)
        baris = {m.baris for m in e.masalah if m.baris}
        print(f"\nImpor dibatalkan: {len(e.masalah)} masalah di {len(baris)} baris. Tidak ada berkas yang diubah; "
              "perbaiki sel yang disebut di atas lalu ulangi.", file=galat)
        return 1
    if ke == "-":
        keluar.write(teks)
    else:
        tujuan = Path(ke) if ke else Path(katalog_dir) / FOLDER_INSTANSI / f"{opd}.yaml"
        tujuan.write_text(teks, encoding="utf-8")
        print(f"{jumlah} layanan ditulis ke {tujuan}"
              + (f"; {dilewati} baris milik instansi lain dilewati" if dilewati else "") + ".", file=keluar)
    return 0

