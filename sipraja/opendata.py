"""The catalogue as open data beside the pages (stage after render).

dist/data/ gets katalog.json (own versioned schema, published next to it),
layanan.csv and layanan-excel.csv (one row per service, the columns of
tabel.py), hsds/ (Open Referral HSDS 3.0) and layanan.atom (services by
`diperiksa` and catalogue history, riwayat.py); the site root gets
opensearch.xml. Everything is derived from the catalogue and its history
only: no build time, no random ids, so two builds give the same bytes.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from . import hsds
from .kodejson import ringkas
from .model import Instansi, JamLayanan, Katalog, Kontak, Layanan, Pengaduan
from .riwayat import riwayat_git  # noqa: F401  (pipeline takes it from here)
from .tabel import PEMISAH_EXCEL_INDONESIA, ke_baris, tulis_csv, tulis_csv_ke

VERSI_SKEMA = "1.2.0"  # semver: minor = fields added (1.1: alur, glosarium, desa, kua, lisensi, dilayani_di, alamat_terverifikasi; 1.2: en); major = removed or renamed
SKEMA_DATA = Path(__file__).resolve().parent.parent / "schema" / "data-katalog.schema.json"
JUMLAH_UMPAN = 50  # entries in the Atom feed: the most recently checked services


BAGIAN = ("json", "tabel")  # tulis_data's two halves, which can be written side by side


def tulis_data(keluaran: Path, url_dasar: str, katalog: Katalog, riwayat: dict | None = None,
               bagian: str | None = None) -> None:
    """Every open-data file, or one half (BAGIAN): "json" (katalog.json, its schema, HSDS),
    "tabel" (the CSV tables, the Atom feed, opensearch.xml)."""
    data = keluaran / "data"
    data.mkdir(parents=True, exist_ok=True)
    if bagian in (None, "json"):
        _json(data / "katalog.json", katalog_json(katalog, url_dasar))
        shutil.copyfile(SKEMA_DATA, data / "katalog.schema.json")
        folder_hsds = data / "hsds"
        folder_hsds.mkdir(exist_ok=True)
        for nama, isi in hsds.ekspor(katalog, url_dasar).items():
            _json(folder_hsds / f"{nama}.json", isi)
    if bagian in (None, "tabel"):
        with open(data / "layanan.csv", "w", encoding="utf-8", newline="", buffering=1 << 20) as koma, \
                open(data / "layanan-excel.csv", "w", encoding="utf-8", newline="", buffering=1 << 20) as excel:
            tulis_csv_ke(_baris_layanan(katalog, url_dasar), [(koma, ","), (excel, PEMISAH_EXCEL_INDONESIA)])
        (data / "layanan.atom").write_text(umpan_atom(katalog, url_dasar, riwayat), encoding="utf-8", newline="\n")
        (keluaran / "opensearch.xml").write_text(opensearch(katalog, url_dasar), encoding="utf-8", newline="\n")


def layanan_csv(k: Katalog, url: str, pemisah: str = ",") -> str:
    return tulis_csv(_baris_layanan(k, url), pemisah)


def _baris_layanan(k: Katalog, url: str):
    """Grouped by institution so an OPD finds its rows together (and `impor` gets them back in this order)."""
    return (ke_baris(lay, url) for lay in sorted(k.layanan.values(), key=lambda x: (x.instansi.id, x.id)))


_dumps = ringkas


def _json(jalur: Path, isi) -> None:
    """Compact JSON (any viewer re-indents), written an element of each top-level list at a time:
    json.dump would stream but is pure Python (5x slower at 10,000 services than the C encoder of
    dumps), and one dumps of a national catalogue holds hundreds of MB of text. Same bytes
    (kodejson.ringkas: orjson, or json.dumps)."""
    with open(jalur, "w", encoding="utf-8", newline="\n") as berkas:
        _tulis_json(berkas, isi, 0)
        berkas.write("\n")


_PER_DUMPS = 500


def _tulis_json(berkas: TextIO, isi, kedalaman: int) -> None:
    if kedalaman < 2 and isinstance(isi, dict):
        berkas.write("{")
        for n, (kunci, nilai) in enumerate(isi.items()):
            berkas.write(("," if n else "") + _dumps(kunci) + ":")
            _tulis_json(berkas, nilai, kedalaman + 1)
        berkas.write("}")
    elif kedalaman < 2 and isinstance(isi, list):
        # a few hundred elements per dumps: one call per element cost more than the encoding
        berkas.write("[")
        for i in range(0, len(isi), _PER_DUMPS):
            berkas.write(("," if i else "") + _dumps(isi[i:i + _PER_DUMPS])[1:-1])
        berkas.write("]")
    else:
        berkas.write(_dumps(isi))


def _urut_id(daftar):
    return sorted(daftar, key=lambda x: x.id)


def _bersih(d: dict) -> dict:
    """Drop empty optional fields so consumers see absent, not null."""
    return {k: v for k, v in d.items() if v not in (None, "", [])}


def _en(obj) -> dict | None:
    """The catalogue's own English text (en:), without what the build derived from it."""
    en = getattr(obj, "en", None)
    return {k: v for k, v in en.items() if k != "deskripsi_html"} if en else None


