"""Load and validate the catalogue folder into a Katalog.

Every problem in every file is collected before giving up, so an editor
fixes everything in one round. Errors carry file, line, column and field
path; nothing is built from a catalogue that has any error. Each file is
read and checked on its own in berkas_katalog.py; here the files meet:
unique ids, categories, region codes, links, references between files.
"""
from __future__ import annotations

import gc
import sys
from pathlib import Path

from . import skema
from .alur import rakit_alur
from .bacayaml import Dokumen, Kesalahan, teks_jalur
from .berkas_katalog import FOLDER_INSTANSI, MODELINE, PERAN, baca_dokumen  # noqa: F401 - editor.py, impor.py import the first two here
from .glosarium import Glosarium, Istilah, kaitkan
from .kantor import periksa_kantor
from .teks import letak_dalam
from .links import dari_situs, masalah_url, peringatan_platform
from .markup import Markdown
from .model import (CatatanKecamatan, Desa, Instansi, JamLayanan, Kanal, Katalog, Kategori, Kecamatan, Kontak,
                    Layanan, Pengaduan, Situs, Wilayah)

# institutions that are one office per kecamatan: jenis -> (attribute of Kecamatan, name in messages)
_KANTOR_KECAMATAN = {"kecamatan": ("kantor", "kantor kecamatan"), "kua": ("kua", "KUA")}

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


def muat_katalog(folder: Path, cache: dict | None = None) -> Katalog:
    """The whole pipeline's first stage: catalogue folder -> validated model.

    `cache` (serve mode) keeps parsed files and rendered Markdown between calls."""
    # The cyclic GC would rescan the whole growing heap again and again while the model is
    # built (in serve mode that heap also holds the previous model and the caches: 60% of an
    # edit's reload at 10,000 services); nothing cyclic becomes garbage here.
    gc_aktif = gc.isenabled()
    gc.disable()
    try:
        return _muat(Path(folder), cache)
    finally:
        if gc_aktif:
            gc.enable()


