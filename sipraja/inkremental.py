"""Incremental rebuilds for `build.py serve`: only the pages a changed file affects.

An edit to one institution file re-reads only that file (parsed files and
rendered Markdown are cached by mtime and size), checks the whole catalogue
again (ids must stay unique across files), then rewrites the pages that
show that file's data: its services and its institution page, every
kecamatan-level service when a kantor kecamatan changed, every kantor kecamatan
when a kecamatan-level service changed (the same for KUA offices),
and the list pages. Pages of removed services are deleted. A change to
anything else (shared catalogue files, templates, assets, code) rebuilds
everything. The list pages (in a forked child at low priority) and the
search index are rebuilt in the background afterwards: Pagefind has no
incremental mode, and the edited page must not wait for either.
"""
from __future__ import annotations

import gc
import os
import shutil
import tempfile
import threading
import time
from dataclasses import fields
from pathlib import Path

from .bahasa import AWALAN, halaman_diindeks_en
from .exports import tulis_sitemap
from .load import muat_katalog
from .model import Katalog
from .pipeline import bangun
from .proses import konteks_fork
from .render import Perender
from .search import SUBFOLDER, buat_indeks, buat_indeks_en, pecahan_wilayah


_BUKAN_ISI = {"instansi", "kategori", "istilah", "istilah_dijelaskan", "bagian_dari", "layanan",
              "catatan_per_kecamatan"}  # back-references (compared by value they would recurse)


def _sidik(obj) -> tuple:
    """What a service's or institution's own page shows of it, comparable between two loads."""
    isi = tuple((f.name, getattr(obj, f.name)) for f in fields(obj) if f.name not in _BUKAN_ISI)
    if hasattr(obj, "kategori"):
        isi += (tuple(k.id for k in obj.kategori), tuple((c.kecamatan.kode, c.catatan) for c in obj.catatan_per_kecamatan))
    return isi


_LATAR = None  # (katalog, dist, url) of the list pages, inherited by the forked child


def _daftar_dan_sitemap(anak: bool) -> list[str]:
    """The list pages and the sitemap of _LATAR's catalogue; returns the list pages' paths."""
    if anak:
        os.nice(10)
    katalog, dist, url = _LATAR
    # environments of its own (sendiri): a template cache lock held by another thread at the fork stays held here
    daftar = Perender(katalog, dist, url, sendiri=True).halaman_daftar()
    semua = daftar + [f"layanan/{i}/" for i in katalog.layanan] + [f"instansi/{i}/" for i in katalog.instansi]
    tulis_sitemap(dist, url, semua, katalog)
    return daftar


def _anak_daftar(kirim) -> None:
    try:
        kirim.send(_daftar_dan_sitemap(True))
    except BaseException as e:  # told to the parent, which logs it (_pengindeks)
        kirim.send(RuntimeError(f"{type(e).__name__}: {e}"))
    finally:
        kirim.close()