def _kontak(k: Kontak) -> dict:
    return _bersih({"alamat": k.alamat, "alamat_terverifikasi": None if k.alamat_terverifikasi else False,
                    "kode_wilayah": k.kode_wilayah, "telepon": k.telepon, "whatsapp": k.whatsapp, "email": k.email})


def _pengaduan(p: Pengaduan) -> dict:
    return _bersih({"keterangan": p.keterangan, "url": p.url, "telepon": p.telepon, "whatsapp": p.whatsapp,
                    "email": p.email, "en": _en(p)})


def _jam(j: JamLayanan) -> dict:
    return _bersih({"hari": j.hari, "buka": j.buka, "tutup": j.tutup, "catatan": j.catatan})


def _instansi(i: Instansi, url: str) -> dict:
    return _bersih({
        "id": i.id, "nama": i.nama, "singkatan": i.singkatan, "jenis": i.jenis, "induk": i.induk,
        "deskripsi": i.deskripsi, "situs": i.situs, "kontak": _kontak(i.kontak),
        "jam_layanan": [_jam(j) for j in i.jam_layanan], "pengaduan": _pengaduan(i.pengaduan),
        "url_halaman": f"{url}instansi/{i.id}/", "layanan": sorted(x.id for x in i.layanan), "en": _en(i),
    })


def _layanan(lay: Layanan, url: str) -> dict:
    return _bersih({
        "id": lay.id, "instansi": lay.instansi.id, "nama": lay.nama, "ringkasan": lay.ringkasan,
        "deskripsi": lay.deskripsi, "kategori": [k.id for k in lay.kategori], "alias": lay.alias,
        "tingkat": lay.tingkat,
        "kanal": [_bersih({"jenis": k.jenis, "label": k.label, "utama": k.utama or None, "url": k.url,
                           "tempat": k.tempat, "telepon": k.telepon, "whatsapp": k.whatsapp, "email": k.email,
                           "en": _en(k)})
                  for k in lay.kanal],
        "persyaratan": lay.persyaratan, "prosedur": lay.prosedur, "waktu": lay.waktu, "biaya": lay.biaya,
        "produk": lay.produk, "pengaduan": _pengaduan(lay.pengaduan),
        "pengaduan_dari_instansi": lay.pengaduan is lay.instansi.pengaduan,
        "dasar_hukum": lay.dasar_hukum, "status": lay.status, "keterangan_status": lay.keterangan_status,
        "diperiksa": lay.diperiksa,
        "catatan_per_kecamatan": [{"kecamatan": c.kecamatan.kode, "catatan": c.catatan}
                                  for c in lay.catatan_per_kecamatan],
        "url_halaman": f"{url}layanan/{lay.id}/", "dilayani_di": lay.dilayani_di, "en": _en(lay),
    })


