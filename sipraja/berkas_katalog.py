"""The catalogue folder, file by file: which files belong, reading each one
(size-bounded, no symlinks), and every check a file allows on its own:
YAML reader, schema, the file's role, text rules and the editor modeline.

A file that still parsed is kept even with errors; what was refused is in
its `rusak`, so load.py's cross-file checks can run on the rest of it.
"""
from __future__ import annotations

import errno
from pathlib import Path

from . import muat_paralel, skema, teks
from .bacayaml import UKURAN_MAKS, Dokumen, GagalBaca, Kesalahan, baca_teks, teks_jalur

# which top-level keys each kind of file holds (the schema allows any of them)
PERAN = {
    "situs.yaml": {"situs"},
    "kategori.yaml": {"kategori"},
    "wilayah.yaml": {"sumber", "wilayah"},
}
PERAN_OPSIONAL = {"glosarium.yaml": {"glosarium"}}  # a catalogue may do without a search glossary
PERAN_INSTANSI = {"instansi", "layanan"}
FOLDER_INSTANSI = "instansi"
PERAN_ALUR = {"alur"}
FOLDER_ALUR = "alur"  # life-event journeys, one file each (sipraja/alur.py)
MODELINE = "# yaml-language-server: $schema="


def alasan_os(e: OSError) -> str:
    """An operating-system error in Indonesian (strerror is English)."""
    return {errno.ENOENT: "tidak ada", errno.ENOTDIR: "bukan folder", errno.EACCES: "izin ditolak",
            errno.EPERM: "izin ditolak", errno.EISDIR: "berupa folder", errno.ELOOP: "tautan simbolik berputar"
            }.get(e.errno, f"galat sistem {errno.errorcode.get(e.errno, e.errno)}")


def masalah_folder_katalog(folder: Path) -> str | None:
    """Why `--katalog` cannot be read as a catalogue folder, in Indonesian; None when it can."""
    contoh = "misalnya --katalog catalog (folder berisi situs.yaml, kategori.yaml, wilayah.yaml dan instansi/)"
    try:
        if not folder.exists():
            return f"folder katalog {folder} tidak ada; sebutkan folder katalog yang benar, {contoh}"
        if not folder.is_dir():
            return f"{folder} adalah berkas, bukan folder; --katalog menunjuk folder katalog, {contoh}"
        next(folder.iterdir(), None)
    except OSError as e:
        return f"folder katalog {folder} tidak bisa dibaca ({alasan_os(e)}); periksa izin folder itu"
    return None


def daftar_berkas(folder: Path) -> tuple[list[Path], list[Kesalahan]]:
    """Catalogue files in a fixed order, plus errors for files that don't belong."""
    kesalahan = []
    berkas = []
    masalah = masalah_folder_katalog(folder)
    if masalah:
        return [], [Kesalahan("catalog", 1, 1, "", masalah)]
    for p in sorted(folder.iterdir()):
        if p.suffix in (".yaml", ".yml") and not _berkas_biasa(p):
            kesalahan.append(_bukan_berkas_biasa(p, folder))
        elif p.is_file() and p.suffix in (".yaml", ".yml"):
            if p.suffix == ".yml" or (p.name not in PERAN and p.name not in PERAN_OPSIONAL):
                kesalahan.append(Kesalahan(_nama(p, folder), 1, 1, "", f"berkas tidak dikenal di catalog/. Berkas bersama hanya {', '.join(sorted({**PERAN, **PERAN_OPSIONAL}))}; berkas instansi disimpan di catalog/{FOLDER_INSTANSI}/ dengan akhiran .yaml"))
            else:
                berkas.append(p)
    for nama in sorted(PERAN):
        if not (folder / nama).is_file():
            kesalahan.append(Kesalahan(f"catalog/{nama}", 1, 1, "", "berkas wajib ini tidak ada"))
    for sub, jenis in ((FOLDER_INSTANSI, "instansi"), (FOLDER_ALUR, "alur")):
        if not (folder / sub).is_dir():
            continue
        try:
            isi = sorted((folder / sub).iterdir())
        except OSError as e:
            kesalahan.append(Kesalahan(f"catalog/{sub}", 1, 1, "", f"folder ini tidak bisa dibaca ({alasan_os(e)}); periksa izinnya"))
            continue
        for p in isi:
            if p.suffix in (".yaml", ".yml") and not _berkas_biasa(p):
                kesalahan.append(_bukan_berkas_biasa(p, folder))
            elif p.suffix == ".yaml" and p.is_file():
                berkas.append(p)
            elif p.suffix == ".yml" or (p.is_file() and not p.name.startswith(".")):
                kesalahan.append(Kesalahan(_nama(p, folder), 1, 1, "", f"berkas {jenis} harus berakhiran .yaml"))
    return berkas, kesalahan


def _berkas_biasa(p: Path) -> bool:
    # a symlink in a pull request could publish any file of the build machine,
    # and a FIFO or device named *.yaml would hang or flood the build
    return not p.is_symlink() and p.is_file()


def _bukan_berkas_biasa(p: Path, folder: Path) -> Kesalahan:
    return Kesalahan(_nama(p, folder), 1, 1, "", "bukan berkas biasa (tautan simbolik, folder atau perangkat); "
                     "simpan isi katalog sebagai berkas teks biasa")


def _baca_terbatas(p: Path) -> bytes:
    """At most one byte past the size limit: a huge file is refused without filling memory."""
    with open(p, "rb") as f:
        return f.read(UKURAN_MAKS + 1)


def _nama(p: Path, folder: Path) -> str:
    return f"catalog/{p.relative_to(folder).as_posix()}"


