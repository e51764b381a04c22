"""Scaffolds for OPD editors: a new service or a new institution file.

Every field of the schema is in the template, each with a comment in
Bahasa Indonesia: required fields are left empty (so `check` says exactly
what is still to fill in and nothing half-written gets published),
optional ones are commented out, ready to be switched on. A new
institution starts with `layanan: []`, which is valid (a kecamatan may run
only shared services); `baru layanan` turns it into a block list.
tests/test_editor.py checks that the templates name every schema field,
so they cannot drift from schema/katalog.schema.json.
"""
from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from .load import FOLDER_INSTANSI, MODELINE

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

TEMPLAT_LAYANAN = """\
- id: {id}  # WAJIB. huruf kecil dan tanda hubung, unik di seluruh katalog; menjadi alamat layanan/ID/. Jangan diubah setelah terbit
  nama:  # WAJIB. dinamai sebagai tugas warga, misalnya: Membuat Akta Kelahiran
  ringkasan:  # WAJIB. satu kalimat untuk daftar dan hasil pencarian
  deskripsi:  # WAJIB. penjelasan untuk warga; boleh **tebal** dan [tautan](https://...). Beberapa paragraf: tulis "deskripsi: |" lalu teksnya di baris berikut, menjorok 4 spasi
  kategori:  # WAJIB. satu atau lebih id dari catalog/kategori.yaml: {kategori}
    -
  # alias:  # pilihan: kata yang diketik warga (singkatan, nama lama, bahasa sehari-hari)
  #   - akte lahir
  tingkat:  # WAJIB. tempat permohonan diselesaikan: desa-kelurahan | kecamatan | opd | instansi-vertikal | nasional
  # dilayani_di: kua  # pilihan: warga datang ke kantor per kecamatan, bukan kantor pemilik: kua = KUA kecamatan
  kanal:  # WAJIB. cara mengajukan; tepat satu kanal diberi utama: true (tombol "Ajukan")
    - jenis: web  # web | aplikasi | loket | whatsapp | telepon | email
      label:  # teks tombol, misalnya: Ajukan lewat SIPRAJA
      url:  # wajib untuk web/aplikasi: alamat https:// di domain yang diizinkan catalog/situs.yaml
      utama: true
      # en:  # pilihan: teks bahasa Inggris kanal ini
      #   label: Apply through SIPRAJA
    # - jenis: loket
    #   label: Datang ke kantor
    #   tempat: Nama dan alamat loket  # pilihan; bila kosong dipakai alamat kantor instansi
    # - jenis: telepon
    #   label: Tanya lewat telepon
    #   telepon: "(031) 0000000"
    # - jenis: whatsapp
    #   label: Tanya lewat WhatsApp
    #   whatsapp: "6281234567890"  # kode negara 62, tanpa + dan spasi
    # - jenis: email
    #   label: Kirim email
    #   email: nama@sidoarjokab.go.id
  persyaratan:  # WAJIB (komponen 1). dokumen yang dibawa/dipenuhi, satu per baris
    -
  prosedur:  # WAJIB (komponen 2). langkah berurutan, satu per baris
    -
  waktu:  # WAJIB (komponen 3). jangka waktu penyelesaian, misalnya: 1 hari kerja
  biaya:  # WAJIB (komponen 4). tulis Gratis bila tanpa biaya, atau besarnya: Rp 30.000
  produk:  # WAJIB (komponen 5). hasil yang diterima warga
  # pengaduan:  # pilihan (komponen 6); bila tidak diisi dipakai pengaduan instansi
  #   keterangan: Cara menyampaikan pengaduan, saran dan masukan.
  #   url: https://www.lapor.go.id/
  #   telepon: "(031) 0000000"
  #   whatsapp: "6281234567890"
  #   email: pengaduan@sidoarjokab.go.id
  dasar_hukum:  # WAJIB. peraturan yang mendasari, satu per baris
    -
  status: aktif  # aktif | ditutup-sementara | dihentikan
  # keterangan_status: Alasan dan sampai kapan  # wajib bila status bukan aktif
  # catatan_per_kecamatan:  # hanya untuk tingkat kecamatan/desa-kelurahan: perbedaan di satu kecamatan
  #   - kecamatan: "35.15.17"  # kode dari catalog/wilayah.yaml
  #     catatan: Di Sedati layanan ini juga dibuka hari Sabtu.
  # en:  # pilihan: terjemahan bahasa Inggris untuk halaman en/; kolom yang tidak diisi tampil dalam bahasa Indonesia
  #   nama: Get a Certificate of ...
  #   ringkasan: One sentence in English.
  #   persyaratan:  # juga deskripsi, alias, prosedur, waktu, biaya, produk, keterangan_status
  #     - Original identity card (KTP-el)
  diperiksa: "{hari_ini}"  # tanggal terakhir Anda memeriksa isi layanan ini (TTTT-BB-HH)
"""

