"""Load and validate the catalogue folder into a Katalog.

Every problem in every file is collected before giving up, so an editor
fixes everything in one round. Errors carry file, line, column and field
path; nothing is built from a catalogue that has any error.
"""
from __future__ import annotations

import sys
from pathlib import Path

from . import muat_paralel, skema, teks
from .alur import rakit_alur
from .bacayaml import UKURAN_MAKS, Dokumen, GagalBaca, Kesalahan, baca_teks, teks_jalur
from .glosarium import Glosarium, Istilah, kaitkan
from .kantor import periksa_kantor
from .teks import letak_dalam
from .links import DomainDiizinkan, masalah_url, platform_umum
from .markup import Markdown
from .model import (CatatanKecamatan, Desa, Instansi, JamLayanan, Kanal, Katalog, Kategori, Kecamatan, Kontak,
                    Layanan, Pengaduan, Situs, Wilayah)

# which top-level keys each kind of file holds (the schema allows any of them)
PERAN = {
    "situs.yaml": {"situs"},
    "kategori.yaml": {"kategori"},
    "wilayah.yaml": {"sumber", "wilayah"},
}
PERAN_OPSIONAL = {"glosarium.yaml": {"glosarium"}}  # a catalogue may do without a search glossary
PERAN_INSTANSI = {"instansi", "layanan"}
FOLDER_INSTANSI = "instansi"
PERAN_ALUR = {"alur"}
FOLDER_ALUR = "alur"  # life-event journeys, one file each (sipraja/alur.py)
MODELINE = "# yaml-language-server: $schema="

# ways editors write "free" that a citizen could misread
_BIAYA_SAMAR = {"0", "-", "rp0", "rp 0", "rp. 0", "rp0,-", "nol", "tidak ada", "free", "none", "n/a", "gratis."}


class KatalogTidakSah(Exception):
    def __init__(self, kesalahan: list[Kesalahan]):
        super().__init__(f"{len(kesalahan)} kesalahan di katalog")
        self.kesalahan = kesalahan


class _Pencatat:
    """Collects errors with positions taken from the parsed document."""

    def __init__(self):
        self.kesalahan: list[Kesalahan] = []

    def salah(self, dok: Dokumen, jalur, pesan: str, pada_kunci=False, peringatan=False):
        baris, kolom = dok.posisi(tuple(jalur), kunci=pada_kunci)
        self.kesalahan.append(Kesalahan(dok.berkas, baris, kolom, teks_jalur(tuple(jalur)), pesan, peringatan))


def cetak_kesalahan(kesalahan, keluar=None) -> None:
    """Print errors and warnings for an editor, with a closing summary."""
    keluar = keluar or sys.stderr
    for k in kesalahan:
        print(k, file=keluar)
    galat = [k for k in kesalahan if not k.peringatan]
    if galat:
        print(f"\nKatalog belum bisa diterbitkan: {len(galat)} kesalahan. Perbaiki baris yang disebut di atas, "
              "lalu jalankan lagi `python build.py check`.", file=keluar)


def daftar_berkas(folder: Path) -> tuple[list[Path], list[Kesalahan]]:
    """Catalogue files in a fixed order, plus errors for files that don't belong."""
    kesalahan = []
    berkas = []
    for p in sorted(folder.iterdir()):
        if p.suffix in (".yaml", ".yml") and not _berkas_biasa(p):
            kesalahan.append(_bukan_berkas_biasa(p, folder))
        elif p.is_file() and p.suffix in (".yaml", ".yml"):
            if p.suffix == ".yml" or (p.name not in PERAN and p.name not in PERAN_OPSIONAL):
                kesalahan.append(Kesalahan(_nama(p, folder), 1, 1, "", f"berkas tidak dikenal di catalog/. Berkas bersama hanya {', '.join(sorted({**PERAN, **PERAN_OPSIONAL}))}; berkas instansi disimpan di catalog/{FOLDER_INSTANSI}/ dengan akhiran .yaml"))
            else:
                berkas.append(p)
    for nama in sorted(PERAN):
        if not (folder / nama).is_file():
            kesalahan.append(Kesalahan(f"catalog/{nama}", 1, 1, "", "berkas wajib ini tidak ada"))
    for sub, jenis in ((FOLDER_INSTANSI, "instansi"), (FOLDER_ALUR, "alur")):
        if not (folder / sub).is_dir():
            continue
        for p in sorted((folder / sub).iterdir()):
            if p.suffix in (".yaml", ".yml") and not _berkas_biasa(p):
                kesalahan.append(_bukan_berkas_biasa(p, folder))
            elif p.suffix == ".yaml" and p.is_file():
                berkas.append(p)
            elif p.suffix == ".yml" or (p.is_file() and not p.name.startswith(".")):
                kesalahan.append(Kesalahan(_nama(p, folder), 1, 1, "", f"berkas {jenis} harus berakhiran .yaml"))
    return berkas, kesalahan


