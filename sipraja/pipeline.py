"""The build, top to bottom: catalogue -> validated model -> pages -> index -> published folder.

The site is written into a fresh sibling folder and swapped in only when
every stage succeeded, so a failed build leaves the last good dist/ as it was.
"""
from __future__ import annotations

import contextlib
import gc
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from . import status as status_tautan
from .exports import salin_aset, tulis_header, tulis_robots, tulis_sitemap
from .load import muat_katalog
from .luring import tulis_luring
from .model import Katalog
from .opendata import riwayat_git, tulis_data
from .proses import konteks_fork
from .render import CSP, HEMAT_MEMORI, Perender
from .bahasa import halaman_diindeks_en
from .search import buat_indeks, folder_salinan, kelompok_salinan, pecahan_wilayah, tulis_kosakata

AKAR_PROYEK = Path(__file__).resolve().parent.parent
FOLDER_ASET = AKAR_PROYEK / "assets"


def _tanpa_ukur(tahap: str):
    return contextlib.nullcontext()


_TULIS = None  # the write stage of the build in progress, for the forked process that runs it


def _tulis_di_anak() -> None:
    _TULIS()


def _pelaksana_tulis():
    """Where the write stage runs beside Pagefind: a forked process. In a thread it held the GIL
    against the thread that starts and reads each Pagefind run (subprocess.run gives up the GIL at
    every system call and waits up to the 5 ms switch interval to get it back), and the first runs
    took ~1 s longer than Pagefind's own time (10,000 services: 1.49 s against "Finished in 0.405")."""
    if (fork := konteks_fork()) is not None:
        return ProcessPoolExecutor(1, mp_context=fork)
    return ThreadPoolExecutor(1)


