"""The corpus of bad catalogue input, grouped by class.

Each case is a mutation of the mini catalogue (tests/data/katalog-mini) or
a small whole file. `tests/test_korpus_buruk.py` runs every one through
`python build.py` and checks the Indonesian message, the line, the exit
status, the absence of a traceback and that the previous dist/ is intact.

The expected line is `baris` when given, otherwise the first line of the
mutated file that contains `penanda`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

INS = "instansi/dinas-uji.yaml"
KEC = "instansi/kecamatan-sedati.yaml"
MODELINE = b"# yaml-language-server: $schema=../../schema/katalog.schema.json\n"


@dataclass
class Kasus:
    kelas: str
    nama: str
    kata: str  # a word the Indonesian message must contain
    ganti: list = field(default_factory=list)  # (old, new) text replacements in `berkas`
    isi: bytes | None = None  # or: the whole new content of `berkas`
    berkas: str = INS  # the file the message must name (and that is changed)
    penanda: str | None = None
    baris: int | None = None
    siapkan: object = None  # or: a function(folder) for what text cannot express (symlinks, deleted files)

    @property
    def id(self) -> str:
        return f"{self.kelas}/{self.nama}"

    def terapkan(self, folder: Path) -> int:
        """Apply the case to a copy of the mini catalogue; returns the expected line."""
        p = folder / self.berkas
        if self.siapkan:
            self.siapkan(folder)
        elif self.isi is not None:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(self.isi)
        else:
            teks = p.read_text(encoding="utf-8")
            for lama, baru in self.ganti:
                assert lama in teks, f"{self.id}: {lama!r} tidak ada di {self.berkas}"
                teks = teks.replace(lama, baru, 1)
            p.write_bytes(teks.encode("utf-8", "surrogatepass"))
        if self.baris is not None:
            return self.baris
        mentah = p.read_bytes()
        penanda = self.penanda.encode("utf-8") if self.penanda is not None else None
        assert penanda and penanda in mentah, f"{self.id}: penanda {self.penanda!r} tidak ditemukan"
        return mentah[: mentah.index(penanda)].count(b"\n") + 1


def _g(lama, baru):
    return [(lama, baru)]


def _billion_laughs() -> bytes:
    teks = MODELINE + b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i, n in enumerate("bcdefghi"):
        teks += f"{n}: &{n} [{','.join(['*' + 'abcdefghi'[i]] * 9)}]\n".encode()
    return teks


def _bersarang_blok(tingkat: int) -> bytes:
    teks = MODELINE + b"instansi:\n"
    for i in range(tingkat):
        teks += b"  " * (i + 1) + f"k{i}:\n".encode()
    return teks + b"  " * (tingkat + 1) + b"x\n"


def _symlink(tujuan: str):
    def siapkan(folder: Path):
        os.symlink(tujuan, folder / "instansi" / "tautan.yaml")
    return siapkan


def _hapus(nama: str):
    def siapkan(folder: Path):
        (folder / nama).unlink()
    return siapkan


def _salin_sebagai(nama_baru: str, ganti: list):
    def siapkan(folder: Path):
        teks = (folder / KEC).read_text(encoding="utf-8")
        for lama, baru in ganti:
            teks = teks.replace(lama, baru, 1)
        (folder / "instansi" / nama_baru).write_text(teks, encoding="utf-8")
    return siapkan


LAYANAN_SALINAN = """layanan:
  - id: akta-uji
    nama: Salinan
    ringkasan: Salinan.
    deskripsi: Salinan.
    kategori: [kependudukan]
    tingkat: kecamatan
    kanal: [{jenis: loket, label: Kantor, utama: true}]
    persyaratan: [KTP]
    prosedur: [Datang]
    waktu: 1 hari
    biaya: Gratis
    produk: Surat
    dasar_hukum: [UU]
    status: aktif
    diperiksa: "2026-01-01"