def _berkas_biasa(p: Path) -> bool:
    # a symlink in a pull request could publish any file of the build machine,
    # and a FIFO or device named *.yaml would hang or flood the build
    return not p.is_symlink() and p.is_file()


def _bukan_berkas_biasa(p: Path, folder: Path) -> Kesalahan:
    return Kesalahan(_nama(p, folder), 1, 1, "", "bukan berkas biasa (tautan simbolik, folder atau perangkat); "
                     "simpan isi katalog sebagai berkas teks biasa")


def _baca_terbatas(p: Path) -> bytes:
    """At most one byte past the size limit: a huge file is refused without filling memory."""
    with open(p, "rb") as f:
        return f.read(UKURAN_MAKS + 1)


def _nama(p: Path, folder: Path) -> str:
    return f"catalog/{p.relative_to(folder).as_posix()}"


def baca_dokumen(folder: Path, cache: dict | None = None) -> tuple[list[Dokumen], list[Kesalahan], bool, dict]:
    """Parse and schema-check every file; documents with errors are dropped
    (the flag says whether every institution file made it through). Also
    returns Markdown already rendered on the way (a cache for Markdown()).

    With a `cache` dict (serve mode), a file whose mtime and size did not
    change since the last call is not read again. Without one, a large
    catalogue is read in parallel (sipraja/muat_paralel.py)."""
    berkas, kesalahan = daftar_berkas(folder)
    cache_md = {} if cache is None else cache.setdefault("markdown", {})
    if cache is None and muat_paralel.layak(berkas):
        hasil, cache_md = muat_paralel.baca_semua(berkas, folder, _baca_satu)
    else:
        hasil = [_baca_dengan_cache(p, folder, cache) for p in berkas]
    dokumen = []
    for dok, galat in hasil:
        kesalahan.extend(galat)
        if dok is not None and not any(not k.peringatan for k in galat):
            dokumen.append(dok)
    lengkap = len(dokumen) == len(berkas)
    return dokumen, kesalahan, lengkap, cache_md


def _baca_dengan_cache(p: Path, folder: Path, cache: dict | None):
    if cache is None:
        return _baca_satu(p, folder)
    st = p.stat()
    cap = (st.st_mtime_ns, st.st_size)
    lama = cache.get(p)
    if lama is None or lama[0] != cap:
        lama = cache[p] = (cap, *_baca_satu(p, folder))
    return lama[1], lama[2]


def _baca_satu(p: Path, folder: Path) -> tuple[Dokumen | None, list[Kesalahan]]:
    nama = _nama(p, folder)
    try:
        mentah = _baca_terbatas(p)
        dok = baca_teks(nama, mentah)
    except GagalBaca as g:
        return None, g.kesalahan
    galat = skema.periksa(dok)
    galat += _periksa_peran(dok, p)
    galat += teks.periksa(dok)
    if not str(mentah[:200], "utf-8", "replace").lstrip("\ufeff").startswith(MODELINE):
        galat.append(Kesalahan(nama, 1, 1, "", f"baris pertama harus \"{MODELINE}{'../../' if p.parent.name in (FOLDER_INSTANSI, FOLDER_ALUR) else '../'}schema/katalog.schema.json\" agar editor memeriksa berkas ini", peringatan=True))
    return dok, galat