def bangun(katalog_dir: Path, dist: Path, url_dasar: str | None = None, log=print, ukur=_tanpa_ukur,
           cache: dict | None = None) -> Katalog:
    """Build the site into dist/; raises KatalogTidakSah without touching dist/.

    `ukur(tahap)` is a context manager around each stage (bench/ measures with it)."""
    global _TULIS
    dist = Path(dist).resolve()
    t0 = time.perf_counter()
    # The cyclic GC rescans the whole growing heap while the catalogue is built
    # (a tenth of load time at 10,000 services, more at 100,000); nothing
    # cyclic is garbage there. Freezing the model afterwards also keeps forked
    # render workers from touching (and so copying) its pages when they collect.
    gc_aktif = gc.isenabled()
    gc.disable()
    try:
        with ukur("muat+validasi"):
            katalog = muat_katalog(Path(katalog_dir), cache)
            katalog.status_tautan = status_tautan.baca(Path(katalog_dir))  # offline-safe: a file, never the network
    finally:
        if gc_aktif:
            gc.enable()
    gc.freeze()
    t1 = time.perf_counter()
    log(f"muat+validasi: {len(katalog.instansi)} instansi, {len(katalog.layanan)} layanan ({t1 - t0:.2f} s)")
    url = (url_dasar or katalog.situs.url_dasar).rstrip("/") + "/"
    dist.parent.mkdir(parents=True, exist_ok=True)
    baru = Path(tempfile.mkdtemp(prefix=".dist-baru-", dir=dist.parent))
    salinan = hapus = None  # the pages as Pagefind reads them (search.salinan_cari), and their deletion
    try:
        with ukur("render"):
            perender = Perender(katalog, baru, url)
            pecahan = pecahan_wilayah(katalog)
            kelompok = kelompok_salinan(pecahan)
            salinan, siap = folder_salinan(katalog, kelompok)  # in memory while tmpfs has room
            perender.salinan = (salinan, kelompok, siap)
            perender.dasar["ada_pecahan"] = bool(pecahan)  # the search page merges kecamatan shards only then
            halaman = perender.semua()  # QR codes included (render.halaman_daftar_dan_qr)
            perender.halaman_404(urlsplit(url).path)
        t2 = time.perf_counter()
        log(f"render: {len(halaman) + 1} halaman ({t2 - t1:.2f} s)")

        def tulis_json():  # the write stage's first half: katalog.json and HSDS
            tulis_data(baru, url, katalog, bagian="json")

        def tulis_lain():  # and the rest: assets, offline files, schema, sitemap, tables, feed, headers
            salin_aset(FOLDER_ASET, baru / "assets")
            tulis_luring(baru, katalog)
            # the schema's $id is <url_dasar>schema/katalog.schema.json: editors and tools can point at it
            shutil.copytree(AKAR_PROYEK / "schema", baru / "schema")
            tulis_sitemap(baru, url, halaman, katalog)
            tulis_robots(baru, url)
            tulis_data(baru, url, katalog, riwayat_git(Path(katalog_dir)), bagian="tabel")
            tulis_header(baru, CSP)

        def tulis_berkas():
            tulis_json()
            tulis_lain()

        # The write stage is one core of Python, and Pagefind leaves part of the other idle, so
        # they run side by side (they touch different files: Pagefind reads the search copies),
        # the write stage in a forked process (_pelaksana_tulis).
        # A national catalogue keeps them apart: the exports' memory would add to Pagefind's.
        # Deleting the copies (on disk, past search.SALINAN_MEMORI_MAKS or without room in tmpfs, that is
        # kernel I/O: 40 s and more for 100,000 services' files) runs in a thread from the moment Pagefind
        # is done with them, beside the write stage, and every stage is over only when they are gone.
        bersama = len(katalog.layanan) < HEMAT_MEMORI
        _TULIS = tulis_berkas
        with ukur("indeks+tulis" if bersama else "indeks"), _pelaksana_tulis() as latar:
            tulis = latar.submit(_tulis_di_anak) if bersama else None
            tulis_kosakata(baru, katalog)
            buat_indeks(baru, pecahan=pecahan, salinan=salinan, halaman_en=halaman_diindeks_en(katalog))
            hapus = threading.Thread(target=shutil.rmtree, args=(salinan, True), daemon=True)
            hapus.start()
            if tulis is not None:
                tulis.result()
                hapus.join()
        t3 = time.perf_counter()
        log(f"indeks Pagefind{' dan berkas lain' if bersama else ''} ({t3 - t2:.2f} s)")
        if not bersama:
            # alone after the index: its halves side by side, the JSON in a forked process (at 100,000
            # services one process took 26 s on one core while the other idled); the main process keeps
            # the other half, so only one process copies the model pages it reads
            with ukur("tulis"):
                _TULIS = tulis_json
                with _pelaksana_tulis() as latar:
                    separuh = latar.submit(_tulis_di_anak)
                    tulis_lain()
                    separuh.result()
                hapus.join()
        baru.chmod(0o755)  # mkdtemp makes 0700; web servers need to read it
        _tukar(baru, dist, latar=len(halaman) >= HAPUS_LATAR)
    except BaseException:
        shutil.rmtree(baru, ignore_errors=True)
        raise
    finally:
        _TULIS = None
        if hapus is not None:
            hapus.join()
        if salinan is not None:
            shutil.rmtree(salinan, ignore_errors=True)
        gc.unfreeze()  # serve mode builds again: the old model must be collectable
    log(f"selesai: {dist} ({time.perf_counter() - t0:.2f} s)")
    return katalog


PENANDA = ".sipraja-dist"  # written into every build: only such a folder is ever replaced
_ISI_PENANDA = ("Folder ini dibuat oleh build.py (SIPRAJA) dan diganti seluruhnya pada setiap build.\n"
                "Jangan simpan berkas lain di sini.\n")


class KeluaranDitolak(Exception):
    """--keluaran names a folder the build must not replace; the message is for the user."""


