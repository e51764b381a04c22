#!/usr/bin/env python3
"""SIPRAJA portal build: the one entry point.

    python build.py            build the catalogue into dist/
    python build.py check      validate the catalogue only (for editors and pre-commit)
    python build.py serve      build, serve on localhost and rebuild on every change
    python build.py impor FILE.csv --opd ID   services from a spreadsheet (data/layanan.csv columns) into catalog/instansi/ID.yaml
    python build.py baru|diff|links|report|codeowners   editor and reviewer tools (sipraja/perintah.py)
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

AKAR = Path(__file__).resolve().parent


def berhenti_rapi() -> None:
    """SIGTERM (a cancelled CI job, `timeout`, a service manager) ends a build as Ctrl-C does, through
    its cleanup: by default Python dies at once and leaves the half-built site beside dist/ and the
    search copies in /dev/shm, which is memory (~50 MB at 10,000 services) held until a reboot. The
    build's worker processes are stopped first, or closing their pool would wait for their work."""
    utama = os.getpid()

    def tangani(nomor, bingkai):
        if os.getpid() != utama:  # a forked worker inherited this: end as it would have
            signal.signal(nomor, signal.SIG_DFL)
            os.kill(os.getpid(), nomor)
            return
        import multiprocessing
        for anak in multiprocessing.active_children():
            anak.terminate()
        raise SystemExit(128 + nomor)

    for nama in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, nama):
            signal.signal(getattr(signal, nama), tangani)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    from sipraja.perintah import PERINTAH, main as perintah_lain
    if argv and argv[0] in PERINTAH:  # editor and reviewer commands: sipraja/perintah.py
        return perintah_lain(argv)
    parser = argparse.ArgumentParser(prog="build.py", description="Bangun portal layanan publik dari katalog YAML.",
                                     epilog="Perintah penyunting dan peninjau: baru, diff, codeowners, links, report "
                                            "(lihat `python build.py PERINTAH -h`).")
    parser.add_argument("perintah", nargs="?", default="build", choices=["build", "check", "serve", "impor"],
                        help="build (bawaan), check (periksa katalog saja), serve (bangun dan sajikan di localhost), "
                             "impor (layanan dari berkas CSV)")
    parser.add_argument("berkas", nargs="?", help="untuk impor: berkas CSV berkolom seperti data/layanan.csv")
    parser.add_argument("--opd", help="untuk impor: id instansi (nama berkas di catalog/instansi/ tanpa .yaml)")
    parser.add_argument("--ke", help="untuk impor: tulis ke berkas ini (\"-\" = layar) alih-alih catalog/instansi/ID.yaml")
    parser.add_argument("--katalog", default=str(AKAR / "catalog"), help="folder katalog (bawaan: catalog/)")
    parser.add_argument("--keluaran", default=str(AKAR / "dist"), help="folder hasil (bawaan: dist/)")
    parser.add_argument("--url-dasar", help="alamat terbit situs, menimpa situs.url_dasar (mis. untuk GitHub Pages)")
    parser.add_argument("--port", type=_port, default=8000, help="port untuk serve (bawaan: 8000)")
    arg = parser.parse_args(argv)

    from sipraja.berkas_katalog import masalah_folder_katalog
    from sipraja.load import KatalogTidakSah, cetak_kesalahan, muat_katalog
    from sipraja.pipeline import KeluaranDitolak, bangun, periksa_keluaran

    masalah = masalah_folder_katalog(Path(arg.katalog))
    if masalah:
        print(f"galat: {masalah}", file=sys.stderr)
        return 2
    try:
        if arg.perintah in ("build", "serve"):
            periksa_keluaran(Path(arg.keluaran), Path(arg.katalog))  # before anything is written
        if arg.perintah == "check":
            katalog = muat_katalog(Path(arg.katalog))
            from sipraja import pemilik
            galat = pemilik.periksa(katalog, Path(arg.katalog))  # .github/CODEOWNERS follows `pemilik`
            if galat:
                raise KatalogTidakSah(galat + katalog.peringatan)
            cetak_kesalahan(katalog.peringatan)
            print(f"Katalog sah: {len(katalog.instansi)} instansi, {len(katalog.layanan)} layanan, {len(katalog.alur)} alur.")
            return 0
        if arg.perintah == "impor":
            if not arg.berkas or not arg.opd:
                parser.error("impor memerlukan berkas CSV dan --opd ID, misalnya: python build.py impor layanan.csv --opd dinsos")
            from sipraja.impor import jalankan
            return jalankan(Path(arg.berkas), arg.opd, Path(arg.katalog), arg.ke, sys.stdout, sys.stderr)
        if arg.perintah == "serve":
            from sipraja.serve import sajikan
            return sajikan(Path(arg.katalog), Path(arg.keluaran), arg.port, arg.url_dasar)
        katalog = bangun(Path(arg.katalog), Path(arg.keluaran), arg.url_dasar)
        cetak_kesalahan(katalog.peringatan)
        return 0
    except KatalogTidakSah as e:
        cetak_kesalahan(e.kesalahan)
        return 1
    except KeluaranDitolak as e:
        print(f"galat: {e} Tidak ada yang diubah.", file=sys.stderr)
        return 2


def _port(teks: str) -> int:
    if not teks.isdigit() or not 1 <= int(teks) <= 65535:
        raise argparse.ArgumentTypeError(f"port harus bilangan 1 sampai 65535, bukan {teks!r}")
    return int(teks)


if __name__ == "__main__":
    berhenti_rapi()
    sys.exit(main())