def _periksa_peran(dok: Dokumen, p: Path) -> list[Kesalahan]:
    if not isinstance(dok.data, dict):
        return []  # the schema already said it must be a mapping
    harap = {FOLDER_INSTANSI: PERAN_INSTANSI, FOLDER_ALUR: PERAN_ALUR}.get(p.parent.name) or {**PERAN, **PERAN_OPSIONAL}.get(p.name, set())
    keluar = []
    for k in sorted(set(dok.data) - harap):
        b, c = dok.posisi((k,), kunci=True)
        keluar.append(Kesalahan(dok.berkas, b, c, k, f"kolom \"{k}\" tidak boleh ada di berkas ini; berkas ini hanya berisi {', '.join(sorted(harap))}"))
    for k in sorted(harap - set(dok.data)):
        keluar.append(Kesalahan(dok.berkas, 1, 1, "", f"kolom utama \"{k}\" belum ada di berkas ini"))
    if p.parent.name == FOLDER_INSTANSI and isinstance(dok.data.get("instansi"), dict):
        ident = dok.data["instansi"].get("id")
        if isinstance(ident, str) and ident != p.stem:
            b, c = dok.posisi(("instansi", "id"))
            keluar.append(Kesalahan(dok.berkas, b, c, "instansi.id", f"id \"{ident}\" harus sama dengan nama berkas \"{p.stem}\" (ganti salah satunya)"))
    if p.parent.name == FOLDER_ALUR and isinstance(dok.data.get("alur"), dict):
        ident = dok.data["alur"].get("id")
        if isinstance(ident, str) and ident != p.stem:
            b, c = dok.posisi(("alur", "id"))
            keluar.append(Kesalahan(dok.berkas, b, c, "alur.id", f"id \"{ident}\" harus sama dengan nama berkas \"{p.stem}\" (ganti salah satunya)"))
    return keluar


def muat_katalog(folder: Path, cache: dict | None = None) -> Katalog:
    """The whole pipeline's first stage: catalogue folder -> validated model.

    `cache` (serve mode) keeps parsed files and rendered Markdown between calls."""
    folder = Path(folder)
    dokumen, kesalahan, lengkap, cache_md = baca_dokumen(folder, cache)
    per_nama = {Path(d.berkas).name: d for d in dokumen if "/instansi/" not in d.berkas and "/alur/" not in d.berkas}
    if any(n not in per_nama for n in PERAN):
        # without the shared vocabularies the cross-file checks would only add noise
        raise KatalogTidakSah(_urut(kesalahan) or [Kesalahan("catalog", 1, 1, "", "berkas bersama tidak bisa dibaca")])
    pencatat = _Pencatat()
    pencatat.kesalahan = kesalahan
    perakit = _Perakit(pencatat, per_nama, cache_md)
    katalog = perakit.rakit([d for d in dokumen if "/instansi/" in d.berkas], lengkap)
    if "glosarium.yaml" in per_nama:
        katalog.glosarium = perakit.glosarium(per_nama["glosarium.yaml"], katalog.layanan, lengkap)
    katalog.alur = rakit_alur(pencatat, [d for d in dokumen if "/alur/" in d.berkas], katalog, lengkap)
    if lengkap:
        periksa_kantor(pencatat, per_nama["wilayah.yaml"], katalog)
    galat = [k for k in pencatat.kesalahan if not k.peringatan]
    if galat:
        raise KatalogTidakSah(_urut(pencatat.kesalahan))
    katalog.peringatan = _urut([k for k in pencatat.kesalahan if k.peringatan])
    return katalog


def _urut(kesalahan):
    return sorted(kesalahan, key=lambda k: (k.berkas, k.baris, k.kolom, k.pesan))


