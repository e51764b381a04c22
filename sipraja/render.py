"""Render the validated model into static HTML pages.

Templates receive model objects only; catalogue text is always data,
never template source, and autoescaping is on, so `{{ ... }}` typed into
a YAML file is shown as text. Links between pages are relative (`akar`
is the way back to the root of the page's language, `akar_situs` to the
site root, where assets live) so one dist/ works at a domain root, in a
sub-folder and on any CDN. Every page is written once per language
(sipraja/bahasa.py): Indonesian at the root, English under en/, by the
same call, so every writer of pages gets both.
"""
from __future__ import annotations

import json
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import jsonld
from .alur import tulis_halaman_alur
from .bagikan import tautan_whatsapp
from .bahasa import (AWALAN, BAHASA, NAMA, UTAMA, Antarmuka, Kolom, PerBahasa, Pesan, diindeks_en,
                     halaman_diindeks_en, label, untuk)
from .glosarium import kata_indeks
from .kantor import jam_json, tulis_halaman_kantor
from .keluaran import tulis as tulis_berkas
from .links import domain_templat
from .model import Katalog, Layanan
from .proses import jumlah_proses, konteks_fork
from .qr import jalur_qr, tulis_qr, tulis_satu as tulis_qr_satu
from .search import AKHIR_INDEKS, UTAMA_INDEKS, GagalIndeks, salinan_cari
from .templat import Lingkungan

KANAL_DARING, KANAL_LANGSUNG = (label(UTAMA, "kanal_filter")[k] for k in ("daring", "langsung"))

FOLDER_TEMPLAT = Path(__file__).resolve().parent.parent / "templates"

# Only the site's own files; Pagefind needs WebAssembly. Hosts that send
# headers get the same policy (plus frame-ancestors) from exports.py.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'")


@lru_cache(maxsize=4096)
def _domain(url: str) -> str:
    # a few hundred distinct addresses (an institution's app, its site) on every page of its services
    return urlsplit(url).hostname or url


def _tel(nomor: str) -> str:
    return "tel:" + "".join(c for c in nomor if c.isdigit() or c == "+")


def _kanal_filter(lay: Layanan) -> list[str]:
    """The search page's channel filter for one service: keys of kanal_filter in the message tables."""
    nilai = []
    if lay.daring:
        nilai.append("daring")
    if any(k.jenis == "loket" for k in lay.kanal):
        nilai.append("langsung")
    return nilai


def _huruf_awal(teks: str) -> str:
    awal = unicodedata.normalize("NFKD", teks)[:1].upper()
    return awal if awal.isalpha() else "#"


# Below this many pages forking workers costs more than it saves.
AMBANG_PARALEL = 400
RONDE = 10000  # pages (services, institutions) per set of forked workers: halaman_banyak
HEMAT_MEMORI = 30000  # services; from here the list pages are rendered before the workers fork
_PERENDER = None  # the Perender that forked workers inherit (nothing is pickled but page ids)


def _awal_pekerja() -> None:
    # templates were compiled before the fork and cannot change during a build: without this,
    # every page and include stats its template files (~3% of a worker's time)
    for env in _PERENDER.envs.values():
        env.auto_reload = False


def _kerja(potongan) -> int:
    for jenis, ident in potongan:
        _PERENDER.halaman_satu(jenis, ident)
    return len(potongan)


def _kerja_daftar() -> list[str]:
    return _PERENDER.halaman_daftar_dan_qr()


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _atribut(nilai: str) -> Markup:
    """A quoted attribute value for JSON: single quotes, so its many double quotes need no
    escaping (the search page's first download is counted in bytes); &, ', < and > are escaped."""
    aman = nilai.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(f"'{aman}'")