"""

URL = "url: https://uji.go.id/ajukan"
DESK = "Deskripsi **tebal** dengan [tautan](https://uji.go.id/info)."


def _url(nama, url, kata):
    return Kasus("tautan", nama, kata, _g(URL, f"url: {url}"), penanda=f"url: {url}"[:20])


def _desk(kelas, nama, teks, kata, penanda=None):
    return Kasus(kelas, nama, kata, _g(DESK, teks), penanda=penanda or teks.split()[0])


def _ringkasan(kelas, nama, teks, kata):
    return Kasus(kelas, nama, kata, _g("ringkasan: Akta untuk pengujian.", f"ringkasan: {teks}"), penanda=f"ringkasan: {teks}")


KASUS: list[Kasus] = [
    # --- YAML syntax -------------------------------------------------------------------
    Kasus("sintaks-yaml", "tab-di-indentasi", "tab", _g("    tingkat: opd", "\ttingkat: opd"), penanda="\ttingkat"),
    Kasus("sintaks-yaml", "kutip-ganda-tidak-ditutup", "kutip",
          _g("ringkasan: Akta untuk pengujian.", 'ringkasan: "Akta untuk pengujian.'), penanda='ringkasan: "'),
    Kasus("sintaks-yaml", "kutip-tunggal-tidak-ditutup", "kutip",
          _g("produk: Akta uji", "produk: 'Akta uji"), penanda="produk: '"),
    Kasus("sintaks-yaml", "berkas-terpotong-di-tengah-daftar", "kurung",
          isi=(Path(__file__).parent / "data" / "katalog-mini" / INS).read_bytes().split(b"kependudukan]")[0] + b"kepend", baris=24),
    Kasus("sintaks-yaml", "kurung-kurawal-tidak-ditutup", "kurung",
          _g("persyaratan:\n      - KTP-el asli", "persyaratan:\n      - {nama: KTP-el asli"), penanda="      - {nama"),
    Kasus("sintaks-yaml", "indentasi-tidak-rata", "indentasi",
          _g("    nama: Membuat Akta Uji", "     nama: Membuat Akta Uji"), penanda="     nama:"),
    Kasus("sintaks-yaml", "baris-tanpa-titik-dua", "titik dua",
          _g("    waktu: 1 hari kerja\n", "    waktu: 1 hari kerja\n    biaya Gratis\n"), penanda="    biaya Gratis"),
    Kasus("sintaks-yaml", "dua-dokumen", "satu dokumen", _g("\nlayanan:\n", "\n---\nlayanan:\n"), penanda="---"),
    Kasus("sintaks-yaml", "berkas-kosong", "kosong", isi=b"", baris=1),
    Kasus("sintaks-yaml", "hanya-komentar", "kosong", isi=MODELINE + b"# belum diisi\n", baris=1),
    Kasus("sintaks-yaml", "diawali-at", "tanda kutip", _g("produk: Akta uji", "produk: @akta"), penanda="produk: @"),
    Kasus("sintaks-yaml", "diawali-backtick", "tanda kutip", _g("produk: Akta uji", "produk: `akta`"), penanda="produk: `"),
    Kasus("sintaks-yaml", "kolom-ganda", "dua kali",
          _g("    produk: Akta uji\n", "    produk: Akta uji\n    produk: Akta lain\n"), penanda="produk: Akta lain"),

    # --- encodings and invisible characters ------------------------------------------------
    Kasus("pengodean", "latin-1", "UTF-8", isi=MODELINE + b"instansi:\n  nama: Dinas Caf\xe9\n", baris=3),
    Kasus("pengodean", "utf-16", "UTF-16", isi="instansi:\n  id: dinas-uji\n".encode("utf-16"), baris=1),
    Kasus("pengodean", "utf-8-overlong", "UTF-8", isi=MODELINE + b"instansi:\n  nama: a\xc0\xafb\n", baris=3),
    Kasus("pengodean", "surrogate-cesu", "UTF-8", isi=MODELINE + b"instansi:\n  nama: a\xed\xa0\x80b\n", baris=3),
    Kasus("pengodean", "nul", "NUL", _g("produk: Akta uji", "produk: Akta\x00uji"), penanda="produk: Akta"),
    Kasus("pengodean", "bom-di-tengah-nama", "U+FEFF", _g("nama: Membuat Akta Uji", "nama: Membuat\ufeffAkta Uji"), penanda="nama: Membuat"),
    Kasus("pengodean", "bom-di-awal-baris-tetap-tepat", "tidak dikenal",
          siapkan=lambda f: (f / INS).write_bytes(b"\xef\xbb\xbf" + (f / INS).read_bytes().replace(b"tingkat: opd", b"tingkat: opx")),
          penanda="tingkat: opx"),
    Kasus("pengodean", "crlf-baris-tetap-tepat", "tidak dikenal",
          siapkan=lambda f: (f / INS).write_bytes((f / INS).read_bytes().replace(b"tingkat: opd", b"tingkat: opx").replace(b"\n", b"\r\n")),
          penanda="tingkat: opx"),
    Kasus("pengodean", "bidi-override-di-nama", "U+202E", _g("nama: Membuat Akta Uji", "nama: Membuat \u202eijU atkA"), penanda="nama: Membuat"),
    Kasus("pengodean", "bidi-di-komentar-trojan-source", "U+2067",
          _g("    tingkat: opd\n", "    tingkat: opd  # \u2067 catatan\n"), penanda="tingkat: opd  #"),
    Kasus("pengodean", "zero-width-di-id", "U+200B", _g("id: akta-uji", "id: akta\u200b-uji"), penanda="id: akta"),
    Kasus("pengodean", "isolate-lewat-escape-yaml", "U+2066",
          _g("ringkasan: Akta untuk pengujian.", 'ringkasan: "Akta \\u2066uji"'), penanda="ringkasan:"),
    Kasus("pengodean", "kendali-c1", "U+009B", _g("alamat: Jl. Uji No. 1", "alamat: Jl. Uji\u009b No. 1"), penanda="alamat:"),
    Kasus("pengodean", "karakter-tag-tak-terlihat", "U+E0041",
          _g("produk: Akta uji", "produk: Akta uji\U000e0041\U000e0042"), penanda="produk: Akta"),
    Kasus("pengodean", "pemisah-baris-u2028", "U+2028", _g("produk: Akta uji", "produk: Akta\u2028uji"), penanda="produk: Akta"),
    Kasus("pengodean", "huruf-kiril-di-id", "huruf kecil", _g("id: akta-uji", "id: \u0430kta-uji"), penanda="id: \u0430kta"),

    # --- YAML features ----------------------------------------------------------------------
    Kasus("fitur-yaml", "billion-laughs", "alias", isi=_billion_laughs(), baris=2),
    Kasus("fitur-yaml", "anchor-dan-alias", "alias",
          _g("    kategori: [kependudukan]", "    kategori: &k [kependudukan]"), penanda="kategori: &k"),
    Kasus("fitur-yaml", "merge-key", "<<", _g("    produk: Akta uji\n", "    produk: Akta uji\n    <<: {waktu: 2 hari}\n"), penanda="<<:"),
    Kasus("fitur-yaml", "python-object-apply", "tag", _g("produk: Akta uji", "produk: !!python/object/apply:os.system [id]"), penanda="produk: !!"),
    Kasus("fitur-yaml", "python-name", "tag", _g("produk: Akta uji", "produk: !!python/name:os.system"), penanda="produk: !!"),
    Kasus("fitur-yaml", "binary", "tag", _g("produk: Akta uji", "produk: !!binary aGFsbw=="), penanda="produk: !!"),
    Kasus("fitur-yaml", "tag-lokal", "tag", _g("produk: Akta uji", "produk: !rujuk akta"), penanda="produk: !"),
    Kasus("fitur-yaml", "direktif-tag", "tag",
          siapkan=lambda f: (f / INS).write_bytes(b"%TAG !e! tag:evil.example,2026:\n---\n" + (f / INS).read_bytes().replace(b"produk: Akta uji", b"produk: !e!x akta")),
          penanda="produk: !e!"),
    Kasus("fitur-yaml", "set", "tag", _g("    alias: [akte uji, surat uji]", "    alias: !!set {akte uji, surat uji}"), penanda="alias: !!set"),
    Kasus("fitur-yaml", "kunci-kompleks", "teks biasa", _g("    produk: Akta uji\n", "    produk: Akta uji\n    ? [a, b]\n    : c\n"), penanda="? [a"),
    Kasus("fitur-yaml", "bersarang-dalam-flow", "terlalu dalam", isi=MODELINE + b"instansi: " + b"[" * 5000 + b"]" * 5000 + b"\n", baris=2),
    Kasus("fitur-yaml", "bersarang-dalam-blok", "terlalu dalam", isi=_bersarang_blok(60), baris=34),
    Kasus("fitur-yaml", "berkas-lebih-dari-1-mib", "terlalu besar", isi=MODELINE + b"instansi:\n  nama: " + b"x" * (1024 * 1024) + b"\n", baris=1),
    Kasus("fitur-yaml", "dokumen-raksasa-banyak-nilai", "terlalu banyak nilai",
          _g("    persyaratan:\n", "    persyaratan:\n" + "      - x\n" * 60_000), baris=49958),  # where the 50,001st value stands

    # --- YAML 1.1 coercions ---------------------------------------------------------------
    Kasus("koersi-yaml11", "yes-untuk-boolean", "boolean", _g("        utama: true", "        utama: yes"), penanda="utama: yes"),
    Kasus("koersi-yaml11", "off-sebagai-status", "boolean", _g("    status: aktif\n    diperiksa: 2026", "    status: off\n    diperiksa: 2026"), penanda="status: off"),
    Kasus("koersi-yaml11", "n-di-daftar-hari", "boolean", _g("hari: [senin, selasa, rabu, kamis]", "hari: [senin, N]"), penanda="hari: [senin, N]"),
    Kasus("koersi-yaml11", "norway-di-alias", "boolean", _g("alias: [akte uji, surat uji]", "alias: [akte uji, NO]"), penanda="alias: [akte uji, NO]"),
    Kasus("koersi-yaml11", "jam-satu-digit", "JJ:MM", _g("buka: 08:00", "buka: 8:00"), penanda="buka: 8:00"),
    Kasus("koersi-yaml11", "jam-tanpa-titik-dua", "JJ:MM", _g('tutup: "15:00"', "tutup: 1500"), penanda="tutup: 1500"),
    Kasus("koersi-yaml11", "biaya-nol-angka", "Gratis", _g("biaya: Gratis", "biaya: 0"), penanda="biaya: 0"),
    Kasus("koersi-yaml11", "nama-tilde-null", "kosong", _g("nama: Membuat Akta Uji", "nama: ~"), penanda="nama: ~"),
    Kasus("koersi-yaml11", "tanggal-dengan-jam", "TTTT-BB-HH", _g("diperiksa: 2026-11-20", "diperiksa: 2026-11-20 10:00:00"), penanda="diperiksa: 2026-11-20 10"),
    Kasus("koersi-yaml11", "tanggal-mustahil", "TTTT-BB-HH", _g("diperiksa: 2026-11-20", "diperiksa: 2026-13-45"), penanda="diperiksa: 2026-13"),

    # --- schema ---------------------------------------------------------------------------
    Kasus("skema", "kolom-salah-ketik", "Mungkin maksud Anda", _g("    biaya: Gratis\n    produk: Akta uji", "    biya: Gratis\n    produk: Akta uji"), penanda="biya:"),
    Kasus("skema", "kolom-wajib-hilang", "wajib", _g("    produk: Akta uji\n", ""), baris=19),
    Kasus("skema", "teks-untuk-daftar", "daftar", _g("    persyaratan:\n      - KTP-el asli", "    persyaratan: KTP-el asli"), penanda="persyaratan: KTP"),
    Kasus("skema", "enum-salah-ketik", "kecamatan", _g("tingkat: opd", "tingkat: kecamatn"), penanda="tingkat: kecamatn"),
    Kasus("skema", "akar-berupa-daftar", "kumpulan kolom", isi=MODELINE + b"- instansi\n- layanan\n", baris=2),
    Kasus("skema", "id-huruf-besar", "id", _g("id: akta-uji", "id: Akta-Uji"), penanda="id: Akta"),
    Kasus("skema", "id-terlalu-panjang", "panjang", _g("id: akta-uji", "id: " + "a" * 81), penanda="id: aaaa"),
    Kasus("skema", "dua-kanal-utama", "tepat satu", _g("        label: Datang ke kantor\n", "        label: Datang ke kantor\n        utama: true\n"), baris=34),  # the second utama
    Kasus("skema", "kanal-web-tanpa-url", "url", _g("        url: https://uji.go.id/ajukan\n", ""), baris=28),
    Kasus("skema", "jam-tutup-sebelum-buka", "tutup", _g('tutup: "15:00"', 'tutup: "07:00"'), penanda="tutup:"),
    Kasus("skema", "ditutup-tanpa-keterangan", "keterangan_status",
          _g("    status: aktif\n    diperiksa: 2026-11-20", "    status: ditutup-sementara\n    diperiksa: 2026-11-20"), baris=19),
    Kasus("skema", "ringkasan-terlalu-panjang", "terlalu panjang", _g("ringkasan: Akta untuk pengujian.", "ringkasan: " + "kata " * 60), penanda="ringkasan: kata"),
    Kasus("skema", "persyaratan-kosong", "sekurang-kurangnya", _g("    persyaratan:\n      - KTP-el asli", "    persyaratan: []"), penanda="persyaratan: []"),
    Kasus("skema", "butir-layanan-kosong", "wajib", _g("\nlayanan:\n", "\nlayanan:\n  - {}\n"), penanda="  - {}"),
    # the editor's schema pointer: missing, pointing one level off, or at another site's schema
    Kasus("skema", "modeline-hilang", "$schema=../../schema/katalog.schema.json", _g(MODELINE.decode(), ""), baris=1),
    Kasus("skema", "modeline-jalur-salah", "$schema=../../schema/katalog.schema.json",
          _g(MODELINE.decode(), MODELINE.decode().replace("../../", "../")), baris=1),
    Kasus("skema", "modeline-skema-asing", "menunjuk skema lain",
          _g(MODELINE.decode(), "# yaml-language-server: $schema=https://evil.example/katalog.schema.json\n"), baris=1),
    Kasus("skema", "modeline-berkas-bersama", "$schema=../schema/katalog.schema.json",
          _g("# yaml-language-server: $schema=../schema/katalog.schema.json\n", "# skema\n"), berkas="situs.yaml", baris=1),

    # --- cross-file conflicts ---------------------------------------------------------------
    Kasus("antar-berkas", "id-layanan-ganda-satu-berkas", "sudah dipakai", _g("id: sk-uji-kecamatan", "id: akta-uji"), baris=46),
    Kasus("antar-berkas", "layanan-diklaim-dua-instansi", "sudah dipakai", _g("layanan: []\n", LAYANAN_SALINAN), berkas=KEC, baris=17),
    Kasus("antar-berkas", "id-instansi-beda-dengan-nama-berkas", "nama berkas", _g("  id: dinas-uji", "  id: dinas-lain"), baris=3),
    Kasus("antar-berkas", "dua-kantor-untuk-satu-kecamatan", "sudah punya kantor",
          siapkan=_salin_sebagai("kecamatan-sedati-baru.yaml", [("id: kecamatan-sedati", "id: kecamatan-sedati-baru")]),
          berkas=KEC, penanda="kode_wilayah"),  # files are read in name order: the copy claims the office first
    Kasus("antar-berkas", "kategori-tidak-ada", "kategori.yaml", _g("kategori: [kependudukan]", "kategori: [kependudukn]"), penanda="kategori: [kependudukn]"),
    Kasus("antar-berkas", "kantor-di-wilayah-yang-tidak-ada", "wilayah.yaml", _g('kode_wilayah: "35.15.17"', 'kode_wilayah: "35.15.71"'), penanda="kode_wilayah"),
    Kasus("antar-berkas", "alur-menunjuk-layanan-yang-tidak-ada", "tidak ada di katalog",
          _g("      layanan: akta-uji\n", "      layanan: akta-ujii\n"), berkas="alur/uji-peristiwa.yaml", penanda="layanan: akta-ujii"),
    Kasus("antar-berkas", "glosarium-menunjuk-layanan-yang-tidak-ada", "tidak ada di katalog",
          isi=("# yaml-language-server: $schema=../schema/katalog.schema.json\nglosarium:\n  istilah:\n"
               "    - istilah: AKU\n      arti: Akta uji\n      jenis: singkatan\n      layanan: [akta-ujii]\n"
               "  ganti: []\n  kata_umum: []\n").encode(), berkas="glosarium.yaml", baris=7),
    Kasus("antar-berkas", "layanan-populer-tidak-ada", "tidak ada di katalog", _g("    - akta-uji", "    - akta-ujj"), berkas="situs.yaml", penanda="- akta-ujj"),
    Kasus("antar-berkas", "catatan-kecamatan-tidak-ada", "wilayah.yaml",
          _g("    diperiksa: \"2026-11-20\"", '    diperiksa: "2026-11-20"\n    catatan_per_kecamatan:\n      - kecamatan: "35.15.99"\n        catatan: Tutup.'),
          penanda='kecamatan: "35.15.99"'),
    Kasus("antar-berkas", "berkas-bersama-hilang", "tidak ada", siapkan=_hapus("kategori.yaml"), berkas="kategori.yaml", baris=1),
    Kasus("antar-berkas", "berkas-yml-asing", "tidak dikenal", isi=b"a: 1\n", berkas="glosari.yml", baris=1),
    Kasus("antar-berkas", "tautan-simbolik-ke-luar", "tautan simbolik", siapkan=_symlink("/etc/hostname"), berkas="instansi/tautan.yaml", baris=1),
    Kasus("antar-berkas", "kategori-ganda", "ganda", _g("  - id: kesehatan", "  - id: kependudukan"), berkas="kategori.yaml", penanda="  - id: kependudukan\n    nama: Kesehatan"),

    # --- links ----------------------------------------------------------------------------
    _url("javascript", "javascript:alert(1)", "https"),
    _url("javascript-huruf-campur", "JaVaScRiPt:alert(1)", "javascript"),
    _url("data", "data:text/html;base64,PHNjcmlwdD4=", "data"),
    _url("vbscript", "vbscript:msgbox(1)", "vbscript"),
    _url("http-biasa", "http://uji.go.id/ajukan", "https"),
    _url("kredensial", "https://admin:rahasia@uji.go.id/", "sandi"),
    _url("punycode", "https://xn--sdoarjo-c2a.go.id/", "punycode"),
    _url("idn-kiril", "https://sid\u043earjo.go.id/", "punycode"),
    _url("domain-di-luar-daftar", "https://uji-go-id.com/", "domain_diizinkan"),
    _url("akhiran-menipu", "https://uji.go.id.evil.example/", "domain_diizinkan"),
    _url("terlalu-panjang", "https://uji.go.id/" + "a" * 600, "panjang"),
    _url("port-khusus", "https://uji.go.id:8443/", "port"),
    _url("tanpa-skema", "//evil.example/", "https"),
    _url("garis-miring-terbalik", "https://uji.go.id\\@evil.example/", "sandi"),
    _url("alamat-ip", "https://127.0.0.1/", "domain_diizinkan"),
    Kasus("tautan", "situs-instansi-javascript", "javascript", _g("situs: https://uji.go.id/", "situs: javascript:alert(1)"), penanda="situs: javascript"),
    _desk("tautan", "markdown-javascript", "[klik](javascript:alert(1))", "javascript", penanda="[klik]"),
    _desk("tautan", "markdown-data", "[klik](data:text/html,x)", "data", penanda="[klik]"),
    _desk("tautan", "markdown-referensi-javascript", "[klik][1]\n\n      [1]: javascript:alert(1)", "javascript", penanda="[1]: javascript"),
    _desk("tautan", "markdown-entitas-javascript", "[klik](&#106;avascript:alert(1))", "javascript", penanda="[klik]"),
    _desk("tautan", "markdown-gambar-luar", "![logo](https://evil.example/a.png)", "gambar", penanda="![logo]"),
    _desk("tautan", "markdown-domain-mirip", "[klik](https://sidoarjokab.go.id.evil.example/)", "domain_diizinkan", penanda="[klik]"),
    # hosts where anyone can publish: only the listed path prefixes and app ids (mini situs.yaml)
    _url("github-di-luar-awalan", "https://github.com/evil/phish", "github.com/contoh/portal/issues/new"),
    _url("github-awalan-tanpa-batas", "https://github.com/contoh/portal/issues/new-palsu", "alamat yang diawali"),
    _url("github-titik-titik", "https://github.com/contoh/portal/issues/new/../../../../evil/phish", "segmen"),
    _url("github-titik-titik-tersandi", "https://github.com/contoh/portal/issues/new/%2e%2e/%2E%2E/%2e%2e/%2e%2e/evil/phish", "tersandi"),
    _url("github-garis-miring-terbalik", "https://github.com/contoh/portal/issues/new/..\\..\\..\\..\\evil", "terbalik"),
    _url("play-store-aplikasi-lain", "https://play.google.com/store/apps/details?id=com.evil.fake", "id.go.uji.layanan"),
    _url("play-store-id-ganda", "https://play.google.com/store/apps/details?id=com.evil.fake&id=id.go.uji.layanan", "halaman"),
    _url("play-store-id-berakhiran", "https://play.google.com/store/apps/details?id=id.go.uji.layanan.palsu", "halaman"),
    _url("play-store-jalur-lain", "https://play.google.com/store/apps/developer?id=id.go.uji.layanan", "halaman"),
    _url("wa-me-dengan-teks", "https://wa.me/6281234567890?text=kirim%20kode%20OTP", "kolom whatsapp"),
    _url("domain-templat-dari-katalog", "https://www.openstreetmap.org/user/evil", "domain_templat"),
    _desk("tautan", "markdown-github-di-luar-awalan", "[formulir](https://github.com/evil/phish)", "diawali", penanda="[formulir]"),

    # --- markup in text -------------------------------------------------------------------
    _ringkasan("markup", "script", "<script>alert(1)</script>", "<script"),
    _ringkasan("markup", "img-onerror", "<img src=x onerror=alert(1)>", "<img"),
    _ringkasan("markup", "svg-onload", "<svg/onload=alert(1)>", "<svg"),
    _ringkasan("markup", "iframe", "<iframe src=https://evil.example></iframe>", "<iframe"),
    _ringkasan("markup", "komentar-html", "<!-- tersembunyi -->", "<!--"),
    _ringkasan("markup", "tag-penutup", "</title><script>alert(1)</script>", "</title>"),
    _desk("markup", "markdown-html-mentah", "<b onclick=alert(2)>b</b>", "<b", penanda="<b onclick"),
    _desk("markup", "markdown-tautan-html", "<a href=\"javascript:alert(1)\">x</a>", "<a", penanda="<a href"),
    _desk("markup", "markdown-style", "<style>body{display:none}</style>", "<style", penanda="<style"),
    _desk("markup", "evasi-huruf-campur", "<IMG SRC=JaVaScRiPt:alert('XSS')>", "<IMG", penanda="<IMG"),
    _desk("markup", "evasi-tag-bersarang", "<scr<script>ipt>alert(1)</script>", "<scr", penanda="<scr"),
    _desk("markup", "evasi-entitas", "&lt;script&gt;alert(1)&lt;/script&gt;", "tag HTML", penanda="&lt;script"),
    _desk("markup", "evasi-baris-baru-dalam-tag", "<img\n      src=x onerror=alert(1)>", "<img", penanda="<img"),
    Kasus("markup", "di-daftar-persyaratan", "tag HTML", _g("      - KTP-el asli", '      - "KTP-el <b>asli</b>"'), penanda="KTP-el <b>"),

    # Python-Markdown is quadratic in "[" and recurses per list level: bounded before converting
    _desk("markup", "markdown-ribuan-kurung-siku", "[" * 19000, "terlalu banyak tanda [", penanda="[[["),
    _desk("markup", "markdown-daftar-bersarang-ribuan", "- " * 3000 + "x", "bersarang", penanda="- - -"),

    # --- template syntax ------------------------------------------------------------------
    _ringkasan("templat", "jinja-ekspresi", '"{{ 7*7 }}"', "{{"),
    _ringkasan("templat", "jinja-pernyataan", '"{% include \'/etc/passwd\' %}"', "{%"),
    _ringkasan("templat", "jinja-komentar", '"{# rahasia #}"', "{#"),
    _desk("templat", "templat-js-di-markdown", "Biaya ${7*7} rupiah", "${", penanda="Biaya ${"),
    Kasus("templat", "jinja-di-prosedur", "{{", _g("      - Ambil akta.", "      - Ambil akta {{ config }}."), penanda="Ambil akta {{"),

    # --- personal data --------------------------------------------------------------------
    Kasus("data-pribadi", "nik-di-persyaratan", "NIK", _g("      - KTP-el asli", "      - KTP-el asli, contoh NIK 3515171203900001"), penanda="contoh NIK"),
    Kasus("data-pribadi", "nik-berkelompok", "NIK", _g("      - Ambil akta.", "      - Ambil akta atas nama NIK 3515 1712 0390 0001."), penanda="atas nama NIK"),
    _desk("data-pribadi", "nomor-kk-di-deskripsi", "Contoh: KK 351517.120390.0001", "NIK", penanda="Contoh: KK"),
]