TEMPLAT_INSTANSI = """\
{modeline}
# Berkas instansi baru. Isi setiap kolom bertanda WAJIB, hapus tanda # di depan kolom
# pilihan yang Anda perlukan, lalu jalankan: python build.py check
instansi:
  id: {id}  # sama dengan nama berkas tanpa .yaml
  nama:  # WAJIB. nama resmi lengkap, misalnya: Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sidoarjo
  singkatan:  # WAJIB. misalnya: Dispendukcapil
  jenis: {jenis}  # dinas | badan | bagian | sekretariat | inspektorat | satuan | kecamatan | desa-kelurahan | unit-layanan | rumah-sakit | instansi-vertikal | kua | bumd | bumn
  # induk: Kementerian Agama  # pilihan: lembaga induk, misalnya untuk KUA
  # pemilik:  # pilihan: akun/tim GitHub yang meninjau perubahan berkas ini (menjadi .github/CODEOWNERS)
  #   - "@pemkab-sidoarjo/nama-tim"
  # deskripsi: Penjelasan singkat untuk warga.  # pilihan; beberapa paragraf: "deskripsi: |" lalu teks menjorok di baris berikut
  # situs: https://contoh.sidoarjokab.go.id/  # pilihan: situs resmi (https, domain yang diizinkan)
  # en:  # pilihan: teks bahasa Inggris untuk halaman en/ (nama, induk, deskripsi)
  #   nama: Population and Civil Registration Office of ...
  kontak:
    alamat:  # WAJIB. alamat kantor
    # alamat_terverifikasi: false  # pilihan: false bila alamat jalan belum dicocokkan dengan sumber publik (alamat diisi wilayahnya saja)
    # kode_wilayah: "35.15.08"  # pilihan (wajib untuk kecamatan dan kua): kode Kemendagri dari catalog/wilayah.yaml
    # telepon:
    #   - "(031) 0000000"
    # whatsapp: "6281234567890"  # kode negara 62, tanpa + dan spasi
    # email: nama@sidoarjokab.go.id
  jam_layanan:  # WAJIB. satu butir untuk setiap kelompok hari dengan jam yang sama
    - hari: [senin, selasa, rabu, kamis]  # senin | selasa | rabu | kamis | jumat | sabtu | minggu
      buka: "08:00"  # JJ:MM, 24 jam, dengan tanda kutip
      tutup: "15:00"
      # catatan: Istirahat 12:00-13:00  # pilihan
  pengaduan:
    keterangan:  # WAJIB. cara menyampaikan pengaduan, saran dan masukan
    # url: https://www.lapor.go.id/
    # telepon: "(031) 0000000"
    # whatsapp: "6281234567890"
    # email: pengaduan@sidoarjokab.go.id
    # en:  # pilihan: keterangan pengaduan dalam bahasa Inggris
    #   keterangan: How to make complaints, suggestions and feedback.
  # sumber:  # pilihan: alamat sumber publik tempat data ini diperiksa (untuk peninjau)
  #   - https://www.sidoarjokab.go.id/
layanan: []  # belum ada layanan; tambah dengan: python build.py baru layanan --instansi {id}
"""


class GagalMembuat(Exception):
    """The scaffold cannot be written; the message says why, in Indonesian."""