def _alur(a, url: str) -> dict:
    return _bersih({
        "id": a.id, "nama": a.nama, "ringkasan": a.ringkasan, "deskripsi": a.deskripsi,
        "langkah": [_bersih({"judul": la.judul, "layanan": la.layanan.id, "keterangan": la.keterangan,
                             "pengantar_rt_rw": la.pengantar_rt_rw or None, "pilihan": la.pilihan or None,
                             "lewat_desa": la.lewat_desa or None, "en": _en(la)})
                    for la in a.langkah],
        "diperiksa": a.diperiksa, "url_halaman": f"{url}alur/{a.id}/", "en": _en(a),
    })


def _glosarium(g) -> dict:
    return {"istilah": [_bersih({"istilah": i.istilah, "arti": i.arti, "jenis": i.jenis, "padanan": i.padanan,
                                 "layanan": i.layanan, "en": _en(i)}) for i in g.istilah],
            "ganti": [{"kata": a, "menjadi": b} for a, b in g.ganti.items()],
            "kata_umum": list(g.kata_umum)}


def lisensi(k: Katalog) -> dict | None:
    """The data licence from situs.yaml, with the part that keeps its own (idn-area-data, ODbL)."""
    lis = k.situs.lisensi
    if lis is None:
        return None
    d = _bersih({"nama": lis.nama, "url": lis.url, "keterangan": lis.keterangan})
    if k.wilayah.sumber.get("lisensi"):
        d["kecuali"] = [{"bagian": "kecamatan", "lisensi": k.wilayah.sumber["lisensi"],
                         "atribusi": k.wilayah.sumber.get("atribusi", "")}]
    return d


def katalog_json(k: Katalog, url: str) -> dict:
    s = k.situs
    d = {
        "versi_skema": VERSI_SKEMA,
        "skema": f"{url}data/katalog.schema.json",
        "situs": {"nama": s.nama, "nama_panjang": s.nama_panjang, "pemerintah": s.pemerintah,
                  "kode_wilayah": s.kode_wilayah, "url": url, "pengaduan": _pengaduan(s.pengaduan)},
        "lisensi": lisensi(k),
        "diperiksa_terakhir": max(x.diperiksa for x in k.layanan.values()),
        "jumlah": {"instansi": len(k.instansi), "layanan": len(k.layanan), "kategori": len(k.kategori),
                   "alur": len(k.alur), "desa": sum(len(c.desa) for c in k.wilayah.kecamatan)},
        "kategori": [_bersih({"id": c.id, "nama": c.nama, "deskripsi": c.deskripsi,
                              "url_halaman": f"{url}kategori/{c.id}/", "en": _en(c)})
                     for c in _urut_id(k.kategori.values())],
        "sumber_kecamatan": k.wilayah.sumber.get("atribusi", ""),  # ODbL asks to keep it with the codes
        "kecamatan": [_bersih({"kode": c.kode, "nama": c.nama, "kantor": c.kantor.id if c.kantor else None,
                               "kua": c.kua.id if c.kua else None,
                               "desa": [{"kode": x.kode, "nama": x.nama, "jenis": x.jenis} for x in c.desa]})
                      for c in k.wilayah.kecamatan],
        "instansi": [_instansi(i, url) for i in _urut_id(k.instansi.values())],
        "layanan": [_layanan(x, url) for x in _urut_id(k.layanan.values())],
        "alur": [_alur(a, url) for a in _urut_id(k.alur.values())],
    }
    if k.glosarium is not None:
        d["glosarium"] = _glosarium(k.glosarium)
    return {a: b for a, b in d.items() if b is not None}


