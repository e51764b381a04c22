#!/usr/bin/env python3
"""Time every build stage: wall, CPU (this process + its workers and Pagefind), peak memory.

    python bench/ukur.py /tmp/katalog-10k [--kali 2]

Runs the real pipeline (sipraja.pipeline.bangun) with a stage hook. Peak
memory is sampled every second, and at the end of each stage, as the PSS
(proportional set size, so pages shared by forked workers count once) of this
process and all its children, plus what tmpfs holds beyond the start (the
search copies, which the build keeps in /dev/shm while it has room:
search.folder_salinan). Not more often: the kernel walks a process's page
tables to sum /proc/PID/smaps_rollup, ~10 ms of CPU for a 300 MB process, so
sampling the main process and two render workers every 20 ms took most of a
core from the build it measured (10,000 services, site on tmpfs: render
25-26 s in this bench against 17.6 s for `python build.py`). Once a second,
and never more than 2 % of one core (JEDA_PER_CPU); the stages' memory rises
and falls over seconds.

Every run's site is kept until the last run is reported, then deleted: on an
ext4 disk without a journal (this VM's), the kernel will not reuse an inode
freed in the last 60 s (360 s while its inode table block is unwritten) and
reads the table for each free one it passes over (fs/ext4/ialloc.c,
recently_deleted), so files made soon after a mass deletion cost 0.2-0.7 ms
of kernel time each instead of ~0.1 (10,000 services make ~69,000). Leave
minutes between runs of different benches, or use --kerja /dev/shm/... to
measure the code without the disk. Sites go into --kerja, by default .cache/
in this checkout: the disk `python build.py` writes dist/ to.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))


def _anak(pid: int) -> list[int]:
    keluar = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                keluar += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return keluar + [c for a in keluar for c in _anak(a)]


def _shmem() -> int:
    with open("/proc/meminfo") as f:
        for baris in f:
            if baris.startswith("Shmem:"):
                return int(baris.split()[1]) * 1024
    return 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for baris in f:
                if baris.startswith("Pss:"):
                    return int(baris.split()[1]) * 1024
    except OSError:
        pass
    return 0


def patokan() -> float:
    """CPU seconds of a fixed piece of pure Python (a loop, dict stores, string formatting): this
    shared VM's speed drifts by up to 2x within a day (0.106 to 0.244 s on 2026-12-03; the same
    100,000 build took 230 s at midday and 311 s that evening), so runs compare only beside it."""
    c0 = time.process_time()
    d = {}
    for i in range(400_000):
        d[i & 4095] = f"{i}:{i * 7}"
    return round(time.process_time() - c0, 3)


SELANG = 1.0  # seconds between memory samples at least (see the module docstring)
# and at least 50 times what the last sample cost: at 100,000 services one sample of the
# 1.4 GB process tree took ~50 ms, and once a second that was 16.8 CPU-s of a 308 s build
# (py-spy, 2026-12-04), ~5 % of a core taken from the build it measured; now at most 2 %
JEDA_PER_CPU = 50


class Pengukur:
    def __init__(self):
        self.hasil = {}
        self._puncak = 0
        self._jalan = True
        self._saya, self._awal = os.getpid(), _shmem()
        threading.Thread(target=self._sampel, daemon=True).start()

    def _sampel(self):
        while self._jalan:
            c = time.thread_time()  # this thread's CPU, the kernel's page-table walks included
            self._ambil()
            time.sleep(max(SELANG, JEDA_PER_CPU * (time.thread_time() - c)))

    def _ambil(self):
        self._puncak = max(self._puncak, sum(_pss(p) for p in [self._saya, *_anak(self._saya)])
                           + max(0, _shmem() - self._awal))

    @contextlib.contextmanager
    def __call__(self, tahap: str):
        self._puncak = 0
        t0, c0 = time.perf_counter(), os.times()
        yield
        t1, c1 = time.perf_counter(), os.times()
        sistem = (c1.system - c0.system) + (c1.children_system - c0.children_system)
        cpu = (c1.user - c0.user) + (c1.children_user - c0.children_user) + sistem
        if self._jalan:
            self._ambil()  # a stage shorter than SELANG still gets a sample, outside its timing
        # sistem_s: the kernel's share of cpu_s (creating files and folders, page faults of forked
        # workers), which varies with the disk far more than the Python part does
        self.hasil[tahap] = {"wall_s": round(t1 - t0, 2), "cpu_s": round(cpu, 2), "sistem_s": round(sistem, 2),
                             "puncak_mb": round(self._puncak / 2**20)}


def satu_kali(katalog: Path, kerja: Path) -> dict:
    """One build into kerja/dist, which the caller deletes (see the module docstring)."""
    from sipraja.pipeline import bangun
    cepat = patokan()
    u = Pengukur()
    t0 = time.perf_counter()
    try:
        k = bangun(katalog, kerja / "dist", log=lambda *_: None, ukur=u)
    finally:
        u._jalan = False
    total = time.perf_counter() - t0
    halaman = sum(1 for _ in (kerja / "dist").rglob("index.html"))
    return {"layanan": len(k.layanan), "halaman": halaman, "total_s": round(total, 2),
            "patokan_s": [cepat, patokan()],  # before and after: the speed can change during a run
            "halaman_per_s": round(halaman / (u.hasil["muat+validasi"]["wall_s"] + u.hasil["render"]["wall_s"])),
            "tahap": u.hasil}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("katalog", type=Path)
    ap.add_argument("--kali", type=int, default=2)
    ap.add_argument("--simpan", type=Path, help="keep the last built site here (for bench/unduhan_cari.py)")
    ap.add_argument("--kerja", type=Path, default=AKAR / ".cache",
                    help="folder the builds are written in (default: .cache/ of this checkout)")
    ap.add_argument("--biarkan", action="store_true",
                    help="keep every run's site under --kerja (delete them yourself later): benches run one after "
                         "another then never follow a mass deletion on this disk (see above)")
    a = ap.parse_args(argv)
    from sipraja.render import jumlah_proses
    print(json.dumps({"mesin": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPU, "
                      f"{jumlah_proses()} proses render, Python {platform.python_version()}",
                      "beban": open("/proc/loadavg").read().split()[:3]}))
    a.kerja.mkdir(parents=True, exist_ok=True)
    kerja = [Path(tempfile.mkdtemp(prefix="ukur-", dir=a.kerja)) for _ in range(a.kali)]
    try:
        for folder in kerja:
            print(json.dumps(satu_kali(a.katalog, folder)), flush=True)
        if a.simpan:
            shutil.rmtree(a.simpan, ignore_errors=True)
            shutil.move(kerja[-1] / "dist", a.simpan)  # --kerja may be another file system
    finally:
        for folder in kerja:  # only now: see the module docstring
            if a.biarkan and (folder / "dist").is_dir():
                print(json.dumps({"situs_dibiarkan": str(folder / "dist")}), flush=True)
            else:
                shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