def baca_dokumen(folder: Path, cache: dict | None = None) -> tuple[list[Dokumen], list[Kesalahan], bool, dict]:
    """Parse and check every file on its own. A file that still parsed is kept
    even with errors (what was refused is in its `rusak`), so the cross-file
    checks also run on the rest of it; the flag says whether every file parsed.
    Also returns Markdown already rendered on the way (a cache for Markdown()).

    With a `cache` dict (serve mode), a file whose mtime and size did not
    change since the last call is not read again. Without one, a large
    catalogue is read in parallel (sipraja/muat_paralel.py)."""
    berkas, kesalahan = daftar_berkas(folder)
    cache_md = {} if cache is None else cache.setdefault("markdown", {})
    if cache is None and muat_paralel.layak(berkas):
        hasil, cache_md = muat_paralel.baca_semua(berkas, folder, _baca_satu)
    else:
        hasil = [_baca_dengan_cache(p, folder, cache) for p in berkas]
    dokumen = []
    for dok, galat in hasil:
        kesalahan.extend(galat)
        if dok is not None:
            dokumen.append(dok)
    return dokumen, kesalahan, len(dokumen) == len(berkas), cache_md


def _baca_dengan_cache(p: Path, folder: Path, cache: dict | None):
    if cache is None:
        return _baca_satu(p, folder)
    try:
        st = p.stat()
    except OSError:
        return _baca_satu(p, folder)  # gone or unreadable: say so, keep nothing
    cap = (st.st_mtime_ns, st.st_size)
    lama = cache.get(p)
    if lama is None or lama[0] != cap:
        lama = cache[p] = (cap, *_baca_satu(p, folder))
    return lama[1], lama[2]


def _baca_satu(p: Path, folder: Path) -> tuple[Dokumen | None, list[Kesalahan]]:
    nama = _nama(p, folder)
    try:
        mentah = _baca_terbatas(p)
    except OSError as e:
        return None, [Kesalahan(nama, 1, 1, "", f"berkas tidak bisa dibaca ({alasan_os(e)}); periksa izin berkas ini")]
    try:
        dok, galat = baca_teks(nama, mentah), []
    except GagalBaca as g:
        if g.dokumen is None:
            return None, g.kesalahan
        dok, galat = g.dokumen, list(g.kesalahan)  # refused values are None; check the rest
    dari_pembaca = [teks_jalur(j) for j in dok.rusak]
    lain = skema.periksa(dok) + _periksa_peran(dok, p) + teks.periksa(dok)
    galat += [k for k in lain if not any(_di_bawah(k.jalur, r) for r in dari_pembaca)]
    galat += _periksa_modeline(nama, p, mentah)
    return dok, galat


def _di_bawah(jalur: str, induk: str) -> bool:
    return not induk or jalur == induk or jalur.startswith((induk + ".", induk + "["))


def modeline_untuk(p: Path) -> str:
    """The first line every catalogue file carries (the catalogue folder sits next to schema/)."""
    naik = "../../" if p.parent.name in (FOLDER_INSTANSI, FOLDER_ALUR) else "../"
    return f"{MODELINE}{naik}schema/katalog.schema.json"


def _periksa_modeline(nama: str, p: Path, mentah: bytes) -> list[Kesalahan]:
    """Without the right first line VS Code neither completes nor underlines anything,
    and a line pointing elsewhere (another site's schema) would mislead the editor."""
    baris = str(mentah[:300], "utf-8", "replace").lstrip("\ufeff").split("\n", 1)[0].rstrip()
    harap = modeline_untuk(p)
    if baris in (harap, MODELINE + skema.skema()["$id"]):
        return []
    jalur = baris[len(MODELINE):] if baris.startswith(MODELINE) else ""
    if jalur and "://" not in jalur and (p.parent / jalur).resolve() == skema.BERKAS_SKEMA:
        return []  # a catalogue kept elsewhere may point at this repository's schema file
    keadaan = "menunjuk skema lain" if jalur else "belum berisi penunjuk skema"
    return [Kesalahan(nama, 1, 1, "", f"baris pertama {keadaan}; tulis persis: {harap} "
                      "(dengan baris ini VS Code dan editor lain menandai kesalahan selagi Anda mengetik)")]


def _periksa_peran(dok: Dokumen, p: Path) -> list[Kesalahan]:
    if not isinstance(dok.data, dict):
        return []  # the schema already said it must be a mapping
    harap = {FOLDER_INSTANSI: PERAN_INSTANSI, FOLDER_ALUR: PERAN_ALUR}.get(p.parent.name) or {**PERAN, **PERAN_OPSIONAL}.get(p.name, set())
    keluar = []
    for k in sorted(set(dok.data) - harap):
        b, c = dok.posisi((k,), kunci=True)
        keluar.append(Kesalahan(dok.berkas, b, c, k, f"kolom \"{k}\" tidak boleh ada di berkas ini; berkas ini hanya berisi {', '.join(sorted(harap))}"))
        dok.rusak.add((k,))
    for k in sorted(harap - set(dok.data)):
        keluar.append(Kesalahan(dok.berkas, 1, 1, "", f"kolom utama \"{k}\" belum ada di berkas ini"))
        dok.rusak.add((k,))
    for folder, kunci in ((FOLDER_INSTANSI, "instansi"), (FOLDER_ALUR, "alur")):
        if p.parent.name == folder and isinstance(dok.data.get(kunci), dict):
            ident = dok.data[kunci].get("id")
            if isinstance(ident, str) and ident != p.stem:
                b, c = dok.posisi((kunci, "id"))
                keluar.append(Kesalahan(dok.berkas, b, c, f"{kunci}.id", f"id \"{ident}\" harus sama dengan nama berkas \"{p.stem}\" (ganti salah satunya)"))
    return keluar