def umpan_atom(k: Katalog, url: str, riwayat: dict | None = None) -> str:
    """Atom 1.0 of new and changed services, newest first.

    `updated` is the later of the owner's `diperiksa` and the last commit that
    changed this service; `published` the commit that added it (catalogue
    history per service, riwayat.riwayat_git), so a reader can tell new entries
    from changed ones. Entry ids are the services' stable UUIDs (not URLs) so a
    move of the site does not make every entry look new."""
    riwayat = riwayat or {}

    def diperbarui_pada(lay):
        return max(lay.diperiksa, riwayat.get(lay.id, ("", ""))[1])

    terbaru = sorted(k.layanan.values(), key=lambda x: (diperbarui_pada(x), x.id), reverse=True)[:JUMLAH_UMPAN]
    diperbarui = f"{diperbarui_pada(terbaru[0])}T00:00:00Z" if terbaru else "1970-01-01T00:00:00Z"
    baris = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">',
             f"  <id>urn:uuid:{hsds.uuid_dari('situs', 'umpan-layanan', k.situs)}</id>",
             f"  <title>{escape(k.situs.nama)}: layanan baru dan berubah</title>",
             f"  <subtitle>{escape(k.situs.nama_panjang)}: layanan yang terakhir diperiksa pemiliknya.</subtitle>",
             f"  <updated>{diperbarui}</updated>",
             f"  <author><name>{escape(k.situs.pemerintah)}</name></author>",
             *_hak(k.situs.lisensi),
             f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(url + 'data/layanan.atom')}/>",
             f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url)}/>"]
    for lay in terbaru:
        baris += [
            "  <entry>",
            f"    <id>urn:uuid:{hsds.uuid_dari('layanan', lay.id, k.situs)}</id>",
            f"    <title>{escape(lay.nama)}</title>",
            f"    <updated>{diperbarui_pada(lay)}T00:00:00Z</updated>",
            *([f"    <published>{riwayat[lay.id][0]}T00:00:00Z</published>"] if lay.id in riwayat else []),
            f"    <author><name>{escape(lay.instansi.nama)}</name></author>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(f'{url}layanan/{lay.id}/')}/>",
            *(f"    <category term={quoteattr(c.id)} label={quoteattr(c.nama)}/>" for c in lay.kategori),
            f"    <summary>{escape(lay.ringkasan)} Biaya: {escape(lay.biaya)}. Waktu: {escape(lay.waktu)}."
            f"{' Status: ' + escape(lay.status_teks) + '.' if lay.status != 'aktif' else ''}</summary>",
            "  </entry>"]
    baris.append("</feed>")
    return "\n".join(baris) + "\n"


def _hak(lis) -> list[str]:
    """<rights> in words and the RFC 4946 licence link; nothing when situs.yaml states no licence."""
    if lis is None:
        return []
    return [f"  <rights>{escape(lis.nama)} ({escape(lis.url)}){'. ' + escape(lis.keterangan) if lis.keterangan else ''}</rights>",
            f"  <link rel=\"license\" href={quoteattr(lis.url)}/>"]


def opensearch(k: Katalog, url: str) -> str:
    """Lets a browser search the portal from its address bar (cari/?q=)."""
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">',
        f"  <ShortName>{escape(k.situs.nama[:16])}</ShortName>",
        f"  <Description>{escape(f'Cari layanan publik {k.situs.pemerintah}')}</Description>",
        "  <InputEncoding>UTF-8</InputEncoding>",
        "  <Language>id</Language>",
        f"  <Image type=\"image/svg+xml\">{escape(url)}assets/ikon.svg</Image>",
        f"  <Url type=\"text/html\" method=\"get\" template={quoteattr(url + 'cari/?q={searchTerms}')}/>",
        f"  <Url type=\"application/opensearchdescription+xml\" rel=\"self\" template={quoteattr(url + 'opensearch.xml')}/>",
        "</OpenSearchDescription>",
    ]) + "\n"