def lingkungan(bahasa: str = UTAMA) -> Environment:
    """The Jinja environment of one language: its messages and text helpers are globals."""
    env = Lingkungan(
        loader=FileSystemLoader(FOLDER_TEMPLAT),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    ui = Antarmuka(bahasa)
    t = ui.tabel
    env.globals.update(ui.globals(), diindeks=diindeks_en if ui.asing else (lambda obj: True),
                       akhir_indeks=Markup(AKHIR_INDEKS))
    # the strings of assets/jam.js and assets/cari.js, carried in data-teks attributes (no inline script)
    env.globals["teks_jam"] = _json({"hari": [t[f"hari.{h}"] for h in ("senin", "selasa", "rabu", "kamis", "jumat",
                                                                        "sabtu", "minggu")],
                                     **{k: t[f"jam.{k}"] for k in ("buka", "tutup", "buka_lagi", "hari_ini", "catatan")}})
    cari = {k[len("cari.js_"):]: v for k, v in t.items() if k.startswith("cari.js_")}
    # the words about kecamatan shards only where the search page has shards
    env.globals["teks_cari"] = lambda pecahan: _json({k: v for k, v in cari.items()
                                                       if pecahan or not k.startswith(("setempat", "semua_kec", "kec"))})
    env.filters.update(ui.filters(), domain=_domain, tel=_tel, kanal_filter=_kanal_filter, jam_json=jam_json,
                       whatsapp=lambda lay, url: tautan_whatsapp(lay, url, ui), qr=jalur_qr,
                       tanggal_id=Antarmuka(UTAMA).tanggal, atribut=_atribut)
    return env


_LINGKUNGAN: dict[str, Environment] = {}


def _lingkungan_bersama(bahasa: str) -> Environment:
    """One environment per language per process, so serve mode's rebuilds do not compile every
    template again (~0.5 s at each edit). Nothing of a catalogue is kept in them (Perender._katalog_per_bahasa);
    an edited template is still picked up (FileSystemLoader checks its mtime)."""
    if bahasa not in _LINGKUNGAN:
        _LINGKUNGAN[bahasa] = lingkungan(bahasa)
    return _LINGKUNGAN[bahasa]


class DaftarTautan:
    """daftar_tautan(layanan, akar) in templates: the <ul> of links to many services, rendered once per
    list, link root and language. Every office page lists the same services (desa, kecamatan, KUA), and
    rendering each page's own copy made the office pages quadratic: 353 desa pages times the catalogue,
    60% of the list pages' time at 10,000 services. Pass lists made once in Python (a list built inside a
    template is a new object, rendered again)."""

    def __init__(self, env: Environment):
        self._env = env
        self._siap: dict[tuple[int, str], tuple[list, Markup]] = {}  # the list is kept: its id stays its own

    def __call__(self, layanan: list, akar: str) -> Markup:
        kunci = (id(layanan), akar)
        if kunci not in self._siap:
            html = self._env.get_template("_daftar_tautan.html").render(layanan=layanan, akar=akar)
            self._siap[kunci] = (layanan, Markup(html.rstrip("\n")))
        return self._siap[kunci][1]


class Perender:
    """Writes every page of the site into one output folder."""

    def __init__(self, katalog: Katalog, keluaran: Path, url_dasar: str | None = None, sendiri: bool = False):
        """sendiri: environments of its own, for a second thread (serve's background list pages): a
        worker forked by the first thread must never copy a template cache lock this one holds."""
        self.k = katalog
        self.keluaran = keluaran
        self.envs = {b: lingkungan(b) if sendiri else _lingkungan_bersama(b) for b in BAHASA}
        # the catalogue's JSON-LD helpers and link lists go in each page's context, not in the shared environments:
        # serve mode renders list pages of one catalogue while the next edit loads another
        self._katalog_per_bahasa = {b: {**jsonld.fungsi_templat(katalog, b), "daftar_tautan": DaftarTautan(self.envs[b])}
                                    for b in BAHASA}
        self.env = self.envs[UTAMA]
        # (folder, {page folder: index folder}, folders made): where indexed pages get their search
        # copy; the full build sets it (search.folder_salinan)
        self.salinan: tuple[Path, dict[str, str], bool] | None = None
        # the published address: JSON-LD, printed pages and QR codes carry it
        self.url_situs = (url_dasar or katalog.situs.url_dasar).rstrip("/") + "/"
        s = katalog.situs
        daerah = s.pemerintah.replace("Pemerintah ", "")
        self.dasar = {"situs": s, "wilayah": katalog.wilayah, "csp": CSP, "remah": None, "aktif": None,
                      "url_dasar": url_dasar or katalog.situs.url_dasar, "url_situs": self.url_situs, "jalur": None,
                      "bahasa_situs": [*((b, AWALAN[b]) for b in BAHASA), ("x-default", AWALAN[UTAMA])],
                      "daerah": PerBahasa(id=daerah, en=(s.en or {}).get("daerah", daerah))}
        # the English index: only pages with English text (bahasa.diindeks_en)
        self.ada_indeks_en = bool(halaman_diindeks_en(katalog))
        # sharing links appear only while situs.yaml allows wa.me (domain_templat)
        self.dasar["wa_diizinkan"] = domain_templat(katalog.situs).cocok("wa.me")
        from .status import rusak_per_instansi  # link health for _tautan_rusak_*.html
        self.dasar.update(status_tautan=katalog.status_tautan,
                          tautan_rusak_instansi=rusak_per_instansi(katalog, katalog.status_tautan))
        from .skor import Kelengkapan, tanggal_acuan  # "Kelengkapan katalog" (skor.py)
        self.acuan = tanggal_acuan()
        # each institution page shows its own score: computed when asked, as serve mode's edit of one
        # file must not score the whole catalogue (0.1 s at 10,000 services) before its page is written
        self.dasar.update(kelengkapan=Kelengkapan(katalog, self.acuan))
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
            en = diindeks_en(lay)  # the hidden search words matter only on indexed pages
            self.tulis(jalur, "layanan.html", judul=Kolom(lay, "nama"), l=lay, kantor_kecamatan=self._kantor,
                       kantor_kua=self._kua,
                       laporan=PerBahasa(zip(BAHASA, self._tautan_laporan(lay))),
                       kata_utama=PerBahasa(id=kata_indeks(lay, True), en=kata_indeks(lay, True, "en") if en else []),
                       kata_lain=PerBahasa(id=kata_indeks(lay, False), en=kata_indeks(lay, False, "en") if en else []),
                       remah=[(Pesan("remah.layanan"), "../"), (Kolom(lay, "nama"), None)])
        else:
            ins = self.k.instansi[ident]
            jalur = f"instansi/{ins.id}/"
            self.tulis(jalur, "instansi.html", judul=Kolom(ins, "nama"), i=ins,
                       kecamatan=self._kecamatan_kantor.get(id(ins)), layanan_kecamatan=self._layanan_kecamatan,
                       layanan_kua=self._layanan_kua, remah=[(Pesan("remah.instansi"), "../"), (ins.singkatan, None)])
        # here, so the workers share the encoding too; an English page without English text
        # prints the Indonesian page's code (the same content, and half the encoding work)
        obj = lay if jenis == "layanan" else ins
        for awalan in AWALAN.values():
            if not awalan or obj.en:
                tulis_qr_satu(self.keluaran, self.url_situs, awalan + jalur)
        return jalur

    def halaman_banyak(self, tugas: list[tuple[str, str]], daftar: bool = False) -> list[str]:
        """Render many pages, in forked worker processes when it pays; with `daftar`,
        also the list pages and their QR codes (returns their paths).

        Each page is rendered and written on its own, so the output is the
        same bytes whatever the number of workers, and memory stays flat:
        no page is held after it is written. Workers are forked afresh for
        every RONDE pages: CPython writes a reference count into every object
        it reads, so a worker slowly copies the part of the model it renders,
        and a fresh fork starts from the shared model again. The list pages
        (A-Z, themes, offices: ~10% of the CPU) read every record, so a worker
        rendering them would copy the whole model (+1.3 GB at 100,000 services):
        above HEMAT_MEMORI services they are rendered here, before the workers;
        below, as one more job beside the service pages, which is faster."""
        global _PERENDER
        proses = jumlah_proses()
        fork = konteks_fork()
        if proses < 2 or len(tugas) < AMBANG_PARALEL or fork is None:
            for jenis, ident in tugas:
                self.halaman_satu(jenis, ident)
            return self.halaman_daftar_dan_qr() if daftar else []
        hasil_daftar = []
        if daftar and len(self.k.layanan) >= HEMAT_MEMORI:
            hasil_daftar, daftar = self.halaman_daftar_dan_qr(), False
        ukuran = max(20, min(100, len(tugas) // (proses * 8)))  # small chunks even out slow pages
        for env in self.envs.values():
            for templat in env.list_templates(filter_func=lambda n: n.endswith(".html")):
                env.get_template(templat)  # compiled once, before the fork
        self.dasar["kelengkapan"].semua()  # scored once here, not again in every worker of every round
        per_ronde = -(-len(tugas) // -(-len(tugas) // RONDE))  # rounds of equal size, none over RONDE
        _PERENDER = self
        try:
            for awal in range(0, len(tugas), per_ronde):
                bagian = tugas[awal:awal + per_ronde]
                with ProcessPoolExecutor(proses, mp_context=fork,
                                         initializer=_awal_pekerja) as ex:
                    tugas_daftar = ex.submit(_kerja_daftar) if daftar and awal == 0 else None
                    for _ in ex.map(_kerja, [bagian[i:i + ukuran] for i in range(0, len(bagian), ukuran)]):
                        pass
                    if tugas_daftar is not None:
                        hasil_daftar = tugas_daftar.result()
            return hasil_daftar
        finally:
            _PERENDER = None

    def tulis(self, jalur: str, templat: str, **isi) -> None:
        """Render templat to jalur ('' = root, 'layanan/x/' = folder page, '404.html' = file), once per
        language. Values that differ by language are Pesan, Kolom or PerBahasa (sipraja/bahasa.py)."""
        for bahasa in BAHASA:
            awalan = AWALAN[bahasa]
            akar_situs = "../" * (awalan + jalur).count("/")
            lain = BAHASA[1 - BAHASA.index(bahasa)] if len(BAHASA) == 2 else UTAMA
            self._tulis_satu(bahasa, awalan + jalur, templat, isi, akar="../" * jalur.count("/"), akar_situs=akar_situs,
                             jalur=jalur, tautan_lain={"bahasa": lain, "nama": NAMA[lain],
                                                       "href": akar_situs + AWALAN[lain] + jalur})

    def _tulis_satu(self, bahasa: str, tujuan: str, templat: str, isi: dict, **tempat) -> None:
        konteks = {**self.dasar, **self._katalog_per_bahasa[bahasa], **{k: untuk(v, bahasa) for k, v in isi.items()},
                   **tempat, "awalan": AWALAN[bahasa], "url_halaman": self.url_situs + AWALAN[bahasa]}
        for kunci in ("daerah", "ada_pecahan"):
            konteks[kunci] = untuk(konteks.get(kunci, False), bahasa)
        if konteks.get("remah"):
            konteks["remah"] = [(untuk(label_, bahasa), tautan) for label_, tautan in konteks["remah"]]
        html = self.envs[bahasa].get_template(templat).render(konteks)
        nama = tujuan + "index.html" if tujuan == "" or tujuan.endswith("/") else tujuan
        tulis_berkas(self.keluaran / nama, html.encode(), folder_baru=tujuan.endswith("/"))
        if self.salinan is not None and (isi := salinan_cari(html, bahasa)) is not None:
            # the search copy, in the folder of the index it belongs to (search.py)
            folder, kelompok, siap = self.salinan
            awalan = AWALAN[bahasa]
            bagian = awalan.strip("/") if awalan else kelompok.get(tempat["jalur"], UTAMA_INDEKS)
            salin = folder / bagian / nama[len(awalan):]
            try:  # made folders: a page the list missed would be made out of order (search.folder_salinan)
                tulis_berkas(salin, isi.encode(), buat_folder=not siap)
            except FileNotFoundError:
                raise GagalIndeks(f"salinan pencarian {salin.relative_to(folder)} tidak punya folder: "
                                  "search._folder_salinan tidak mendaftar halaman ini") from None

    def semua(self) -> list[str]:
        """Render the whole site; returns the page paths for the sitemap."""
        k = self.k
        halaman = []
        tugas = [("layanan", i) for i in k.layanan] + [("instansi", i) for i in k.instansi]
        daftar = self.halaman_banyak(tugas, daftar=True)
        halaman.extend(f"{jenis}/{i}/" for jenis, i in tugas)
        return halaman + daftar

    def halaman_daftar_dan_qr(self) -> list[str]:
        """halaman_daftar, plus the QR codes of those pages (offices, journeys: see qr.perlu_qr);
        service and institution codes are written with their pages (halaman_satu)."""
        daftar = self.halaman_daftar()
        tulis_qr(self.keluaran, self.url_situs, daftar)
        return daftar

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
        tulis("layanan/", "daftar_layanan.html", judul=Pesan("judul.az"), grup=PerBahasa({b: self._az(b) for b in BAHASA}),
              jumlah=len(k.layanan), jumlah_instansi=len(k.instansi), aktif="layanan", remah=[(Pesan("remah.layanan_az"), None)])
        tulis("instansi/", "daftar_instansi.html", judul=Pesan("judul.instansi"),
              grup=PerBahasa({b: self._grup_instansi(b) for b in BAHASA}),
              jumlah=len(k.instansi), aktif="instansi", remah=[(Pesan("remah.instansi"), None)])
        for kat in k.kategori.values():
            tulis(f"kategori/{kat.id}/", "kategori.html", judul=Kolom(kat, "nama"), k=kat,
                  remah=[(Pesan("remah.tema"), "../"), (Kolom(kat, "nama"), None)])
        tulis("kategori/", "daftar_kategori.html", judul=Pesan("judul.tema"), kategori=list(k.kategori.values()),
              aktif="kategori", remah=[(Pesan("remah.tema"), None)])
        tulis("cari/", "cari.html", judul=Pesan("judul.cari"), aktif="cari", remah=[(Pesan("remah.cari"), None)],
              saringan=PerBahasa({b: self._saringan(b) for b in BAHASA}), populer=populer,
              kategori=list(k.kategori.values()), kueri=PerBahasa(id=self._aturan_kueri(), en=self._aturan_kueri(False)),
              ada_pecahan=PerBahasa(id=self.dasar.get("ada_pecahan", False), en=False),
              ada_indeks=PerBahasa(id=True, en=self.ada_indeks_en))
        if k.glosarium:
            istilah = sorted(k.glosarium.istilah, key=lambda i: (i.istilah.casefold(), i.istilah))
            pemakai: dict[str, list] = {i.istilah: [] for i in istilah}
            for x in k.layanan.values():  # one pass, not every term against every service
                for i in x.istilah:
                    pemakai[i.istilah].append(x)
            tulis("istilah/", "istilah.html", judul=Pesan("judul.istilah"), istilah=istilah, pemakai=pemakai,
                  remah=[(Pesan("remah.istilah"), None)])
        tulis_halaman_alur(tulis, k)
        tulis_halaman_kantor(tulis, k)
        # people queue at the kecamatan counters for the services written once for every kecamatan
        # (tingkat: kecamatan, owned by e.g. bagian-pemerintahan), so those posters list them too
        di_kecamatan = sorted((x for x in k.layanan.values() if x.tingkat == "kecamatan"
                               and x.instansi.jenis != "kecamatan" and x.status != "dihentikan"),
                              key=lambda x: (x.nama.casefold(), x.id))
        for ins in k.instansi.values():
            tulis(f"instansi/{ins.id}/poster/", "poster.html", judul=Pesan("judul.poster", singkatan=ins.singkatan),
                  i=ins, daftar=ins.layanan + (di_kecamatan if ins.jenis == "kecamatan" else []),
                  remah=[(Pesan("remah.instansi"), "../../"), (ins.singkatan, "../"), (Pesan("remah.poster"), None)])
        from .skor import ringkasan
        nilai = self.dasar["kelengkapan"].semua()
        tulis("kelengkapan/", "kelengkapan.html", judul=Pesan("judul.kelengkapan"), nilai=nilai,
              ringkasan=ringkasan(nilai), acuan=self.acuan.isoformat(), remah=[(Pesan("remah.kelengkapan"), None)])
        return halaman

    def halaman_404(self, akar_mutlak: str) -> None:
        # served for any missing path, so its links cannot be relative; the switch leads to the other home page
        for bahasa in BAHASA:
            lain = BAHASA[1 - BAHASA.index(bahasa)] if len(BAHASA) == 2 else UTAMA
            self._tulis_satu(bahasa, AWALAN[bahasa] + "404.html", "404.html", {"judul": Pesan("judul.404")},
                             akar=akar_mutlak + AWALAN[bahasa], akar_situs=akar_mutlak, jalur=None,
                             tautan_lain={"bahasa": lain, "nama": NAMA[lain], "href": akar_mutlak + AWALAN[lain]})

    def _az(self, bahasa: str):
        """Services A-Z grouped by first letter of the name in that language."""
        ui = Antarmuka(bahasa)
        urut = self.k.layanan.values() if bahasa == UTAMA else \
            sorted(self.k.layanan.values(), key=lambda x: (ui.isi(x, "nama").casefold(), x.id))
        return [(h, list(d)) for h, d in groupby(urut, key=lambda x: _huruf_awal(ui.isi(x, "nama")))]

    def _saringan(self, bahasa: str = UTAMA) -> list[tuple[str, str, list[str]]]:
        """Filter name, label and values for the search form, rendered at build time."""
        ui = Antarmuka(bahasa)
        t = ui.tabel
        layanan = list(self.k.layanan.values())
        return [
            ("kategori", t["cari.saring_kategori"], [ui.isi(k, "nama") for k in self.k.kategori.values() if k.layanan]),
            ("instansi", t["cari.saring_instansi"], sorted({x.instansi.singkatan for x in layanan}, key=str.casefold)),
            ("tingkat", t["cari.saring_tingkat"], [nama for kode, nama in label(bahasa, "tingkat").items()
                                                   if any(x.tingkat == kode for x in layanan)]),
            ("kanal", t["cari.saring_kanal"], list(label(bahasa, "kanal_filter").values())),
        ]

    def _aturan_kueri(self, glosarium: bool = True) -> str:
        """Query rewriting rules for cari.js, carried in a data attribute (no inline script).
        The glossary's rules are Indonesian, so English queries go to Pagefind as typed."""
        g = self.k.glosarium if glosarium else None
        return _json({"ganti": g.ganti if g else {}, "umum": g.kata_umum if g else []})

    def _tautan_laporan(self, lay: Layanan) -> list[str]:
        """The report link of each language's page, in BAHASA order. It pre-fills the GitHub issue form
        .github/ISSUE_TEMPLATE/laporkan-kesalahan.yml (sipraja/laporan.py)."""
        from .laporan import tautan_laporan_halaman
        dasar = self.k.situs.url_dasar.rstrip('/')
        return tautan_laporan_halaman(self.k.situs.tautan_laporan, lay.id, lay.nama, lay.instansi.nama,
                                      [f"{dasar}/{AWALAN[b]}layanan/{lay.id}/" for b in BAHASA])

    def _grup_instansi(self, bahasa: str = UTAMA):
        t = Antarmuka(bahasa).tabel
        kelompok = [
            ("perangkat-daerah", lambda i: i.jenis not in ("kecamatan", "instansi-vertikal", "kua", "bumd", "bumn")),
            ("kecamatan", lambda i: i.jenis == "kecamatan"),
            ("instansi-vertikal", lambda i: i.jenis == "instansi-vertikal"),
            ("kua", lambda i: i.jenis == "kua"),
            ("bumd-bumn", lambda i: i.jenis in ("bumd", "bumn")),
        ]
        hasil = []
        for kunci, cocok in kelompok:
            daftar = [i for i in self.k.instansi.values() if cocok(i)]
            if daftar:
                hasil.append((kunci, t[f"instansi.grup_{kunci}"], daftar))
        return hasil
