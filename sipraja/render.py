"""Render the validated model into static HTML pages.

Templates receive model objects only; catalogue text is always data,
never template source, and autoescaping is on, so `{{ ... }}` typed into
a YAML file is shown as text. Links between pages are relative (`akar`
is the way back to the site root) so one dist/ works at a domain root,
in a sub-folder and on any CDN.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from itertools import groupby
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import jsonld
from .alur import tulis_halaman_alur
from .bagikan import tautan_whatsapp
from .glosarium import kata_indeks
from .kantor import jam_json, tulis_halaman_kantor
from .links import domain_templat
from .model import TINGKAT, Katalog, Layanan
from .qr import jalur_qr, tulis_satu as tulis_qr_satu

KANAL_DARING, KANAL_LANGSUNG = "Daring (online)", "Datang langsung"

FOLDER_TEMPLAT = Path(__file__).resolve().parent.parent / "templates"

# Only the site's own files; Pagefind needs WebAssembly. Hosts that send
# headers get the same policy (plus frame-ancestors) from exports.py.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'")

BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"]


def _tanggal(iso: str) -> str:
    t, b, h = iso.split("-")
    return f"{int(h)} {BULAN[int(b) - 1]} {t}"


def _domain(url: str) -> str:
    return urlsplit(url).hostname or url


def _tel(nomor: str) -> str:
    return "tel:" + "".join(c for c in nomor if c.isdigit() or c == "+")


def _kanal_filter(lay: Layanan) -> list[str]:
    """Values of the search page's channel filter for one service."""
    nilai = []
    if lay.daring:
        nilai.append(KANAL_DARING)
    if any(k.jenis == "loket" for k in lay.kanal):
        nilai.append(KANAL_LANGSUNG)
    return nilai


def _huruf_awal(teks: str) -> str:
    awal = unicodedata.normalize("NFKD", teks)[:1].upper()
    return awal if awal.isalpha() else "#"


# Below this many pages forking workers costs more than it saves.
AMBANG_PARALEL = 400
_PERENDER = None  # the Perender that forked workers inherit (nothing is pickled but page ids)


def jumlah_proses() -> int:
    """Workers for rendering: the CPUs this process may use, or SIPRAJA_PROSES."""
    if os.environ.get("SIPRAJA_PROSES"):
        return max(1, int(os.environ["SIPRAJA_PROSES"]))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _kerja(potongan) -> int:
    for jenis, ident in potongan:
        _PERENDER.halaman_satu(jenis, ident)
    return len(potongan)