def periksa_keluaran(dist: Path, katalog_dir: Path | None = None) -> None:
    """Raise KeluaranDitolak unless `dist` is new, empty or an earlier build of this tool:
    replacing a folder deletes everything in it, so `--keluaran ~` must not wipe a home."""
    dist = Path(dist).resolve()
    dilindungi = [(Path(dist.anchor), "akar sistem berkas"), (Path.home().resolve(), "folder rumah (home)"),
                  (AKAR_PROYEK, "akar repositori")]
    if katalog_dir is not None:
        dilindungi.append((Path(katalog_dir).resolve(), "folder katalog"))
    saran = "Pilih folder lain untuk hasil build, misalnya --keluaran dist"
    for folder, nama in dilindungi:
        if dist == folder:
            raise KeluaranDitolak(f"--keluaran {dist} adalah {nama}, padahal build mengganti seluruh isi folder keluaran. {saran}.")
        if folder.is_relative_to(dist):
            raise KeluaranDitolak(f"--keluaran {dist} memuat {nama} ({folder}), padahal build mengganti seluruh isi folder keluaran. {saran}.")
    if katalog_dir is not None and dist.is_relative_to(Path(katalog_dir).resolve()):
        raise KeluaranDitolak(f"--keluaran {dist} berada di dalam folder katalog. {saran}.")
    if not (dist.exists() or dist.is_symlink()):
        return
    if not dist.is_dir():
        raise KeluaranDitolak(f"--keluaran {dist} adalah berkas, bukan folder. {saran}.")
    if not _hasil_build(dist):
        raise KeluaranDitolak(f"--keluaran {dist} sudah berisi berkas yang bukan hasil build SIPRAJA (tidak ada {PENANDA}); "
                              f"build akan menghapus semuanya, jadi tidak dilanjutkan. {saran}, atau kosongkan folder itu.")


def _hasil_build(dist: Path) -> bool:
    """Empty, marked by a build, or an unmarked build from before the marker existed."""
    try:
        if (dist / PENANDA).is_file() or not any(dist.iterdir()):
            return True
    except OSError:
        return False
    return (dist / "index.html").is_file() and (dist / "pagefind" / "pagefind.js").is_file() and (dist / "assets").is_dir()


# Pages from which the replaced site is deleted by a background process (_hapus_di_latar).
HAPUS_LATAR = 5000
_AWALAN_LAMA = ".dist-lama-"  # the old site for the instant of the swap (restored if the swap fails)
_AWALAN_HAPUS = ".dist-hapus-"  # a replaced site waiting to be deleted; nothing else carries this name
_PENGHAPUS: list[subprocess.Popen] = []  # held, or Python warns that they still run when it drops them


def _tukar(baru: Path, dist: Path, latar: bool = False) -> None:
    """Put the new site in place; the old one is removed only after, and only
    when it is a build of this tool (periksa_keluaran). With `latar` (a large
    site) a detached process removes it, so the build ends when the new site
    is in place: on this VM's disk deleting the 10,000-service site took 6 s
    after a 14 s build (the 100,000 one 58 s), mostly waiting for the disk."""
    periksa_keluaran(dist)
    (baru / PENANDA).write_text(_ISI_PENANDA, encoding="utf-8")
    if not dist.exists():
        baru.rename(dist)
        return
    lama = Path(tempfile.mkdtemp(prefix=_AWALAN_LAMA, dir=dist.parent))
    lama.rmdir()
    dist.rename(lama)
    try:
        baru.rename(dist)
    except BaseException:
        lama.rename(dist)
        raise
    if latar and _hapus_di_latar(lama):
        return
    shutil.rmtree(lama, ignore_errors=True)


def _hapus_di_latar(lama: Path) -> bool:
    """Hand the replaced site to a detached, low-priority process that deletes it, with any
    replaced site an earlier deletion left (a reboot or a killed session mid-way). The folder is
    renamed first, so the sweep never touches a .dist-lama-* of a build in its swap; two deleters
    on one folder are harmless. False where no such process can be started: delete it here."""
    if os.name != "posix":
        return False
    hapus = lama.with_name(_AWALAN_HAPUS + lama.name.removeprefix(_AWALAN_LAMA))
    try:
        lama.rename(hapus)
    except OSError:
        return False
    try:
        _PENGHAPUS[:] = [p for p in _PENGHAPUS if p.poll() is None]  # reaped: serve builds again and again
        _PENGHAPUS.append(subprocess.Popen([sys.executable, "-c", _KODE_HAPUS, str(hapus.parent)],
                                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True))
    except OSError:
        hapus.rename(lama)
        return False
    return True


# Run by the detached process: its own session, so Ctrl-C in the terminal and the end of build.py
# leave it running; nice 10, so it yields the CPU to whatever runs next.
_KODE_HAPUS = f"""
import os, shutil, sys
os.nice(10)
for nama in sorted(os.listdir(sys.argv[1])):
    if nama.startswith({_AWALAN_HAPUS!r}):
        shutil.rmtree(os.path.join(sys.argv[1], nama), ignore_errors=True)
"""
