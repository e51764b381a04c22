"""Render the validated model into static HTML pages.

Templates receive model objects only; catalogue text is always data,
never template source, and autoescaping is on, so `{{ ... }}` typed into
a YAML file is shown as text. Links between pages are relative (`akar`
is the way back to the site root) so one dist/ works at a domain root,
in a sub-folder and on any CDN.
"""
from __future__ import annotations

import multiprocessing
import os
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from itertools import groupby
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .model import Katalog, Layanan

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
    env.filters.update(tanggal=_tanggal, domain=_domain, tel=_tel)
    return env


class Perender:
    """Writes every page of the site into one output folder."""

    def __init__(self, katalog: Katalog, keluaran: Path):
        self.k = katalog
        self.keluaran = keluaran
        self.env = lingkungan()
        self.dasar = {"situs": katalog.situs, "wilayah": katalog.wilayah, "csp": CSP, "remah": None, "aktif": None}
        # cross-references through dictionaries, never a scan per page
        self._kantor = katalog.kantor_kecamatan()
        self._kecamatan_kantor = {id(c.kantor): c for c in katalog.wilayah.kecamatan if c.kantor is not None}
        self._layanan_kecamatan = [x for x in katalog.layanan.values() if x.tingkat == "kecamatan"]

    def halaman_satu(self, jenis: str, ident: str) -> str:
        """Render one service or institution page; returns its path."""
        if jenis == "layanan":
            lay = self.k.layanan[ident]
            jalur = f"layanan/{lay.id}/"
            self.tulis(jalur, "layanan.html", judul=lay.nama, l=lay, kantor_kecamatan=self._kantor,
                       laporan=self._tautan_laporan(lay), remah=[("Layanan", "../"), (lay.nama, None)])
        else:
            ins = self.k.instansi[ident]
            jalur = f"instansi/{ins.id}/"
            self.tulis(jalur, "instansi.html", judul=ins.nama, i=ins, kecamatan=self._kecamatan_kantor.get(id(ins)),
                       layanan_kecamatan=self._layanan_kecamatan, remah=[("Instansi", "../"), (ins.singkatan, None)])
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
        konteks = {**self.dasar, "akar": "../" * kedalaman, **isi}
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
              jumlah=len(k.layanan), jumlah_instansi=len(k.instansi))
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
        tulis("cari/", "cari.html", judul="Cari layanan", aktif="cari", remah=[("Cari", None)])
        return halaman

    def halaman_404(self, akar_mutlak: str) -> None:
        # served for any missing path, so its links cannot be relative
        html = self.env.get_template("404.html").render({**self.dasar, "akar": akar_mutlak,
                                                         "judul": "Halaman tidak ditemukan"})
        (self.keluaran / "404.html").write_text(html, encoding="utf-8", newline="\n")

    def _tautan_laporan(self, lay: Layanan) -> str:
        judul = f"[{lay.id}] Koreksi: {lay.nama}"
        isi = (f"Layanan: {lay.nama}\nId: {lay.id}\nInstansi: {lay.instansi.nama}\n\n"
               "Apa yang salah atau berubah? Sebutkan sumbernya bila ada.\n")
        return f"{self.k.situs.tautan_laporan}?{urlencode({'title': judul, 'body': isi})}"

    def _grup_instansi(self):
        kelompok = [
            ("perangkat-daerah", "Perangkat daerah", lambda i: i.jenis not in ("kecamatan", "instansi-vertikal", "bumd", "bumn")),
            ("kecamatan", "Kecamatan", lambda i: i.jenis == "kecamatan"),
            ("instansi-vertikal", "Instansi vertikal", lambda i: i.jenis == "instansi-vertikal"),
            ("bumd-bumn", "BUMD dan BUMN", lambda i: i.jenis in ("bumd", "bumn")),
        ]
        hasil = []
        for kunci, judul, cocok in kelompok:
            daftar = [i for i in self.k.instansi.values() if cocok(i)]
            if daftar:
                hasil.append((kunci, judul, daftar))
        return hasil