def _kategori(katalog: Path) -> str:
    teks = (katalog / "kategori.yaml").read_text(encoding="utf-8") if (katalog / "kategori.yaml").is_file() else ""
    return ", ".join(re.findall(r"^\s*-\s*id:\s*([a-z0-9-]+)", teks, flags=re.M)) or "lihat catalog/kategori.yaml"


def templat_layanan(katalog: Path, ident: str = "", indentasi: int = 0, hari_ini: str | None = None) -> str:
    teks = TEMPLAT_LAYANAN.format(id=ident, kategori=_kategori(katalog),
                                  hari_ini=hari_ini or _dt.date.today().isoformat())
    awalan = " " * indentasi
    return "".join(awalan + b if b.strip() else b for b in teks.splitlines(keepends=True))


def baru_layanan(katalog: Path, instansi: str, ident: str = "", hari_ini: str | None = None) -> tuple[Path, int]:
    """Append a service template to an institution file; returns (file, line of the new `- id:`)."""
    berkas = Path(katalog) / FOLDER_INSTANSI / f"{instansi}.yaml"
    if not berkas.is_file():
        ada = sorted(p.stem for p in (Path(katalog) / FOLDER_INSTANSI).glob("*.yaml"))
        from .skema import saran
        raise GagalMembuat(f"berkas {berkas} tidak ada.{saran(instansi, ada)} "
                           f"Untuk instansi baru: python build.py baru instansi {instansi}")
    if ident and not _ID.match(ident):
        raise GagalMembuat(f"id \"{ident}\" tidak sah: hanya huruf kecil a-z, angka 0-9 dan tanda hubung, misalnya akta-kelahiran")
    if ident:
        for p in sorted((Path(katalog) / FOLDER_INSTANSI).glob("*.yaml")):
            if re.search(rf"^\s*-\s*id:\s*['\"]?{re.escape(ident)}['\"]?\s*(#.*)?$", p.read_text(encoding="utf-8"), flags=re.M):
                raise GagalMembuat(f"id layanan \"{ident}\" sudah dipakai di {p.name}; pilih id lain")
    teks = berkas.read_text(encoding="utf-8")
    baris = teks.splitlines()
    puncak = [i for i, b in enumerate(baris) if re.match(r"^[a-z_]+:", b)]
    if not puncak or not baris[puncak[-1]].startswith("layanan:"):
        raise GagalMembuat(f"{berkas.name}: kolom layanan: harus menjadi kolom terakhir di berkas agar layanan baru bisa ditambahkan di akhir")
    i = puncak[-1]
    kepala = re.sub(r"\s*#.*$", "", baris[i])
    if kepala.strip() == "layanan: []":
        baris[i] = "layanan:"
    elif kepala.strip() != "layanan:":
        raise GagalMembuat(f"{berkas.name}:{i + 1}: tulis daftar layanan dalam bentuk blok (layanan: lalu butir \"- id:\" di baris berikutnya)")
    butir = [b for b in baris[i + 1:] if re.match(r"^\s*- ", b)]
    indentasi = len(butir[0]) - len(butir[0].lstrip(" ")) if butir else 0
    while baris and not baris[-1].strip():
        baris.pop()
    awal = len(baris) + 1
    isi = "\n".join(baris) + "\n" + templat_layanan(katalog, ident, indentasi, hari_ini)
    berkas.write_text(isi, encoding="utf-8", newline="\n")
    return berkas, awal


def baru_instansi(katalog: Path, ident: str, jenis: str = "") -> Path:
    if not _ID.match(ident or ""):
        raise GagalMembuat(f"id \"{ident}\" tidak sah: hanya huruf kecil a-z, angka 0-9 dan tanda hubung, misalnya dinas-sosial")
    berkas = Path(katalog) / FOLDER_INSTANSI / f"{ident}.yaml"
    if berkas.exists():
        raise GagalMembuat(f"{berkas} sudah ada; ubah berkas itu, atau tambah layanan dengan: python build.py baru layanan --instansi {ident}")
    berkas.parent.mkdir(parents=True, exist_ok=True)
    berkas.write_text(TEMPLAT_INSTANSI.format(modeline=MODELINE + "../../schema/katalog.schema.json", id=ident,
                                              jenis=jenis), encoding="utf-8", newline="\n")
    return berkas