def lingkungan() -> Environment:
    env = Environment(
        loader=FileSystemLoader(FOLDER_TEMPLAT),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(tanggal=_tanggal, domain=_domain, tel=_tel, kanal_filter=_kanal_filter, jam_json=jam_json,
                       whatsapp=tautan_whatsapp, qr=jalur_qr)
    return env


class Perender:
    """Writes every page of the site into one output folder."""

    def __init__(self, katalog: Katalog, keluaran: Path, url_dasar: str | None = None):
        self.k = katalog
        self.keluaran = keluaran
        self.env = lingkungan()
        self.env.globals.update(jsonld.fungsi_templat(katalog))
        # the published address: JSON-LD, printed pages and QR codes carry it
        self.url_situs = (url_dasar or katalog.situs.url_dasar).rstrip("/") + "/"
        self.dasar = {"situs": katalog.situs, "wilayah": katalog.wilayah, "csp": CSP, "remah": None, "aktif": None,
                      "url_dasar": url_dasar or katalog.situs.url_dasar, "url_situs": self.url_situs, "jalur": None}
        # sharing links appear only while situs.yaml allows wa.me (domain_templat)
        self.dasar["wa_diizinkan"] = domain_templat(katalog.situs).cocok("wa.me")
        from .status import rusak_per_instansi  # link health for _tautan_rusak_*.html
        self.dasar.update(status_tautan=katalog.status_tautan,
                          tautan_rusak_instansi=rusak_per_instansi(katalog, katalog.status_tautan))
        from .skor import nilai_semua, ringkasan, tanggal_acuan  # "Kelengkapan katalog" (skor.py)
        self.acuan = tanggal_acuan()
        self.nilai = nilai_semua(katalog, self.acuan)
        self.ringkasan_nilai = ringkasan(self.nilai)
        self.dasar.update(kelengkapan={n.instansi.id: n for n in self.nilai})
        # cross-references through dictionaries, never a scan per page
        self._kantor = katalog.kantor_kecamatan()
        self._kua = katalog.kantor_kua()
        self._kecamatan_kantor = {id(c.kantor): c for c in katalog.wilayah.kecamatan if c.kantor is not None}
        self._layanan_kecamatan = [x for x in katalog.layanan.values() if x.tingkat == "kecamatan"]
        self._layanan_kua = [x for x in katalog.layanan.values() if x.dilayani_di == "kua"]

    def halaman_satu(self, jenis: str, ident: str) -> str:
        """Render one service or institution page; returns its path."""
        if jenis == "layanan":
            lay = self.k.layanan[ident]
            jalur = f"layanan/{lay.id}/"
            self.tulis(jalur, "layanan.html", judul=lay.nama, l=lay, kantor_kecamatan=self._kantor, kantor_kua=self._kua,
                       laporan=self._tautan_laporan(lay), kata_utama=kata_indeks(lay, True),
                       kata_lain=kata_indeks(lay, False), remah=[("Layanan", "../"), (lay.nama, None)])
        else:
            ins = self.k.instansi[ident]
            jalur = f"instansi/{ins.id}/"
            self.tulis(jalur, "instansi.html", judul=ins.nama, i=ins, kecamatan=self._kecamatan_kantor.get(id(ins)),
                       layanan_kecamatan=self._layanan_kecamatan, layanan_kua=self._layanan_kua, remah=[("Instansi", "../"), (ins.singkatan, None)])
        tulis_qr_satu(self.keluaran, self.url_situs, jalur)  # here, so the workers share the encoding too
        return jalur

    def halaman_banyak(self, tugas: list[tuple[str, str]]) -> None:
        """Render many pages, in forked worker processes when it pays.

        Each page is rendered and written on its own, so the output is the
        same bytes whatever the number of workers, and memory stays flat:
        no page is held after it is written."""
        global _PERENDER
        proses = jumlah_proses()
        if proses < 2 or len(tugas) < AMBANG_PARALEL or "fork" not in multiprocessing.get_all_start_methods():
            for jenis, ident in tugas:
                self.halaman_satu(jenis, ident)
            return
        ukuran = max(20, len(tugas) // (proses * 8))  # small chunks even out slow pages
        for templat in ("layanan.html", "instansi.html"):
            self.env.get_template(templat)  # compiled once, before the fork
        _PERENDER = self
        try:
            with ProcessPoolExecutor(proses, mp_context=multiprocessing.get_context("fork")) as ex:
                for _ in ex.map(_kerja, [tugas[i:i + ukuran] for i in range(0, len(tugas), ukuran)]):
                    pass
        finally:
            _PERENDER = None

    def tulis(self, jalur: str, templat: str, **isi) -> None:
        """Render templat to jalur ('' = root, 'layanan/x/' = folder page, '404.html' = file)."""
        kedalaman = jalur.count("/")
        konteks = {**self.dasar, "akar": "../" * kedalaman, "jalur": jalur, **isi}
        html = self.env.get_template(templat).render(konteks)
        tujuan = self.keluaran / (jalur + "index.html" if jalur == "" or jalur.endswith("/") else jalur)
        tujuan.parent.mkdir(parents=True, exist_ok=True)
        tujuan.write_text(html, encoding="utf-8", newline="\n")

    def semua(self) -> list[str]:
        """Render the whole site; returns the page paths for the sitemap."""
        k = self.k
        halaman = []
        tugas = [("layanan", i) for i in k.layanan] + [("instansi", i) for i in k.instansi]
        self.halaman_banyak(tugas)
        halaman.extend(f"{jenis}/{i}/" for jenis, i in tugas)
        return halaman + self.halaman_daftar()

    def halaman_daftar(self) -> list[str]:
        """The pages that list many services (home, A-Z, institutions, themes, search)."""
        k = self.k
        halaman = []

        def tulis(jalur, templat, **isi):
            self.tulis(jalur, templat, **isi)
            halaman.append(jalur)

        populer = [k.layanan[i] for i in k.situs.layanan_populer]
        tulis("", "beranda.html", judul=k.situs.nama, populer=populer, kategori=list(k.kategori.values()),
              jumlah=len(k.layanan), jumlah_instansi=len(k.instansi), alur=list(k.alur.values()))
        grup = [(h, list(d)) for h, d in groupby(k.layanan.values(), key=lambda x: _huruf_awal(x.nama))]
        tulis("layanan/", "daftar_layanan.html", judul="Semua layanan A–Z", grup=grup, jumlah=len(k.layanan),
              jumlah_instansi=len(k.instansi), aktif="layanan", remah=[("Layanan A–Z", None)])
        tulis("instansi/", "daftar_instansi.html", judul="Daftar instansi", grup=self._grup_instansi(),
              jumlah=len(k.instansi), aktif="instansi", remah=[("Instansi", None)])
        for kat in k.kategori.values():
            tulis(f"kategori/{kat.id}/", "kategori.html", judul=kat.nama, k=kat,
                  remah=[("Tema", "../"), (kat.nama, None)])
        tulis("kategori/", "daftar_kategori.html", judul="Tema layanan", kategori=list(k.kategori.values()),
              aktif="kategori", remah=[("Tema", None)])
        tulis("cari/", "cari.html", judul="Cari layanan", aktif="cari", remah=[("Cari", None)],
              saringan=self._saringan(), populer=populer, kategori=list(k.kategori.values()),
              kueri=self._aturan_kueri(), ada_pecahan=self.dasar.get("ada_pecahan", False))
        if k.glosarium:
            istilah = sorted(k.glosarium.istilah, key=lambda i: (i.istilah.casefold(), i.istilah))
            pemakai: dict[str, list] = {i.istilah: [] for i in istilah}
            for x in k.layanan.values():  # one pass, not every term against every service
                for i in x.istilah:
                    pemakai[i.istilah].append(x)
            tulis("istilah/", "istilah.html", judul="Arti istilah dan singkatan", istilah=istilah, pemakai=pemakai,
                  remah=[("Istilah", None)])
        tulis_halaman_alur(tulis, k)
        tulis_halaman_kantor(tulis, k)
        # people queue at the kecamatan counters for the services written once for every kecamatan
        # (tingkat: kecamatan, owned by e.g. bagian-pemerintahan), so those posters list them too
        di_kecamatan = sorted((x for x in k.layanan.values() if x.tingkat == "kecamatan"
                               and x.instansi.jenis != "kecamatan" and x.status != "dihentikan"),
                              key=lambda x: (x.nama.casefold(), x.id))
        for ins in k.instansi.values():
            tulis(f"instansi/{ins.id}/poster/", "poster.html", judul=f"Poster layanan {ins.singkatan}", i=ins,
                  daftar=ins.layanan + (di_kecamatan if ins.jenis == "kecamatan" else []),
                  remah=[("Instansi", "../../"), (ins.singkatan, "../"), ("Poster", None)])
        tulis("kelengkapan/", "kelengkapan.html", judul="Kelengkapan katalog", nilai=self.nilai, ringkasan=self.ringkasan_nilai,
              acuan=self.acuan.isoformat(), remah=[("Kelengkapan katalog", None)])
        return halaman

    def halaman_404(self, akar_mutlak: str) -> None:
        # served for any missing path, so its links cannot be relative
        html = self.env.get_template("404.html").render({**self.dasar, "akar": akar_mutlak,
                                                         "judul": "Halaman tidak ditemukan"})
        (self.keluaran / "404.html").write_text(html, encoding="utf-8", newline="\n")

    def _saringan(self) -> list[tuple[str, str, list[str]]]:
        """Filter name, label and values for the search form, rendered at build time."""
        layanan = list(self.k.layanan.values())
        return [
            ("kategori", "Tema", [k.nama for k in self.k.kategori.values() if k.layanan]),
            ("instansi", "Instansi", sorted({x.instansi.singkatan for x in layanan}, key=str.casefold)),
            ("tingkat", "Diselesaikan di", [t for kode, t in TINGKAT.items() if any(x.tingkat == kode for x in layanan)]),
            ("kanal", "Cara mengajukan", [KANAL_DARING, KANAL_LANGSUNG]),
        ]

    def _aturan_kueri(self) -> str:
        """Query rewriting rules for cari.js, carried in a data attribute (no inline script)."""
        g = self.k.glosarium
        aturan = {"ganti": g.ganti if g else {}, "umum": g.kata_umum if g else []}
        return json.dumps(aturan, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def _tautan_laporan(self, lay: Layanan) -> str:
        # pre-fills the GitHub issue form .github/ISSUE_TEMPLATE/laporkan-kesalahan.yml (sipraja/laporan.py)
        from .laporan import tautan_laporan
        halaman = f"{self.k.situs.url_dasar.rstrip('/')}/layanan/{lay.id}/"
        return tautan_laporan(self.k.situs.tautan_laporan, lay.id, lay.nama, lay.instansi.nama, halaman)

    def _grup_instansi(self):
        kelompok = [
            ("perangkat-daerah", "Perangkat daerah", lambda i: i.jenis not in ("kecamatan", "instansi-vertikal", "kua", "bumd", "bumn")),
            ("kecamatan", "Kecamatan", lambda i: i.jenis == "kecamatan"),
            ("instansi-vertikal", "Instansi vertikal", lambda i: i.jenis == "instansi-vertikal"),
            ("kua", "KUA kecamatan", lambda i: i.jenis == "kua"),
            ("bumd-bumn", "BUMD dan BUMN", lambda i: i.jenis in ("bumd", "bumn")),
        ]
        hasil = []
        for kunci, judul, cocok in kelompok:
            daftar = [i for i in self.k.instansi.values() if cocok(i)]
            if daftar:
                hasil.append((kunci, judul, daftar))
        return hasil