class Inkremental:
    def __init__(self, katalog_dir: Path, dist: Path, url_dasar: str, log=print):
        self.katalog_dir = Path(katalog_dir)
        self.dist = Path(dist).resolve()
        self.url = url_dasar.rstrip("/") + "/"
        self.log = log
        self.cache: dict = {}
        self.katalog: Katalog | None = None
        self._indeks_perlu = threading.Event()
        self._daftar_perlu = False
        self._sibuk = False
        self._kabar = None
        self._kunci_indeks = threading.Lock()
        threading.Thread(target=self._pengindeks, daemon=True).start()

    def penuh(self) -> Katalog:
        """The normal build (atomic swap of dist/), keeping the caches warm."""
        with self._kunci_indeks:
            self.katalog = bangun(self.katalog_dir, self.dist, self.url, log=self.log, cache=self.cache)
        return self.katalog

    def perbarui(self, berubah: set[Path], kabar) -> None:
        """Apply changed files; `kabar(paths or None)` is told which pages changed (None = all).
        Raises KatalogTidakSah with nothing written when the catalogue has an error."""
        folder_instansi = (self.katalog_dir / "instansi").resolve()
        if self.katalog is None or any(p.resolve().parent != folder_instansi or p.suffix != ".yaml" for p in berubah):
            self.penuh()
            kabar(None)
            return
        lama = self.katalog
        baru = muat_katalog(self.katalog_dir, self.cache)
        nama = {f"catalog/instansi/{p.name}" for p in berubah}
        ins_lama = [i for i in lama.instansi.values() if i.berkas in nama]
        ins_baru = [i for i in baru.instansi.values() if i.berkas in nama]
        lay_lama = {x.id: x for i in ins_lama for x in i.layanan}
        lay_baru = {x.id: x for i in ins_baru for x in i.layanan}
        tugas = [("layanan", i) for i in lay_baru] + [("instansi", i.id) for i in ins_baru]
        # A kecamatan-level service page lists every kantor kecamatan, and a kantor kecamatan page lists
        # every kecamatan-level service: an edited office rewrites those services, an edited service
        # only the 18 offices (a whole-regency rewrite on every service edit took seconds at 10,000).
        # The same between KUA offices and the services delivered at the KUA (dilayani_di: kua).
        for ke_kantor, jenis_kantor, kantor in (
                (lambda x: x.tingkat == "kecamatan", "kecamatan", [c.kantor for c in baru.wilayah.kecamatan]),
                (lambda x: x.dilayani_di == "kua", "kua", [c.kua for c in baru.wilayah.kecamatan])):
            if any(i.jenis == jenis_kantor for i in (*ins_lama, *ins_baru)):
                tugas += [("layanan", x.id) for x in baru.layanan.values() if ke_kantor(x) and x.id not in lay_baru]
            if any(ke_kantor(x) for x in (*lay_lama.values(), *lay_baru.values())):
                tugas += [("instansi", i.id) for i in kantor if i is not None and i.berkas not in nama]
        perender = Perender(baru, self.dist, self.url)
        # the edited services (all of the file's when its institution changed) and the institution page
        # are written and announced first: that is what the editor is looking at
        lama_ins = {i.id: i for i in ins_lama}
        ins_berubah = {i.id for i in ins_baru if i.id not in lama_ins or _sidik(i) != _sidik(lama_ins[i.id])}
        dulu = [("layanan", i) for i, x in lay_baru.items()
                if x.instansi.id in ins_berubah or i not in lay_lama or _sidik(x) != _sidik(lay_lama[i])]
        dulu += [("instansi", i.id) for i in ins_baru]
        for jenis, lama_, baru_ in (("layanan", lay_lama, lay_baru),
                                    ("instansi", {i.id for i in ins_lama}, {i.id for i in ins_baru})):
            for ident in set(lama_) - set(baru_):
                if ident not in (baru.layanan if jenis == "layanan" else baru.instansi):
                    for awalan in AWALAN.values():  # the page in every language
                        shutil.rmtree(self.dist / awalan / jenis / ident, ignore_errors=True)
        perender.halaman_banyak(dulu)
        self.katalog = baru
        kabar([f"{j}/{i}/" for j, i in dulu])
        sudah = set(dulu)
        sisa = [t for t in dict.fromkeys(tugas) if t not in sudah]
        if sisa:  # the pages that show the edited ones (offices, other services of the file)
            perender.halaman_banyak(sisa)
            kabar([f"{j}/{i}/" for j, i in sisa])
        self.log(f"diperbarui: {len(tugas)} halaman layanan/instansi; halaman daftar dan indeks menyusul")
        # the list pages (A-Z, themes, offices: seconds at 10,000 services), the sitemap and the search
        # index follow in the background, so the next edit does not wait for them
        self._kabar = kabar
        self._daftar_perlu = True
        self._indeks_perlu.set()

    def _tulis_daftar(self) -> None:
        # the flag first, the catalogue second: an edit landing in between sets the flag again
        # (perbarui sets self.katalog before it), so its list pages are never skipped
        global _LATAR
        self._daftar_perlu = False
        katalog, kabar = self.katalog, self._kabar
        # In a forked child at low priority: in this process the list pages (seconds of CPU at
        # 10,000 services) held the GIL against the next edit and the page reloads being served.
        # A plain child that exits when done, not a pool worker: a pool worker waits for more work,
        # and when serve is stopped (SIGTERM) it stayed behind for good, holding serve's output open.
        _LATAR = (katalog, self.dist, self.url)
        try:
            if (konteks := konteks_fork()) is not None:
                terima, kirim = konteks.Pipe(duplex=False)
                anak = konteks.Process(target=_anak_daftar, args=(kirim,), daemon=True)
                anak.start()
                kirim.close()
                try:
                    daftar = terima.recv()
                except EOFError:
                    daftar = None
                finally:
                    anak.join()
                if daftar is None:
                    raise RuntimeError(f"proses halaman daftar berhenti tanpa hasil (kode {anak.exitcode})")
                if isinstance(daftar, BaseException):
                    raise daftar
            else:
                daftar = _daftar_dan_sitemap(False)
        finally:
            _LATAR = None
        kabar(daftar + [f"{a}{j}" for a in AWALAN.values() if a for j in daftar])  # the English home is en/, not ""
        self.log(f"diperbarui: {len(daftar)} halaman daftar")

    def selesai(self, batas: float = 600) -> None:
        """Wait until the background work of the last edit is done (tests, benchmarks)."""
        akhir = time.monotonic() + batas
        while (self._indeks_perlu.is_set() or self._sibuk) and time.monotonic() < akhir:
            time.sleep(0.02)

    def _pengindeks(self) -> None:
        while True:
            self._indeks_perlu.wait()
            self._sibuk = True
            self._indeks_perlu.clear()
            with self._kunci_indeks:
                try:
                    if self._daftar_perlu:
                        self._tulis_daftar()
                    self._indeks_ulang()
                except Exception as e:  # the pages are up; a failed index only leaves search stale
                    self.log(f"halaman daftar atau indeks pencarian gagal diperbarui: {e}")
                finally:
                    if not gc.isenabled():  # serve runs without automatic GC (serve.sajikan): the old model goes now
                        gc.collect()
                    self._sibuk = False

    def _indeks_ulang(self) -> None:
        self._ganti_indeks(self.dist / SUBFOLDER,
                           lambda keluar: buat_indeks(self.dist, pecahan=pecahan_wilayah(self.katalog), keluaran=keluar,
                                                          latar=True))
        halaman_en = halaman_diindeks_en(self.katalog)
        if halaman_en:
            self._ganti_indeks(self.dist / AWALAN["en"] / SUBFOLDER,
                               lambda keluar: buat_indeks_en(self.dist, halaman_en, keluaran=keluar, latar=True))
        self.log("indeks pencarian diperbarui")

    def _ganti_indeks(self, lama: Path, buat) -> None:
        """Build one index into a fresh folder, then swap it in for `lama`."""
        baru = Path(tempfile.mkdtemp(prefix=".pagefind-baru-", dir=self.dist.parent))
        try:
            buat(baru)
            baru.chmod(0o755)
            sisih = Path(tempfile.mkdtemp(prefix=".pagefind-lama-", dir=self.dist.parent))
            sisih.rmdir()
            if lama.exists():
                lama.rename(sisih)
            baru.rename(lama)
            shutil.rmtree(sisih, ignore_errors=True)
        except BaseException:
            shutil.rmtree(baru, ignore_errors=True)
            raise
