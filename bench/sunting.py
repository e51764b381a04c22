#!/usr/bin/env python3
"""Edit-to-visible time of `build.py serve`: one service changed, seen in the browser.

    python bench/sunting.py /tmp/katalog-10k [--kali 3]

Copies the catalogue, starts the real `build.py serve` on 127.0.0.1, opens
one service page in headless Chromium, rewrites that service's `ringkasan`
in its YAML file and measures until the new text is on the screen (the
page reloads itself through serve mode's event stream). Reported per try,
from the moment the file is written.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sunting(peramban, port, lay, berkas, kali, hasil, log) -> None:
    page = peramban.new_page()
    try:
        page.goto(f"http://127.0.0.1:{port}/layanan/{lay['id']}/")
        page.wait_for_timeout(500)  # the event stream connects
        for i in range(kali):
            tanda = f"Ringkasan diubah untuk uji kecepatan nomor {i + 1}."
            teks = berkas.read_text(encoding="utf-8")
            lama = next(b_ for b_ in teks.splitlines() if b_.startswith("  ringkasan: "))
            t0 = time.perf_counter()
            berkas.write_text(teks.replace(lama, f"  ringkasan: {tanda}", 1), encoding="utf-8")
            try:
                page.wait_for_function("t => !!document.body && document.body.innerText.includes(t)", arg=tanda,
                                       timeout=60000)
            except Exception:
                print("\n".join(log[-5:]), page.url, file=sys.stderr)
                raise
            hasil.append(round(time.perf_counter() - t0, 3))
            page.wait_for_timeout(1500)
    finally:
        page.close()


def ukur(katalog: Path, kali: int = 3, peramban=None) -> dict:
    """`peramban`: a Playwright browser to use (tests pass theirs); else Chromium is started here."""
    from playwright.sync_api import sync_playwright

    from sipraja.bacayaml import baca_teks
    kerja = Path(tempfile.mkdtemp(prefix="sunting-"))
    try:
        kat = kerja / "catalog"
        shutil.copytree(katalog, kat)
        calon = [p for p in sorted((kat / "instansi").glob("*.yaml")) if "\n  ringkasan: " in p.read_text(encoding="utf-8")]
        berkas = calon[len(calon) // 2]
        lay = baca_teks(berkas.name, berkas.read_bytes()).data["layanan"][0]
        port = _port()
        t = time.perf_counter()
        proses = subprocess.Popen([sys.executable, str(AKAR / "build.py"), "serve", "--katalog", str(kat),
                                   "--keluaran", str(kerja / "dist"), "--port", str(port)],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        log = []
        try:
            for baris in proses.stdout:
                log.append(baris.rstrip())
                if "Situs tersaji" in baris:
                    break
            else:
                raise RuntimeError("\n".join(log))
            awal = time.perf_counter() - t
            hasil = []
            if peramban is not None:
                _sunting(peramban, port, lay, berkas, kali, hasil, log)
            else:
                with sync_playwright() as p:
                    b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                    _sunting(b, port, lay, berkas, kali, hasil, log)
                    b.close()
        finally:
            proses.terminate()
            try:
                sisa, _ = proses.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                proses.kill()
                sisa, _ = proses.communicate()
            log += sisa.splitlines()
        return {"layanan": lay["id"], "bangun_awal_s": round(awal, 2), "sunting_ke_tampil_s": hasil,
                "log_serve": [b_ for b_ in log if "diperbarui" in b_.lower()][:12]}
    finally:
        shutil.rmtree(kerja, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("katalog", type=Path)
    ap.add_argument("--kali", type=int, default=3)
    a = ap.parse_args(argv)
    print(json.dumps(ukur(a.katalog, a.kali), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
