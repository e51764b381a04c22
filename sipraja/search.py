"""Search index stage: the real Pagefind binary over the written pages.

Pagefind's Python API waits ~100 ms per added file, so the CLI indexes
the whole written folder in one pass. Only elements marked
`data-pagefind-body` (service and institution pages) are indexed.

At national size one index is too big: Pagefind needs ~8 GB to index
100,000 pages and the first query downloads its whole page list
(`pf_meta`, ~1 MB). So a large catalogue is indexed in shards (`pecahan`):
the regency-wide services and every institution page in the main index
`pagefind/`, and services of local units (a puskesmas, an UPT in a desa)
in one index per kecamatan, `pagefind/kec-<kode>/`. Each shard is indexed
on its own (memory stays bounded) and the search page merges a kecamatan's
shard with Pagefind's `mergeIndex` only when the citizen asks for it.
`pagefind/wilayah.json` lists the shards for the search page.

English pages (en/) have an index of their own, `en/pagefind/`, built with
the English stemmer over the English pages that have English text only
(`bahasa.diindeks_en`); the Indonesian index never holds them.

The full build gives Pagefind search copies (`salinan_cari`): each indexed
page cut down to its `data-pagefind-body` element, and a service page to
the part before AKHIR_INDEKS, written by the render workers beside the
page, one folder per index, in memory while tmpfs has room
(`folder_salinan`). Pagefind then reads a twentieth of the bytes, with the
same fragments and words (tests/test_skala.py compares the two).
serve mode indexes the written pages themselves (hard links), as before.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind_bin import get_executable

from .bahasa import AWALAN
from .kodejson import ringkas as json_ringkas

SUBFOLDER = "pagefind"
UTAMA_INDEKS = "utama"  # the search copies' folder of the main index (salinan_cari)
AMBANG_PECAH = 2000  # services; below this one index is small enough (~120 KB first query)
# Written by a template where nothing after it inside <main> is indexed (every element there is
# data-pagefind-ignore): the search copy ends there. test_skala checks the index is unchanged.
AKHIR_INDEKS = "<!--akhir-indeks-->"
_TAG_HTML = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
_KOSONG = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def tulis_kosakata(situs: Path, katalog) -> None:
    """The vocabulary the search page checks query words against and corrects
    typos with, one small file per first letter (cari/kosakata/a.json ...),
    and the English index's own under en/cari/kosakata/."""
    from .glosarium import kosakata_per_huruf
    for bahasa, awalan in AWALAN.items():
        folder = situs / awalan / "cari" / "kosakata"
        folder.mkdir(parents=True, exist_ok=True)
        for huruf, kata in sorted(kosakata_per_huruf(katalog, bahasa).items()):
            (folder / f"{huruf}.json").write_text(json_ringkas(kata),
                                                 encoding="utf-8")


class GagalIndeks(Exception):
    pass


def _pagefind(situs: Path, keluaran: Path, bahasa: str, latar: bool = False) -> str:
    """latar: serve mode's background rebuild runs at low CPU priority, so the next edit does not wait."""
    perintah = [str(get_executable()), "--site", str(situs), "--output-path", str(keluaran),
                "--force-language", bahasa]
    nice = shutil.which("nice") if latar else None
    if nice:
        perintah = [nice, "-n", "10", *perintah]
    hasil = subprocess.run(perintah, capture_output=True, text=True, timeout=1800)
    if hasil.returncode != 0:
        raise GagalIndeks(f"Pagefind gagal (kode {hasil.returncode}):\n{hasil.stdout}\n{hasil.stderr}")
    if not (keluaran / "pagefind.js").is_file():
        raise GagalIndeks("Pagefind selesai tetapi pagefind.js tidak ada")
    # the stock UIs weigh ~150 KB and are not used: the site has its own small script
    for berkas in sorted([*keluaran.glob("pagefind-*ui.*"), keluaran / "pagefind-highlight.js"]):
        berkas.unlink()
    return hasil.stdout