def _muat(folder: Path, cache: dict | None) -> Katalog:
    dokumen, kesalahan, semua_terbaca, cache_md = baca_dokumen(folder, cache)
    per_nama = {Path(d.berkas).name: d for d in dokumen if "/instansi/" not in d.berkas and "/alur/" not in d.berkas}
    if any(n not in per_nama or per_nama[n].rusak for n in PERAN):
        # without the shared vocabularies the cross-file checks would only add noise
        raise KatalogTidakSah(_urut(kesalahan) or [Kesalahan("catalog", 1, 1, "", "berkas bersama tidak bisa dibaca")])
    pencatat = _Pencatat()
    pencatat.kesalahan = kesalahan
    perakit = _Perakit(pencatat, per_nama, cache_md)
    perakit.cache_istilah = None if cache is None else cache.setdefault("istilah", {})
    katalog = perakit.rakit([d for d in dokumen if "/instansi/" in d.berkas], semua_terbaca)
    # references to services are checked only when every service id is known: one typo, one error
    dikenal = perakit.id_layanan if perakit.id_lengkap else None
    if "glosarium.yaml" in per_nama:
        katalog.glosarium = perakit.glosarium(per_nama["glosarium.yaml"], katalog.layanan, dikenal)
    katalog.alur = rakit_alur(pencatat, [d for d in dokumen if "/alur/" in d.berkas], katalog, dikenal)
    galat = [k for k in pencatat.kesalahan if not k.peringatan]
    if galat:
        raise KatalogTidakSah(_urut(pencatat.kesalahan))
    periksa_kantor(pencatat, per_nama["wilayah.yaml"], katalog)  # warnings about a catalogue that is otherwise sound
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
        self.diizinkan = dari_situs(s)
        self._url_diperiksa: dict[tuple[str, bool], str | None] = {}
        for i, pola in enumerate(s["domain_diizinkan"]):
            if peringatan_platform(pola):
                self.p.salah(self.dok_situs, ("situs", "domain_diizinkan", i), peringatan_platform(pola), peringatan=True)
        self.md = Markdown(self.diizinkan, cache_md)
        self.situs = Situs(**{**s, "pengaduan": self._pengaduan(self.dok_situs, ("situs", "pengaduan"), s["pengaduan"])})
        self._url(self.dok_situs, ("situs", "url_dasar"), s["url_dasar"], cek_domain=False)
        self._url(self.dok_situs, ("situs", "tautan_laporan"), s["tautan_laporan"])
        dk = bersama["kategori.yaml"]
        self.kategori: dict[str, Kategori] = {}
        for i, k in enumerate(dk.data["kategori"]):
            if k["id"] in self.kategori:
                self.p.salah(dk, ("kategori", i, "id"), f"id kategori \"{k['id']}\" ganda")
            self.kategori[k["id"]] = Kategori(k["id"], k["nama"], k["deskripsi"], en=k.get("en"))
        self.wilayah = self._wilayah(bersama["wilayah.yaml"])
        self.kode_kecamatan = {k.kode: k for k in self.wilayah.kecamatan}
        self.kode_wilayah = {self.wilayah.kode} | set(self.kode_kecamatan) | {d.kode for k in self.wilayah.kecamatan for d in k.desa}

    def glosarium(self, dok: Dokumen, layanan: dict, dikenal: dict | None) -> Glosarium | None:
        """`dikenal`: every service id of the catalogue, or None when some are unknown (a file failed)."""
        if dok.ditolak(("glosarium",)):
            return None
        g = dok.data["glosarium"]
        istilah = []
        dilihat: dict[str, int] = {}
        for i, d in enumerate(g["istilah"] if not dok.ditolak(("glosarium", "istilah")) else []):
            j = ("glosarium", "istilah", i)
            if dok.ditolak(j):
                continue
            if not dok.ditolak(j + ("istilah",)):
                kunci = d["istilah"].casefold()
                if kunci in dilihat:
                    self.p.salah(dok, j + ("istilah",), f"istilah \"{d['istilah']}\" sudah ditulis di butir {dilihat[kunci]}")
                dilihat[kunci] = i
            for k, ident in enumerate(d.get("layanan") or [] if not dok.ditolak(j + ("layanan",)) else []):
                if dikenal is not None and ident not in dikenal and not dok.ditolak(j + ("layanan", k)):
                    self.p.salah(dok, j + ("layanan", k), f"layanan \"{ident}\" tidak ada di katalog.{skema.saran(ident, sorted(dikenal))}")
            if dok.utuh(j):
                istilah.append(Istilah(**d))
        ganti = {}
        for i, d in enumerate(g["ganti"] if not dok.ditolak(("glosarium", "ganti")) else []):
            j = ("glosarium", "ganti", i)
            if dok.ditolak(j + ("kata",)):
                continue
            if d["kata"] in ganti:
                self.p.salah(dok, j + ("kata",), f"kata \"{d['kata']}\" sudah punya pengganti")
            ganti[d["kata"]] = d.get("menjadi")
        if not dok.utuh(("glosarium",)):
            return None
        hasil = Glosarium(istilah, ganti, list(g["kata_umum"]))
        kaitkan(hasil, layanan.values(), self.cache_istilah)
        return hasil

    def _wilayah(self, dok: Dokumen) -> Wilayah:
        w = dok.data["wilayah"]
        kec = [Kecamatan(k["kode"], k["nama"], [Desa(**d) for d in k["desa"]]) for k in w["kecamatan"]]
        for i, k in enumerate(kec):
            if not k.kode.startswith(w["kode"] + ".") or k.kode.count(".") != 2:
                self.p.salah(dok, ("wilayah", "kecamatan", i, "kode"), f"kode kecamatan {k.kode} tidak berada di bawah {w['kode']}")
        return Wilayah(w["kode"], w["nama"], kec, dok.data["sumber"])

    # Every check below skips what the reader or the schema already refused
    # (dok.ditolak): a file with errors still gets its category, region, id and
    # link checks, without a second message about the same value. A model
    # object is built only from an untouched part (dok.utuh); with any error
    # nothing is published, so a missing object only matters to later checks.

    def _url(self, dok, jalur, url, cek_domain=True):
        if dok.ditolak(jalur):
            return
        # the same portal link recurs in thousands of services: checked once per load
        kunci = (url, cek_domain)
        if kunci not in self._url_diperiksa:
            self._url_diperiksa[kunci] = masalah_url(url, self.diizinkan if cek_domain else None)
        alasan = self._url_diperiksa[kunci]
        if alasan:
            self.p.salah(dok, jalur, alasan)

    def _markdown(self, dok, jalur, teks) -> str:
        if not teks or dok.ditolak(jalur):
            return ""
        html, masalah = self.md.render(teks)
        for m, href in zip(masalah, self.md.href_bermasalah):
            baris, kolom = letak_dalam(dok, jalur, teks, href)
            self.p.kesalahan.append(Kesalahan(dok.berkas, baris, kolom, teks_jalur(tuple(jalur)), m))
        return html

    def _pengaduan(self, dok, jalur, d) -> Pengaduan | None:
        if dok.ditolak(jalur):
            return None
        if d.get("url"):
            self._url(dok, jalur + ("url",), d["url"])
        return Pengaduan(**d) if dok.utuh(jalur) else None

    def _kode(self, dok, jalur, kode, hanya_kecamatan=False):
        if dok.ditolak(jalur):
            return None
        pilihan = self.kode_kecamatan if hanya_kecamatan else self.kode_wilayah
        if kode not in pilihan:
            jenis = "kecamatan" if hanya_kecamatan else "wilayah"
            self.p.salah(dok, jalur, f"kode {jenis} \"{kode}\" tidak ada di catalog/wilayah.yaml.{skema.saran(kode, sorted(pilihan))}")
            return None
        return pilihan[kode] if hanya_kecamatan else kode

    def rakit(self, dokumen: list[Dokumen], semua_terbaca: bool) -> Katalog:
        """Institutions and services of every institution file. Sets `id_layanan`
        (every service id seen, with where) and `id_lengkap` (no file or id was
        lost, so a reference to an unknown id is a real error)."""
        instansi: dict[str, Instansi] = {}
        asal_instansi: dict[str, str] = {}
        layanan: dict[str, Layanan] = {}
        self.id_layanan: dict[str, tuple] = {}  # id -> (document, path of its id)
        self.id_lengkap = semua_terbaca
        self.pemilik_kantor: dict[tuple, str] = {}  # (jenis, kecamatan code) -> the file that claims that office
        dilayani: list[tuple[Dokumen, tuple, Layanan]] = []  # services delivered at a per-kecamatan office
        for dok in dokumen:
            ins = self._instansi(dok)
            ident = None if dok.ditolak(("instansi", "id")) else dok.data["instansi"]["id"]
            if ident in asal_instansi:
                self.p.salah(dok, ("instansi", "id"), f"id instansi \"{ident}\" sudah dipakai di {asal_instansi[ident]}")
                self.id_lengkap = False
                continue
            if ident is not None:
                asal_instansi[ident] = dok.berkas
            if ins is not None:
                instansi[ins.id] = ins
            if dok.ditolak(("layanan",)):
                self.id_lengkap = False
                continue
            for i, d in enumerate(dok.data["layanan"] or []):
                jalur = ("layanan", i)
                if dok.ditolak(jalur + ("id",)):
                    self.id_lengkap = False
                    self._layanan(dok, jalur, d, None)  # still check what it holds
                    continue
                if d["id"] in self.id_layanan:
                    asal, jalur_asal = self.id_layanan[d["id"]]  # its line is looked up only now: positions cost
                    self.p.salah(dok, jalur + ("id",), f"id layanan \"{d['id']}\" sudah dipakai di {asal.berkas}:{asal.posisi(jalur_asal)[0]}; id harus unik di seluruh katalog")
                    continue
                self.id_layanan[d["id"]] = (dok, jalur + ("id",))
                lay = self._layanan(dok, jalur, d, ins)
                if lay is not None:
                    if lay.dilayani_di:
                        dilayani.append((dok, jalur, lay))
                    layanan[lay.id] = lay
                    ins.layanan.append(lay)
        ada = {i.jenis for i in instansi.values()}
        for dok, jalur, lay in dilayani:
            if self.id_lengkap and lay.dilayani_di not in ada:
                self.p.salah(dok, jalur + ("dilayani_di",), f"dilayani_di: {lay.dilayani_di}, tetapi belum ada berkas instansi berjenis "
                             f"{lay.dilayani_di} di catalog/instansi/ (satu per kecamatan, dengan kontak.kode_wilayah kecamatannya)")
        for i, ident in enumerate(self.situs.layanan_populer):
            if self.id_lengkap and ident not in self.id_layanan:
                self.p.salah(self.dok_situs, ("situs", "layanan_populer", i), f"layanan \"{ident}\" tidak ada di katalog.{skema.saran(ident, sorted(self.id_layanan))}")
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

    def _instansi(self, dok: Dokumen) -> Instansi | None:
        j = ("instansi",)
        if dok.ditolak(j):
            return None
        d = dok.data["instansi"]
        if d.get("situs"):
            self._url(dok, j + ("situs",), d["situs"])
        deskripsi_html = self._markdown(dok, j + ("deskripsi",), d.get("deskripsi"))
        jam = self._jam(dok, j + ("jam_layanan",), d.get("jam_layanan") or [])
        pengaduan = self._pengaduan(dok, j + ("pengaduan",), d.get("pengaduan") or {})
        kontak = {} if dok.ditolak(j + ("kontak",)) else d.get("kontak") or {}
        kode = kontak.get("kode_wilayah")
        jenis = None if dok.ditolak(j + ("jenis",)) else d.get("jenis")
        kec = None
        if jenis in _KANTOR_KECAMATAN and "kontak" in d and not dok.ditolak(j + ("kontak",)):
            sebutan = _KANTOR_KECAMATAN[jenis][1]
            if kode is None:
                self.p.salah(dok, j + ("kontak",), f"instansi berjenis {jenis} wajib mengisi kontak.kode_wilayah dengan kode kecamatannya")
            else:
                kec = self._kode(dok, j + ("kontak", "kode_wilayah"), kode, hanya_kecamatan=True)
            if kec is not None and (jenis, kec.kode) in self.pemilik_kantor:
                self.p.salah(dok, j + ("kontak", "kode_wilayah"),
                             f"kecamatan {kec.nama} sudah punya {sebutan} di {self.pemilik_kantor[(jenis, kec.kode)]}")
                kec = None
            elif kec is not None:
                self.pemilik_kantor[(jenis, kec.kode)] = dok.berkas
        elif kode:
            self._kode(dok, j + ("kontak", "kode_wilayah"), kode)
        en = self._en(dok, j, d)
        if not dok.utuh(j):
            return None
        ins = Instansi(
            id=d["id"], nama=d["nama"], singkatan=d["singkatan"], jenis=d["jenis"], induk=d.get("induk"),
            deskripsi_html=deskripsi_html, situs=d.get("situs"), kontak=Kontak(**d["kontak"]), jam_layanan=jam,
            pengaduan=pengaduan, berkas=dok.berkas, deskripsi=d.get("deskripsi"), pemilik=list(d.get("pemilik") or []),
            en=en,
        )
        if kec is not None:
            setattr(kec, _KANTOR_KECAMATAN[ins.jenis][0], ins)
        return ins

    def _en(self, dok, jalur, d) -> dict | None:
        """The optional English text of a service or institution, its Markdown rendered like the Indonesian."""
        if not d.get("en") or dok.ditolak(jalur + ("en",)):
            return None
        en = dict(d["en"])
        if en.get("deskripsi") and not dok.ditolak(jalur + ("en", "deskripsi")):
            en["deskripsi_html"] = self._markdown(dok, jalur + ("en", "deskripsi"), en["deskripsi"])
        return en

    def _jam(self, dok, jalur, daftar) -> list[JamLayanan]:
        hasil = []
        for i, d in enumerate(daftar if not dok.ditolak(jalur) else []):
            j = jalur + (i,)
            if not (dok.ditolak(j + ("buka",)) or dok.ditolak(j + ("tutup",))) and d["tutup"] <= d["buka"]:
                self.p.salah(dok, j + ("tutup",), f"jam tutup {d['tutup']} harus setelah jam buka {d['buka']}")
            if dok.utuh(j):
                hasil.append(JamLayanan(**d))
        return hasil

    def _layanan(self, dok, jalur, d, ins: Instansi | None) -> Layanan | None:
        """Check one service; the Layanan only when it and its institution are untouched."""
        if dok.ditolak(jalur):
            return None
        ditolak = lambda *k: dok.ditolak(jalur + k)  # noqa: E731
        kategori = []
        for i, k in enumerate(d["kategori"] if not ditolak("kategori") else []):
            if ditolak("kategori", i):
                continue
            if k in self.kategori:
                kategori.append(self.kategori[k])
            else:
                self.p.salah(dok, jalur + ("kategori", i), f"kategori \"{k}\" tidak ada di catalog/kategori.yaml.{skema.saran(k, sorted(self.kategori))} Pilihan: {', '.join(sorted(self.kategori))}.")
        kanal = []
        for i, k in enumerate(d["kanal"] if not ditolak("kanal") else []):
            if ditolak("kanal", i):
                continue
            if k.get("url"):
                self._url(dok, jalur + ("kanal", i, "url"), k["url"])
            if dok.utuh(jalur + ("kanal", i)):
                kanal.append(Kanal(**k))
        if not ditolak("biaya") and d["biaya"].strip().lower() in _BIAYA_SAMAR:
            self.p.salah(dok, jalur + ("biaya",), f"biaya \"{d['biaya']}\" bisa disalahpahami; tulis \"Gratis\" bila tanpa biaya, atau besarnya, misalnya \"Rp 30.000\"")
        pengaduan = self._pengaduan(dok, jalur + ("pengaduan",), d["pengaduan"]) if d.get("pengaduan") else ins and ins.pengaduan
        catatan = []
        for i, c in enumerate(d.get("catatan_per_kecamatan") or [] if not ditolak("catatan_per_kecamatan") else []):
            if ditolak("tingkat"):
                break
            if d["tingkat"] not in ("kecamatan", "desa-kelurahan"):
                self.p.salah(dok, jalur + ("catatan_per_kecamatan",), "catatan_per_kecamatan hanya untuk layanan bertingkat kecamatan atau desa-kelurahan")
                break
            if ditolak("catatan_per_kecamatan", i):
                continue
            kec = self._kode(dok, jalur + ("catatan_per_kecamatan", i, "kecamatan"), c["kecamatan"], hanya_kecamatan=True)
            if kec is not None and dok.utuh(jalur + ("catatan_per_kecamatan", i)):
                catatan.append(CatatanKecamatan(kec, c["catatan"]))
        deskripsi_html = self._markdown(dok, jalur + ("deskripsi",), d.get("deskripsi"))
        en = self._en(dok, jalur, d)
        if ins is None or not dok.utuh(jalur):
            return None
        lay = Layanan(
            id=d["id"], nama=d["nama"], ringkasan=d["ringkasan"], deskripsi_html=deskripsi_html,
            kategori=kategori, alias=list(d.get("alias") or []), tingkat=d["tingkat"], kanal=kanal,
            persyaratan=d["persyaratan"], prosedur=d["prosedur"], waktu=d["waktu"], biaya=d["biaya"],
            produk=d["produk"], pengaduan=pengaduan, dasar_hukum=d["dasar_hukum"], status=d["status"],
            keterangan_status=d.get("keterangan_status"), diperiksa=d["diperiksa"], instansi=ins,
            catatan_per_kecamatan=catatan, deskripsi=d["deskripsi"], dilayani_di=d.get("dilayani_di"), en=en,
        )
        for k in kategori:
            k.layanan.append(lay)
        return lay
