"""The editor and reviewer commands of build.py (baru, diff, links, report,
codeowners), kept apart from the build's own three so build.py stays small.
Each command's work lives in its own module; this file only parses arguments.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
PERINTAH = ("baru", "diff", "codeowners", "links", "report")


def _baru(arg) -> int:
    from .editor import GagalMembuat, baru_instansi, baru_layanan
    try:
        if arg.jenis_baru == "layanan":
            if not arg.instansi:
                print("sebutkan instansinya: python build.py baru layanan --instansi ID [--id ID-LAYANAN]", file=sys.stderr)
                return 2
            berkas, baris = baru_layanan(Path(arg.katalog), arg.instansi, arg.ident or "")
            print(f"Templat layanan ditambahkan di {berkas}:{baris}. Isi kolom bertanda WAJIB, "
                  "lalu jalankan: python build.py check")
        else:
            if not arg.ident:
                print("sebutkan id instansi: python build.py baru instansi ID", file=sys.stderr)
                return 2
            berkas = baru_instansi(Path(arg.katalog), arg.ident, arg.jenis or "")
            print(f"Berkas instansi dibuat: {berkas}. Isi kolom bertanda WAJIB dan kolom pemilik "
                  "(akun/tim GitHub peninjau berkas ini), lalu jalankan:\n"
                  "  python build.py codeowners   # memperbarui .github/CODEOWNERS untuk berkas baru ini\n"
                  "  python build.py check\n"
                  "dan sertakan .github/CODEOWNERS dalam commit Anda.")
    except GagalMembuat as g:
        print(f"galat: {g}", file=sys.stderr)
        return 1
    return 0


def _links(arg, pemeriksa=None) -> int:
    from . import status
    from .linkcheck import Pemeriksa
    from .load import KatalogTidakSah, cetak_kesalahan, muat_katalog
    folder = Path(arg.katalog)
    try:
        katalog = muat_katalog(folder)
    except KatalogTidakSah as e:
        cetak_kesalahan(e.kesalahan)
        return 1
    dipakai = status.kumpulkan(katalog)
    pemeriksa = pemeriksa or Pemeriksa(arg.paralel, arg.jeda_host, arg.batas_waktu, arg.ulang)
    print(f"Memeriksa {len(dipakai)} tautan ({len({u.split('/')[2] for u in dipakai})} host)...", file=sys.stderr)
    hasil = pemeriksa.periksa_semua(list(dipakai))
    if hasil and not any(h.dijawab for h in hasil.values()):
        print("Tidak ada satu pun server yang menjawab: jaringan tampaknya tidak tersedia. "
              f"catalog/{status.BERKAS} tidak diubah.", file=sys.stderr)
        return 0
    lama = status.baca(folder)
    baru = status.gabung(lama, hasil, dipakai, status.hari_ini())
    berkas = status.tulis(folder, baru, status.sekarang())
    hitung: dict[str, int] = {}
    for s in baru.values():
        hitung[s["status"]] = hitung.get(s["status"], 0) + 1
    print(f"Ditulis: {berkas}. " + ", ".join(f"{k}: {v}" for k, v in sorted(hitung.items())))
    for url in status.baru_rusak(lama, baru):
        print(f"baru rusak: {url} ({baru[url]['galat'] or baru[url]['status']})")
    if arg.ringkasan:
        Path(arg.ringkasan).write_text(status.ringkasan_pemilik(katalog, lama, baru), encoding="utf-8")
    return 0


def _report(arg) -> int:
    import json

    from . import skor, status
    from .load import KatalogTidakSah, cetak_kesalahan, muat_katalog
    try:
        katalog = muat_katalog(Path(arg.katalog))
    except KatalogTidakSah as e:
        cetak_kesalahan(e.kesalahan)
        return 1
    katalog.status_tautan = status.baca(Path(arg.katalog))
    acuan = skor.tanggal_acuan()
    nilai = skor.nilai_semua(katalog, acuan)
    if arg.json:
        data = {"tanggal_acuan": acuan.isoformat(), "ringkasan": skor.ringkasan(nilai),
                "instansi": [n.sebagai_json() for n in nilai]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(skor.teks(nilai, acuan))
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description="Perintah untuk penyunting dan peninjau katalog.")
    parser.add_argument("--katalog", default=str(AKAR / "catalog"), help="folder katalog (bawaan: catalog/)")
    sub = parser.add_subparsers(dest="perintah", required=True)

    p = sub.add_parser("baru", help="buat templat layanan atau berkas instansi baru, lengkap dengan keterangan")
    p.add_argument("jenis_baru", choices=["layanan", "instansi"])
    p.add_argument("ident", nargs="?", help="id instansi (untuk instansi) atau id layanan (untuk layanan, pilihan)")
    p.add_argument("--instansi", help="id instansi tempat layanan ditambahkan")
    p.add_argument("--id", dest="ident_opsi", help="id layanan baru (huruf kecil dan tanda hubung)")
    p.add_argument("--jenis", help="jenis instansi baru, misalnya dinas atau kecamatan")
    p.add_argument("--katalog", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    p = sub.add_parser("diff", help="perubahan katalog dibanding sebuah ref git, per instansi dan layanan (Markdown)")
    p.add_argument("ref", help="ref git pembanding, misalnya origin/main atau HEAD^1")
    p.add_argument("--katalog", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    p = sub.add_parser("codeowners", help="tulis ulang .github/CODEOWNERS dari kolom pemilik")
    p.add_argument("--katalog", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    p = sub.add_parser("links", help="periksa semua tautan keluar; tulis catalog/status-tautan.json")
    p.add_argument("--paralel", type=int, default=8, help="permintaan bersamaan paling banyak (bawaan 8)")
    p.add_argument("--jeda-host", type=float, default=1.0, help="detik antarpermintaan ke host yang sama (bawaan 1)")
    p.add_argument("--batas-waktu", type=float, default=15.0, help="detik menunggu jawaban (bawaan 15)")
    p.add_argument("--ulang", type=int, default=2, help="percobaan ulang untuk galat sementara (bawaan 2)")
    p.add_argument("--ringkasan", help="tulis tautan yang baru rusak, per pemilik, sebagai Markdown ke berkas ini")
    p.add_argument("--katalog", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    p = sub.add_parser("report", help="kelengkapan katalog per instansi, sebagai teks atau JSON")
    p.add_argument("--json", action="store_true", help="keluaran JSON")
    p.add_argument("--katalog", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    arg = parser.parse_args(argv)
    from .berkas_katalog import masalah_folder_katalog
    masalah = masalah_folder_katalog(Path(arg.katalog))
    if masalah:
        print(f"galat: {masalah}", file=sys.stderr)
        return 2
    if arg.perintah == "report":
        return _report(arg)
    if arg.perintah == "links":
        return _links(arg)
    if arg.perintah == "codeowners":
        from . import pemilik
        from .load import KatalogTidakSah, cetak_kesalahan, muat_katalog
        try:
            katalog = muat_katalog(Path(arg.katalog))
        except KatalogTidakSah as e:
            cetak_kesalahan(e.kesalahan)
            return 1
        print(f"Ditulis: {pemilik.tulis(katalog, Path(arg.katalog))}")
        return 0
    if arg.perintah == "diff":
        from .diff import GagalDiff, baca_dari_git, baca_folder, laporan
        try:
            lama = baca_dari_git(Path(arg.katalog), arg.ref)
        except GagalDiff as g:
            print(f"galat: tidak bisa membaca katalog pada {arg.ref}: {g}", file=sys.stderr)
            return 2
        sys.stdout.write(laporan(arg.ref, lama, baca_folder(Path(arg.katalog))))
        return 0
    if arg.perintah == "baru":
        arg.ident = getattr(arg, "ident_opsi", None) or arg.ident
        return _baru(arg)
    return 2