def buat_indeks(situs: Path, bahasa: str = "id", pecahan: dict | None = None, keluaran: Path | None = None,
                latar: bool = False, salinan: Path | None = None, halaman_en: list[str] | None = None) -> str:
    """Index `situs` into situs/pagefind/ (or `keluaran`); returns Pagefind's own summary.

    `pecahan` maps a kecamatan shard {kode: (nama, [page folders like "layanan/x/"])};
    those pages go into their shard and out of the main index. `salinan`: the
    search copies' folder (salinan_cari), read instead of the pages. `halaman_en`:
    also the English index (buat_indeks_en), in the same runs."""
    keluaran = keluaran or situs / SUBFOLDER
    daftar = []
    lain = [situs / a for a in AWALAN.values() if a]  # other languages' pages are indexed apart
    dipecah = {j for _, halaman in (pecahan or {}).values() for j in halaman}
    kerja = None if salinan is not None else Path(tempfile.mkdtemp(prefix=".indeks-", dir=situs.parent))

    def sumber(folder: str, berkas) -> Path:
        return salinan / folder if salinan is not None else _tautkan(situs, berkas(), kerja / folder)

    try:
        utama = sumber(UTAMA_INDEKS, lambda: [
            p for p in situs.rglob("index.html") if p.parent.relative_to(situs).as_posix() + "/" not in dipecah
            and not any(p.is_relative_to(x) for x in lain)])
        urut = sorted((pecahan or {}).items())
        # (pages, name, run): every index of the build, run two at a time, the largest first so
        # that no big one is left running alone at the end (the English index came last, ~0.8 s
        # alone at 10,000 services); memory stays that of two runs. Summaries keep a fixed order.
        tugas = [(sum(1 for _ in utama.rglob("index.html")), "", lambda: _pagefind(utama, keluaran, bahasa, latar))]
        for kode, (nama, halaman) in urut:
            folder = folder_pecahan(kode)
            tugas.append((len(halaman), folder, lambda folder=folder, halaman=halaman: _pagefind(
                sumber(folder, lambda: [situs / j / "index.html" for j in halaman]), keluaran / folder, bahasa, latar)))
        if halaman_en:
            tugas.append((len(halaman_en), "en", lambda: buat_indeks_en(situs, halaman_en, latar=latar, salinan=salinan)))
        with ThreadPoolExecutor(2) as ex:
            hasil = {nama: ex.submit(jalan) for _, nama, jalan in sorted(tugas, key=lambda t: -t[0])}
            ringkas = "".join(hasil[nama].result() for _, nama, _ in tugas)
        for kode, (nama, halaman) in urut:
            daftar.append({"kode": kode, "nama": nama, "folder": folder_pecahan(kode) + "/", "jumlah": len(halaman)})
    finally:
        if kerja is not None:
            shutil.rmtree(kerja, ignore_errors=True)
    (keluaran / "wilayah.json").write_text(json_ringkas(daftar) + "\n",
                                           encoding="utf-8")
    return ringkas


def buat_indeks_en(situs: Path, halaman: list[str], keluaran: Path | None = None, latar: bool = False,
                   salinan: Path | None = None) -> str:
    """The English index, en/pagefind/ (or `keluaran`), over the listed English pages only
    ('layanan/x/' ...): English stemming, and the English index stays small."""
    keluaran = keluaran or situs / AWALAN["en"] / SUBFOLDER
    if not halaman:
        return ""  # nothing in English to search: the English search page says so
    if salinan is not None:
        return _pagefind(salinan / AWALAN["en"].strip("/"), keluaran, "en", latar)
    kerja = Path(tempfile.mkdtemp(prefix=".indeks-en-", dir=situs.parent))
    try:
        akar = situs / AWALAN["en"]
        return _pagefind(_tautkan(akar, [akar / j / "index.html" for j in halaman], kerja), keluaran, "en", latar)
    finally:
        shutil.rmtree(kerja, ignore_errors=True)


def folder_pecahan(kode: str) -> str:
    return f"kec-{kode.replace('.', '-')}"


MEMORI = Path("/dev/shm")
BYTE_SALINAN = 6_000  # search copies of one service in both languages, as tmpfs stores them (a 4 KB page each)
SALINAN_MEMORI_MAKS = 150_000  # services: the copies of more (~0.9 GB) go to the disk, for the memory budget


