"""Impor kecamatan dan desa/kelurahan satu kabupaten/kota ke catalog/wilayah.yaml.

Sumber: paket npm idn-area-data (https://www.npmjs.com/package/idn-area-data,
https://github.com/fityannugroho/idn-area-data), berkas CSV di data/ yang
mengikuti Kepmendagri tentang kode dan data wilayah administrasi pemerintahan.
Lisensi: data paket di bawah Open Database License (ODbL) 1.0; kode paket MIT.
Berkas hasil adalah turunan basis data itu, jadi tetap ODbL dan atribusi wajib
dipertahankan (lihat `sumber` di berkas hasil).

Jalankan dari akar repositori (perlu npm, kecuali memakai --paket):

    python scripts/impor_wilayah.py --tanggal 2026-11-28
    python scripts/impor_wilayah.py --paket idn-area-data-4.0.1.tgz --tanggal 2026-11-28

Pilihan: --kode (kabupaten, bawaan 35.15), --paket (.tgz atau folder yang sudah
diunduh), --tanggal (tanggal impor TTTT-BB-HH, bawaan hari ini; isi agar hasil
ulang sama persis), --keluaran (bawaan catalog/wilayah.yaml).
Hanya pustaka standar Python 3.11 dan PyYAML.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import yaml

NAMA_PAKET = "idn-area-data"
VERSI_PAKET = "4.0.1"  # dipatok; naikkan dengan sengaja lalu periksa selisih hasilnya
URL_PAKET = "https://www.npmjs.com/package/idn-area-data"
URL_REPO = "https://github.com/fityannugroho/idn-area-data"
URL_ODBL = "https://opendatacommons.org/licenses/odbl/1-0/"
LISENSI = "ODbL-1.0 (data); MIT (kode paket)"
ATRIBUSI = (
    "Berisi informasi dari idn-area-data ({repo}) oleh Fityan (fityannugroho), "
    "versi {versi}, yang tersedia di bawah Open Database License (ODbL) 1.0 "
    "({odbl}). Data paket bersumber dari Keputusan Menteri Dalam Negeri tentang "
    "kode dan data wilayah administrasi pemerintahan."
)

AKAR = Path(__file__).resolve().parent.parent
KELUARAN = AKAR / "catalog" / "wilayah.yaml"
POLA_KODE_KAB = re.compile(r"^[0-9]{2}\.[0-9]{2}$")
POLA_TANGGAL = re.compile(r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")


def gagal(pesan: str) -> None:
    print(f"impor_wilayah: {pesan}", file=sys.stderr)
    sys.exit(1)


# --- Membaca paket ---------------------------------------------------------

class Paket:
    """Berkas paket dari .tgz (npm pack) atau folder hasil ekstrak."""

    def __init__(self, jalur: Path):
        self.jalur = jalur
        self.tar = tarfile.open(jalur, "r:gz") if jalur.is_file() else None
        if self.tar is None and (jalur / "package").is_dir():
            self.jalur = jalur / "package"

    def baca(self, nama: str) -> str:
        if self.tar is not None:
            try:
                f = self.tar.extractfile(f"package/{nama}")
            except KeyError:
                f = None
            if f is None:
                gagal(f"{nama} tidak ada di {self.jalur}")
            return f.read().decode("utf-8-sig")
        p = self.jalur / nama
        if not p.is_file():
            gagal(f"{nama} tidak ada di {self.jalur}")
        return p.read_text(encoding="utf-8-sig")

    def csv(self, nama: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(self.baca(f"data/{nama}.csv"), newline="")))


def unduh(tujuan: Path) -> Path:
    """`npm pack` versi yang dipatok ke folder sementara."""
    try:
        subprocess.run(
            ["npm", "pack", f"{NAMA_PAKET}@{VERSI_PAKET}", "--silent"],
            cwd=tujuan, check=True, stdout=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        gagal("npm tidak ditemukan; unduh paketnya lalu pakai --paket JALUR")
    except subprocess.CalledProcessError as e:
        gagal(f"npm pack gagal (kode {e.returncode})")
    tgz = sorted(tujuan.glob("*.tgz"))
    if len(tgz) != 1:
        gagal("hasil npm pack tidak ditemukan")
    return tgz[0]


# --- Normalisasi -----------------------------------------------------------

def kode_bertitik(kode: str) -> str:
    """'3515012001' atau '35.15.01.2001' -> bentuk bertitik Kemendagri."""
    k = kode.strip()
    if "." in k:
        return k
    potong = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}.get(len(k))
    if potong is None or not k.isdigit():
        gagal(f"kode tidak dikenal: {kode!r}")
    bagian, i = [], 0
    for n in potong:
        bagian.append(k[i:i + n])
        i += n
    return ".".join(bagian)


ROMAWI = re.compile(r"^(?=[IVX])X{0,3}(IX|IV|V?I{0,3})$")  # I..XXXIX
KATA = re.compile(r"[A-Za-z]+")
KATA_SAMBUNG = {"DAN"}


def huruf_judul(nama: str) -> str:
    """Nama HURUF BESAR -> huruf kapital awal; nama yang sudah campuran dibiarkan.

    "SIDOARJO" -> "Sidoarjo", "SUKAMAJU II" -> "Sukamaju II", "KEL. X" -> "Kel. X",
    "KA'BAH" -> "Ka'bah", "ALUN-ALUN" -> "Alun-Alun", "BLANG LUAH LB" -> "Blang Luah LB".
    """
    nama = " ".join(nama.split())
    if nama != nama.upper():
        return nama

    def ganti(m: re.Match) -> str:
        kata, awal = m.group(0), m.start()
        if ROMAWI.match(kata) and (awal == 0 or nama[awal - 1] in " (-/"):
            return kata
        if awal > 0 and nama[awal - 1] in "'`’":  # huruf setelah apostrof tetap kecil
            return kata.lower()
        if awal > 0 and kata in KATA_SAMBUNG:
            return kata.lower()
        if len(kata) > 1 and not re.search("[AEIOUY]", kata):  # singkatan: SMK, LB, HTI tidak
            return kata
        return kata[0] + kata[1:].lower()

    return KATA.sub(ganti, nama)


# --- Menyusun data ---------------------------------------------------------

def kunci(kode: str) -> tuple[int, ...]:
    return tuple(int(b) for b in kode.split("."))


def susun(paket: Paket, kode_kab: str) -> tuple[dict, list[str]]:
    kab = [r for r in paket.csv("regencies") if kode_bertitik(r["code"]) == kode_kab]
    if len(kab) != 1:
        gagal(f"kabupaten/kota {kode_kab} tidak ditemukan di regencies.csv")

    kecamatan = {}
    for r in paket.csv("districts"):
        if kode_bertitik(r["regency_code"]) == kode_kab:
            k = kode_bertitik(r["code"])
            kecamatan[k] = {"kode": k, "nama": huruf_judul(r["name"]), "desa": []}
    if not kecamatan:
        gagal(f"tidak ada kecamatan untuk {kode_kab}")

    peringatan = []
    for r in paket.csv("villages"):
        k_kec = kode_bertitik(r["district_code"])
        if k_kec not in kecamatan:
            continue
        k = kode_bertitik(r["code"])
        if not k.startswith(k_kec + "."):
            gagal(f"kode desa {k} tidak cocok dengan kecamatan {k_kec}")
        # Digit pertama bagian 4 angka: 1 = kelurahan, 2 = desa.
        jenis = {"1": "kelurahan", "2": "desa"}.get(k.rsplit(".", 1)[1][0])
        if jenis is None:
            gagal(f"kode {k} tidak diawali 1 (kelurahan) atau 2 (desa)")
        nama = huruf_judul(r["name"])
        if not nama:
            gagal(f"nama kosong untuk {k}")
        kecamatan[k_kec]["desa"].append({"kode": k, "nama": nama, "jenis": jenis})

    for kec in kecamatan.values():
        kec["desa"].sort(key=lambda d: kunci(d["kode"]))
        kode = [d["kode"] for d in kec["desa"]]
        if len(set(kode)) != len(kode):
            gagal(f"kode desa ganda di {kec['kode']}")
        if not kode:
            peringatan.append(f"kecamatan {kec['kode']} {kec['nama']} tanpa desa/kelurahan")

    wilayah = {
        "kode": kode_kab,
        "nama": huruf_judul(kab[0]["name"]),
        "kecamatan": [kecamatan[k] for k in sorted(kecamatan, key=kunci)],
    }
    return wilayah, peringatan


# --- Menulis YAML ----------------------------------------------------------

def skalar(s: str) -> str:
    """Tulis polos bila aman (dibaca ulang sebagai string yang sama), selain itu dikutip."""
    if s and s == s.strip() and "\n" not in s and not s.startswith(("\"", "'")):
        try:
            if yaml.safe_load(f"k: {s}") == {"k": s}:
                return s
        except yaml.YAMLError:
            pass
    return json.dumps(s, ensure_ascii=False)


def kutip(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def tulis_yaml(sumber: dict, wilayah: dict) -> str:
    b = [
        "# yaml-language-server: $schema=../schema/katalog.schema.json",
        "# DIBUAT OTOMATIS oleh scripts/impor_wilayah.py; jangan diubah dengan tangan.",
        "# Ubah lewat skrip lalu jalankan ulang. Data berlisensi ODbL 1.0; lihat `sumber`.",
        "sumber:",
        f"  nama: {skalar(sumber['nama'])}",
        f"  versi: {kutip(sumber['versi'])}",
        f"  lisensi: {skalar(sumber['lisensi'])}",
        f"  atribusi: {kutip(sumber['atribusi'])}",
        f"  url: {sumber['url']}",
        f"  diimpor: {kutip(sumber['diimpor'])}",
        "wilayah:",
        f"  kode: {kutip(wilayah['kode'])}",
        f"  nama: {skalar(wilayah['nama'])}",
        "  kecamatan:",
    ]
    for kec in wilayah["kecamatan"]:
        b += [f"    - kode: {kutip(kec['kode'])}", f"      nama: {skalar(kec['nama'])}"]
        if not kec["desa"]:
            b.append("      desa: []")
            continue
        b.append("      desa:")
        for d in kec["desa"]:
            b += [
                f"        - kode: {kutip(d['kode'])}",
                f"          nama: {skalar(d['nama'])}",
                f"          jenis: {d['jenis']}",
            ]
    teks = "\n".join(b) + "\n"
    # Pastikan hasil tulis dibaca ulang persis sama dengan data.
    if yaml.safe_load(teks) != {"sumber": sumber, "wilayah": wilayah}:
        gagal("YAML yang ditulis tidak sama dengan data (bug skrip)")
    return teks


# --- Utama -----------------------------------------------------------------

def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kode", default="35.15", help="kode kabupaten/kota, bawaan 35.15")
    ap.add_argument("--paket", type=Path, help=".tgz atau folder idn-area-data yang sudah diunduh")
    ap.add_argument("--tanggal", default=dt.date.today().isoformat(), help="tanggal impor TTTT-BB-HH")
    ap.add_argument("--keluaran", type=Path, default=KELUARAN, help="bawaan catalog/wilayah.yaml")
    a = ap.parse_args(argv)

    kode_kab = kode_bertitik(a.kode)
    if not POLA_KODE_KAB.match(kode_kab):
        gagal(f"--kode harus kode kabupaten/kota seperti 35.15, bukan {a.kode!r}")
    if not POLA_TANGGAL.match(a.tanggal):
        gagal(f"--tanggal harus TTTT-BB-HH, bukan {a.tanggal!r}")
    dt.date.fromisoformat(a.tanggal)

    with tempfile.TemporaryDirectory(prefix="impor-wilayah-") as tmp:
        jalur = a.paket if a.paket else unduh(Path(tmp))
        if not jalur.exists():
            gagal(f"{jalur} tidak ada")
        paket = Paket(jalur)
        info = json.loads(paket.baca("package.json"))
        if info.get("name") != NAMA_PAKET:
            gagal(f"{jalur} bukan paket {NAMA_PAKET}")
        versi = info["version"]
        if versi != VERSI_PAKET:
            print(f"impor_wilayah: peringatan: versi paket {versi}, yang dipatok {VERSI_PAKET}",
                  file=sys.stderr)
        # Lisensi data harus tetap ODbL; bila berubah, periksa dulu sebelum mengimpor.
        if "Open Database License" not in paket.baca("data/LICENSE.md"):
            gagal("data/LICENSE.md bukan ODbL lagi; periksa lisensi lalu sesuaikan skrip")
        wilayah, peringatan = susun(paket, kode_kab)
        if paket.tar is not None:
            paket.tar.close()

    sumber = {
        "nama": NAMA_PAKET,
        "versi": versi,
        "lisensi": LISENSI,
        "atribusi": ATRIBUSI.format(repo=URL_REPO, versi=versi, odbl=URL_ODBL),
        "url": URL_PAKET,
        "diimpor": a.tanggal,
    }
    teks = tulis_yaml(sumber, wilayah)
    a.keluaran.parent.mkdir(parents=True, exist_ok=True)
    sementara = a.keluaran.with_name(a.keluaran.name + ".tmp")
    sementara.write_text(teks, encoding="utf-8", newline="\n")
    os.replace(sementara, a.keluaran)

    desa = [d for k in wilayah["kecamatan"] for d in k["desa"]]
    n_kel = sum(d["jenis"] == "kelurahan" for d in desa)
    for p in peringatan:
        print(f"impor_wilayah: peringatan: {p}", file=sys.stderr)
    print(f"{wilayah['nama']} ({kode_kab}), {NAMA_PAKET} {versi}: "
          f"{len(wilayah['kecamatan'])} kecamatan, {len(desa) - n_kel} desa, "
          f"{n_kel} kelurahan, {len(desa)} total -> {a.keluaran}")


if __name__ == "__main__":
    main()