class _Perakit:
    """Builds model objects and resolves every cross-file reference."""

    def __init__(self, pencatat: _Pencatat, bersama: dict[str, Dokumen], cache_md: dict | None = None):
        self.p = pencatat
        self.dok_situs = bersama["situs.yaml"]
        s = self.dok_situs.data["situs"]
        self.diizinkan = DomainDiizinkan(s["domain_diizinkan"], s.get("domain_templat") or ())
        for i, pola in enumerate(s["domain_diizinkan"]):
            platform = platform_umum(pola)
            if platform:
                self.p.salah(self.dok_situs, ("situs", "domain_diizinkan", i),
                             f"\"{pola}\" mengizinkan semua halaman di {platform}, tempat siapa saja bisa membuat halaman "
                             f"(tautan phishing ikut lolos). Batasi dengan awalan alamat resmi, misalnya {platform}/nama-akun-resmi",
                             peringatan=True)
        self.md = Markdown(self.diizinkan, cache_md)
        self.situs = Situs(**{**s, "pengaduan": self._pengaduan(self.dok_situs, ("situs", "pengaduan"), s["pengaduan"])})
        self._url(self.dok_situs, ("situs", "url_dasar"), s["url_dasar"], cek_domain=False)
        self._url(self.dok_situs, ("situs", "tautan_laporan"), s["tautan_laporan"])
        dk = bersama["kategori.yaml"]
        self.kategori: dict[str, Kategori] = {}
        for i, k in enumerate(dk.data["kategori"]):
            if k["id"] in self.kategori:
                self.p.salah(dk, ("kategori", i, "id"), f"id kategori \"{k['id']}\" ganda")
            self.kategori[k["id"]] = Kategori(k["id"], k["nama"], k["deskripsi"])
        self.wilayah = self._wilayah(bersama["wilayah.yaml"])
        self.kode_kecamatan = {k.kode: k for k in self.wilayah.kecamatan}
        self.kode_wilayah = {self.wilayah.kode} | set(self.kode_kecamatan) | {d.kode for k in self.wilayah.kecamatan for d in k.desa}

    def glosarium(self, dok: Dokumen, layanan: dict, lengkap: bool) -> Glosarium:
        g = dok.data["glosarium"]
        istilah = []
        dilihat: dict[str, int] = {}
        for i, d in enumerate(g["istilah"]):
            kunci = d["istilah"].casefold()
            if kunci in dilihat:
                self.p.salah(dok, ("glosarium", "istilah", i, "istilah"), f"istilah \"{d['istilah']}\" sudah ditulis di butir {dilihat[kunci]}")
            dilihat[kunci] = i
            for j, ident in enumerate(d.get("layanan") or []):
                if lengkap and ident not in layanan:
                    self.p.salah(dok, ("glosarium", "istilah", i, "layanan", j), f"layanan \"{ident}\" tidak ada di katalog.{skema.saran(ident, sorted(layanan))}")
            istilah.append(Istilah(**d))
        ganti = {}
        for i, d in enumerate(g["ganti"]):
            if d["kata"] in ganti:
                self.p.salah(dok, ("glosarium", "ganti", i, "kata"), f"kata \"{d['kata']}\" sudah punya pengganti")
            ganti[d["kata"]] = d["menjadi"]
        hasil = Glosarium(istilah, ganti, list(g["kata_umum"]))
        kaitkan(hasil, layanan.values())
        return hasil

    def _wilayah(self, dok: Dokumen) -> Wilayah:
        w = dok.data["wilayah"]
        kec = [Kecamatan(k["kode"], k["nama"], [Desa(**d) for d in k["desa"]]) for k in w["kecamatan"]]
        for i, k in enumerate(kec):
            if not k.kode.startswith(w["kode"] + ".") or k.kode.count(".") != 2:
                self.p.salah(dok, ("wilayah", "kecamatan", i, "kode"), f"kode kecamatan {k.kode} tidak berada di bawah {w['kode']}")
        return Wilayah(w["kode"], w["nama"], kec, dok.data["sumber"])

    def _url(self, dok, jalur, url, cek_domain=True):
        alasan = masalah_url(url, self.diizinkan if cek_domain else None)
        if alasan:
            self.p.salah(dok, jalur, alasan)

    def _markdown(self, dok, jalur, teks) -> str:
        if not teks:
            return ""
        html, masalah = self.md.render(teks)
        for m, href in zip(masalah, self.md.href_bermasalah):
            baris, kolom = letak_dalam(dok, jalur, teks, href)
            self.p.kesalahan.append(Kesalahan(dok.berkas, baris, kolom, teks_jalur(tuple(jalur)), m))
        return html

    def _pengaduan(self, dok, jalur, d) -> Pengaduan:
        if d.get("url"):
            self._url(dok, jalur + ("url",), d["url"])
        return Pengaduan(**d)

    def _kode(self, dok, jalur, kode, hanya_kecamatan=False):
        pilihan = self.kode_kecamatan if hanya_kecamatan else self.kode_wilayah
        if kode not in pilihan:
            jenis = "kecamatan" if hanya_kecamatan else "wilayah"
            self.p.salah(dok, jalur, f"kode {jenis} \"{kode}\" tidak ada di catalog/wilayah.yaml.{skema.saran(kode, sorted(pilihan))}")
            return None
        return pilihan[kode] if hanya_kecamatan else kode

    def rakit(self, dokumen: list[Dokumen], lengkap: bool) -> Katalog:
        """`lengkap` is False when some file already failed: then
        references to services are not checked, so one typo gives one error."""
        instansi: dict[str, Instansi] = {}
        layanan: dict[str, Layanan] = {}
        asal_layanan: dict[str, tuple] = {}
        for dok in dokumen:
            ins = self._instansi(dok)
            if ins.id in instansi:
                self.p.salah(dok, ("instansi", "id"), f"id instansi \"{ins.id}\" sudah dipakai di {instansi[ins.id].berkas}")
                continue
            instansi[ins.id] = ins
            for i, d in enumerate(dok.data["layanan"] or []):
                jalur = ("layanan", i)
                if d["id"] in layanan:
                    asal, jalur_asal = asal_layanan[d["id"]]  # its line is looked up only now: positions cost
                    self.p.salah(dok, jalur + ("id",), f"id layanan \"{d['id']}\" sudah dipakai di {asal.berkas}:{asal.posisi(jalur_asal)[0]}; id harus unik di seluruh katalog")
                    continue
                lay = self._layanan(dok, jalur, d, ins)
                layanan[lay.id] = lay
                asal_layanan[lay.id] = (dok, jalur + ("id",))
                ins.layanan.append(lay)
        for i, ident in enumerate(self.situs.layanan_populer):
            if lengkap and ident not in layanan:
                self.p.salah(self.dok_situs, ("situs", "layanan_populer", i), f"layanan \"{ident}\" tidak ada di katalog.{skema.saran(ident, sorted(layanan))}")
        urut = lambda x: (x.nama.casefold(), x.id)  # noqa: E731 - one sort key for every list
        for ins in instansi.values():
            ins.layanan.sort(key=urut)
        for k in self.kategori.values():
            k.layanan.sort(key=urut)
        return Katalog(
            situs=self.situs,
            kategori=self.kategori,
            wilayah=self.wilayah,
            instansi=dict(sorted(instansi.items(), key=lambda kv: urut(kv[1]))),
            layanan=dict(sorted(layanan.items(), key=lambda kv: urut(kv[1]))),
        )

    def _instansi(self, dok: Dokumen) -> Instansi:
        d = dok.data["instansi"]
        j = ("instansi",)
        if d.get("situs"):
            self._url(dok, j + ("situs",), d["situs"])
        kontak = Kontak(**d["kontak"])
        if kontak.kode_wilayah:
            self._kode(dok, j + ("kontak", "kode_wilayah"), kontak.kode_wilayah)
        ins = Instansi(
            id=d["id"], nama=d["nama"], singkatan=d["singkatan"], jenis=d["jenis"], induk=d.get("induk"),
            deskripsi_html=self._markdown(dok, j + ("deskripsi",), d.get("deskripsi")),
            situs=d.get("situs"), kontak=kontak,
            jam_layanan=self._jam(dok, j + ("jam_layanan",), d["jam_layanan"]),
            pengaduan=self._pengaduan(dok, j + ("pengaduan",), d["pengaduan"]),
            berkas=dok.berkas, deskripsi=d.get("deskripsi"), pemilik=list(d.get("pemilik") or []),
        )
        if ins.jenis == "kecamatan":
            kec = self._kode(dok, j + ("kontak", "kode_wilayah"), kontak.kode_wilayah or "", hanya_kecamatan=True) if kontak.kode_wilayah else None
            if kontak.kode_wilayah is None:
                self.p.salah(dok, j + ("kontak",), "instansi berjenis kecamatan wajib mengisi kontak.kode_wilayah dengan kode kecamatannya")
            elif kec is not None:
                if kec.kantor is not None:
                    self.p.salah(dok, j + ("kontak", "kode_wilayah"), f"kecamatan {kec.nama} sudah punya kantor di {kec.kantor.berkas}")
                else:
                    kec.kantor = ins
        return ins

    def _jam(self, dok, jalur, daftar) -> list[JamLayanan]:
        hasil = []
        for i, d in enumerate(daftar):
            jam = JamLayanan(**d)
            if jam.tutup <= jam.buka:
                self.p.salah(dok, jalur + (i, "tutup"), f"jam tutup {jam.tutup} harus setelah jam buka {jam.buka}")
            hasil.append(jam)
        return hasil

    def _layanan(self, dok, jalur, d, ins: Instansi) -> Layanan:
        kategori = []
        for i, k in enumerate(d["kategori"]):
            if k in self.kategori:
                kategori.append(self.kategori[k])
            else:
                self.p.salah(dok, jalur + ("kategori", i), f"kategori \"{k}\" tidak ada di catalog/kategori.yaml.{skema.saran(k, sorted(self.kategori))} Pilihan: {', '.join(sorted(self.kategori))}.")
        kanal = []
        for i, k in enumerate(d["kanal"]):
            kanal.append(Kanal(**k))
            if k.get("url"):
                self._url(dok, jalur + ("kanal", i, "url"), k["url"])
        if d["biaya"].strip().lower() in _BIAYA_SAMAR:
            self.p.salah(dok, jalur + ("biaya",), f"biaya \"{d['biaya']}\" bisa disalahpahami; tulis \"Gratis\" bila tanpa biaya, atau besarnya, misalnya \"Rp 30.000\"")
        pengaduan = self._pengaduan(dok, jalur + ("pengaduan",), d["pengaduan"]) if d.get("pengaduan") else ins.pengaduan
        catatan = []
        for i, c in enumerate(d.get("catatan_per_kecamatan") or []):
            if d["tingkat"] not in ("kecamatan", "desa-kelurahan"):
                self.p.salah(dok, jalur + ("catatan_per_kecamatan",), "catatan_per_kecamatan hanya untuk layanan bertingkat kecamatan atau desa-kelurahan")
                break
            kec = self._kode(dok, jalur + ("catatan_per_kecamatan", i, "kecamatan"), c["kecamatan"], hanya_kecamatan=True)
            if kec is not None:
                catatan.append(CatatanKecamatan(kec, c["catatan"]))
        lay = Layanan(
            id=d["id"], nama=d["nama"], ringkasan=d["ringkasan"],
            deskripsi_html=self._markdown(dok, jalur + ("deskripsi",), d["deskripsi"]),
            kategori=kategori, alias=list(d.get("alias") or []), tingkat=d["tingkat"], kanal=kanal,
            persyaratan=d["persyaratan"], prosedur=d["prosedur"], waktu=d["waktu"], biaya=d["biaya"],
            produk=d["produk"], pengaduan=pengaduan, dasar_hukum=d["dasar_hukum"], status=d["status"],
            keterangan_status=d.get("keterangan_status"), diperiksa=d["diperiksa"], instansi=ins,
            catatan_per_kecamatan=catatan, deskripsi=d["deskripsi"],
        )
        for k in kategori:
            k.layanan.append(lay)
        return lay