def folder_salinan(katalog, kelompok: dict[str, str], batas: int = SALINAN_MEMORI_MAKS,
                   memori: Path = MEMORI) -> tuple[Path, bool]:
    """A fresh folder for the search copies (salinan_cari), and whether every copy's folder is
    already made in it. In memory (tmpfs) when the catalogue has fewer than `batas` services
    and the tmpfs has room for twice their copies, else in the temp folder. The copies are two
    new files a service, made by the render workers and read once by Pagefind; on a disk each
    costs a file's creation and deletion in the file system (0.1-0.7 ms of kernel time on the VM
    of README's "Speed and scale", where deleting 100,000 services' copies took 40 s or more).

    Pagefind numbers pages in the order it lists their folders, and tmpfs lists entries in the
    order they were made (ext4 in the order of a hash of their names): so in memory every copy's
    folder is made here, sorted, before the workers write into them, and the index is the same
    bytes from build to build whichever worker finishes first."""
    folder = None
    if len(katalog.layanan) < batas:
        try:
            info = os.statvfs(memori)
            if info.f_bavail * info.f_frsize >= 2 * BYTE_SALINAN * max(len(katalog.layanan), 1) \
                    and os.access(memori, os.W_OK):
                folder = Path(tempfile.mkdtemp(prefix="sipraja-cari-", dir=memori))
                for jalur in sorted(_folder_salinan(katalog, kelompok)):
                    (folder / jalur).mkdir(parents=True)
                return folder, True
        except OSError:  # no /dev/shm (not Linux, a container without it), or it filled up: the disk
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix="sipraja-cari-")), False


def _folder_salinan(katalog, kelompok: dict[str, str]):
    """Where render._tulis_satu writes each indexed page's copy: <index folder>/<page folder>
    (the Indonesian index's shard, or the other language's prefix)."""
    from .bahasa import halaman_diindeks
    for bahasa, awalan in AWALAN.items():
        for jalur in halaman_diindeks(katalog, bahasa):
            yield awalan + jalur if awalan else f"{kelompok.get(jalur, UTAMA_INDEKS)}/{jalur}"


def kelompok_salinan(pecahan: dict | None) -> dict[str, str]:
    """{page folder: its search copies' folder} for the pages of kecamatan shards; the rest go to UTAMA_INDEKS."""
    return {j: folder_pecahan(kode) for kode, (_, halaman) in (pecahan or {}).items() for j in halaman}


def salinan_cari(html: str, bahasa: str) -> str | None:
    """The page as Pagefind needs it, or None when it is not indexed: only the element marked
    data-pagefind-body (the page's <main>) is read by Pagefind, and the rest is most of the bytes."""
    tanda = html.find(" data-pagefind-body")
    if tanda < 0:
        return None
    awal, akhir = html.rfind("<main", 0, tanda), html.rfind("</main>")
    if awal < 0 or akhir < tanda:
        raise GagalIndeks("halaman diindeks tanpa <main data-pagefind-body>…</main>: salinan pencarian tidak bisa dibuat")
    potong = html.find(AKHIR_INDEKS, tanda, akhir)
    if potong < 0:
        isi = html[awal:akhir + 7]
    else:  # a service page: 1.2 KB instead of 8.8, and Pagefind parses less
        isi = html[awal:potong] + _tutup(html, awal, potong)
    return (f'<!doctype html>\n<html lang="{bahasa}"><head><meta charset="utf-8"></head><body>'
            f"{isi}</body></html>\n")


def _tutup(html: str, awal: int, akhir: int) -> str:
    """The end tags of the elements still open in html[awal:akhir] (our own markup: attribute
    values are escaped, so a '>' always ends a tag), innermost first."""
    terbuka: list[str] = []
    for m in _TAG_HTML.finditer(html, awal, akhir):
        nama = m.group(2).lower()
        if m.group(1):
            if nama in terbuka:
                del terbuka[len(terbuka) - 1 - terbuka[::-1].index(nama):]
        elif nama not in _KOSONG and not m.group(0).endswith("/>"):
            terbuka.append(nama)
    return "".join(f"</{t}>" for t in reversed(terbuka))


def _tautkan(situs: Path, berkas: list[Path], tujuan: Path) -> Path:
    """A site folder holding only `berkas` (hard links: nothing is copied), same relative paths."""
    for p in berkas:
        t = tujuan / p.relative_to(situs)
        t.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(p, t)
        except OSError:
            shutil.copyfile(p, t)
    return tujuan


def pecahan_wilayah(katalog, ambang: int = AMBANG_PECAH) -> dict | None:
    """Shards for a large catalogue: services of institutions located in a
    desa/kelurahan (kode_wilayah with four parts) go to their kecamatan."""
    if len(katalog.layanan) < ambang:
        return None
    kecamatan = {k.kode: k for k in katalog.wilayah.kecamatan}
    pecahan: dict = {}
    for ins in katalog.instansi.values():
        kode = ins.kontak.kode_wilayah or ""
        kec = kecamatan.get(kode.rsplit(".", 1)[0]) if kode.count(".") == 3 else None
        if kec is not None and ins.layanan:
            pecahan.setdefault(kec.kode, (kec.nama, []))[1].extend(f"layanan/{x.id}/" for x in ins.layanan)
    return pecahan or None
