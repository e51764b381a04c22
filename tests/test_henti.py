"""A build stopped by SIGTERM (a cancelled CI job, `timeout`) cleans up as a failed build does:
dist/ as it was, nothing left beside it, no search copies left in /dev/shm (memory), no worker left."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import AKAR
from test_build import sidik

sys.path.insert(0, str(AKAR / "bench"))
import katalog_sintetis  # noqa: E402

MEMORI = Path("/dev/shm")

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX signals")


def _salinan() -> set:
    return set(MEMORI.glob("sipraja-cari-*")) if MEMORI.is_dir() else set()


def _proses_dengan(teks: str) -> list[int]:
    hasil = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if teks.encode() in f.read():
                    hasil.append(int(pid))
        except OSError:
            pass
    return hasil


def _sedang_render(tmp_path: Path) -> bool:
    return any(any((baru / "layanan").glob("*/index.html")) for baru in tmp_path.glob(".dist-baru-*"))


def _sedang_indeks(tmp_path: Path) -> bool:
    return any((baru / "pagefind").is_dir() for baru in tmp_path.glob(".dist-baru-*"))


@pytest.mark.parametrize("tahap", [_sedang_render, _sedang_indeks], ids=["render", "indeks"])
def test_sigterm_membersihkan_seperti_build_gagal(tmp_path, tahap):
    katalog = tmp_path / "catalog"
    katalog_sintetis.buat(1500, katalog, benih=2)  # forked render workers, shards, a few seconds a stage
    dist = tmp_path / "dist"
    perintah = [sys.executable, str(AKAR / "build.py"), "--katalog", str(katalog), "--keluaran", str(dist)]
    subprocess.run(perintah, check=True, capture_output=True, cwd=AKAR)
    sebelum, salinan_lama = sidik(dist), _salinan()

    p = subprocess.Popen(perintah, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=AKAR)
    batas = time.monotonic() + 300
    while p.poll() is None and not tahap(tmp_path) and time.monotonic() < batas:
        time.sleep(0.02)
    assert p.poll() is None, "build selesai sebelum dihentikan"
    p.send_signal(signal.SIGTERM)
    keluaran = p.communicate(timeout=120)[0]

    assert p.returncode == 128 + signal.SIGTERM, keluaran
    assert sorted(x.name for x in tmp_path.iterdir()) == ["catalog", "dist"]
    assert sidik(dist) == sebelum
    assert _salinan() <= salinan_lama
    assert _proses_dengan(str(katalog)) == []
