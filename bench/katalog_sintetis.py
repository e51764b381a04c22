#!/usr/bin/env python3
"""Generate a synthetic catalogue of N services in the real schema, for benchmarks.

    python bench/katalog_sintetis.py 10000 /tmp/katalog-10k [--benih 1]

The text is the bundled Sidoarjo catalogue's own Indonesian text, recombined:
the real catalogue is kept whole (so `layanan_populer` and the 18 kecamatan
stay valid) and synthetic institutions (UPT, puskesmas, sekolah, unit
layanan ...) are added, each in one of the real desa, each with services made
from a real service (its requirements, steps, aliases and channels) renamed
for that unit. Same N and seed give byte-identical files.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

import yaml

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))

from sipraja.bacayaml import baca_teks  # noqa: E402

MODELINE = "# yaml-language-server: $schema=../../schema/katalog.schema.json\n"
LAYANAN_PER_INSTANSI = 60  # like a large dinas; keeps every file far below the 1 MiB limit
JENIS_UNIT = [
    ("unit-layanan", "UPT", "Unit Pelaksana Teknis"),
    ("unit-layanan", "Puskesmas", "Pusat Kesehatan Masyarakat"),
    ("unit-layanan", "UPTD", "Unit Pelaksana Teknis Daerah"),
    ("badan", "Gerai", "Gerai Pelayanan Terpadu"),
    ("satuan", "Pos", "Pos Pelayanan Terpadu"),
]
TEMA_UNIT = ["Pendapatan Daerah", "Kesehatan", "Pendidikan", "Perizinan", "Kependudukan", "Sosial",
             "Ketenagakerjaan", "Perhubungan", "Lingkungan Hidup", "Pertanian", "Perikanan", "Koperasi dan UMKM"]


def _baca(p: Path):
    return baca_teks(p.name, p.read_bytes()).data


class _TanpaAlias(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """The catalogue refuses anchors/aliases, so shared objects are written out in full."""

    def ignore_aliases(self, data):
        return True


def _tulis(p: Path, data: dict) -> None:
    teks = yaml.dump(data, Dumper=_TanpaAlias, allow_unicode=True, sort_keys=False, width=120)
    p.write_text(MODELINE + teks, encoding="utf-8")


def buat(jumlah: int, tujuan: Path, benih: int = 1, sumber: Path = AKAR / "catalog") -> int:
    """Write the catalogue; returns the number of services written."""
    acak = random.Random(benih)
    if tujuan.exists():
        shutil.rmtree(tujuan)
    shutil.copytree(sumber, tujuan)
    asli = [_baca(p) for p in sorted((sumber / "instansi").glob("*.yaml"))]
    contoh_layanan = [(d["instansi"], l) for d in asli for l in d["layanan"] or []
                      if l["tingkat"] not in ("kecamatan", "desa-kelurahan")]
    contoh_instansi = [d["instansi"] for d in asli if d["instansi"]["jenis"] != "kecamatan"]
    wilayah = _baca(sumber / "wilayah.yaml")["wilayah"]
    desa = [(k, d) for k in wilayah["kecamatan"] for d in k["desa"]]
    ada = sum(len(d["layanan"] or []) for d in asli)
    sisa = max(0, jumlah - ada)
    nomor = 0
    while sisa > 0:
        nomor += 1
        kec, ds = acak.choice(desa)
        jenis, singkat, panjang = acak.choice(JENIS_UNIT)
        tema = acak.choice(TEMA_UNIT)
        pola = acak.choice(contoh_instansi)
        ident = f"unit-{nomor:05d}"
        nama_tempat = f"{ds['nama']} Kecamatan {kec['nama']}"
        ins = {
            "id": ident,
            "nama": f"{panjang} {tema} {nama_tempat}",
            "singkatan": f"{singkat} {tema} {ds['nama']}"[:60],
            "jenis": jenis,
            "induk": pola["nama"],
            "deskripsi": f"Unit layanan {tema.lower()} untuk warga {nama_tempat}. {pola.get('deskripsi', '')}"[:1900],
            "kontak": {"alamat": f"Jl. Raya {ds['nama']} No. {acak.randint(1, 200)}, {kec['nama']}",
                       "kode_wilayah": ds["kode"],
                       "telepon": [f"(031) {acak.randint(7000000, 8999999)}"]},
            "jam_layanan": pola["jam_layanan"],
            "pengaduan": pola["pengaduan"],
        }
        daftar = []
        for j in range(min(LAYANAN_PER_INSTANSI, sisa)):
            induk, l = acak.choice(contoh_layanan)
            l = dict(l)
            l["id"] = f"{l['id']}-{nomor:05d}-{j}"[:80]
            l["nama"] = f"{l['nama']} di {singkat} {ds['nama']}"[:190]
            tambahan = f" Di {singkat} {ds['nama']}."
            l["ringkasan"] = l["ringkasan"][: 200 - len(tambahan)].rstrip() + tambahan
            persyaratan = list(l["persyaratan"])
            acak.shuffle(persyaratan)
            l["persyaratan"] = persyaratan
            if l.get("alias"):
                l["alias"] = acak.sample(l["alias"], k=max(1, len(l["alias"]) * 2 // 3))
            l.pop("catatan_per_kecamatan", None)
            l["diperiksa"] = f"2026-{acak.randint(1, 11):02d}-{acak.randint(1, 28):02d}"
            daftar.append(l)
        _tulis(tujuan / "instansi" / f"{ident}.yaml", {"instansi": ins, "layanan": daftar})
        sisa -= len(daftar)
    return max(jumlah, ada)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("jumlah", type=int, help="jumlah layanan (mis. 1000, 10000, 100000)")
    ap.add_argument("tujuan", type=Path)
    ap.add_argument("--benih", type=int, default=1, help="benih acak (hasil deterministik)")
    a = ap.parse_args(argv)
    n = buat(a.jumlah, a.tujuan, a.benih)
    print(f"{n} layanan ditulis ke {a.tujuan}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
