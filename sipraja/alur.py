"""Life-event journeys ("alur"): catalog/alur/<id>.yaml -> Alur objects and their pages.

People navigate life, not government: a birth crosses the desa, the
Dispendukcapil and BPJS in a fixed order. A journey is catalogue data
(validated by the same schema) whose every step names an existing service;
a service page then shows which journeys it belongs to, with neighbours.
"""
from __future__ import annotations

from . import skema
from .bahasa import Kolom, Pesan
from .markup import Markdown
from .links import DomainDiizinkan
from .model import Alur, Katalog, LangkahAlur


def rakit_alur(pencatat, dokumen, katalog: Katalog, dikenal: dict | None) -> dict[str, Alur]:
    """Build journeys and resolve their service ids. `dikenal` holds every
    service id of the catalogue, or is None when some file failed: then ids
    are not checked (one typo gives one error). Values the reader or the
    schema refused (dok.ditolak) are skipped; a journey with any of them is
    checked but not built."""
    md = Markdown(DomainDiizinkan(katalog.situs.domain_diizinkan))
    hasil: dict[str, Alur] = {}
    for dok in dokumen:
        if dok.ditolak(("alur",)):
            continue
        d = dok.data["alur"]
        deskripsi = ""
        if not dok.ditolak(("alur", "deskripsi")):
            deskripsi = _markdown(md, pencatat, dok, ("alur", "deskripsi"), d.get("deskripsi"))
        en = dict(d["en"]) if d.get("en") and not dok.ditolak(("alur", "en")) else None
        if en and en.get("deskripsi"):
            en["deskripsi_html"] = _markdown(md, pencatat, dok, ("alur", "en", "deskripsi"), en["deskripsi"])
        langkah = []
        for i, la in enumerate(d["langkah"] if not dok.ditolak(("alur", "langkah")) else []):
            j = ("alur", "langkah", i)
            if dok.ditolak(j + ("layanan",)):
                continue
            lay = katalog.layanan.get(la["layanan"])
            if dikenal is not None and la["layanan"] not in dikenal:
                pencatat.salah(dok, j + ("layanan",),
                               f"layanan \"{la['layanan']}\" tidak ada di katalog.{skema.saran(la['layanan'], sorted(dikenal))} "
                               "Setiap langkah alur harus menunjuk id layanan di catalog/instansi/*.yaml")
            if lay is not None and dok.utuh(j):
                langkah.append(LangkahAlur(la["judul"], lay, la["keterangan"], la.get("pengantar_rt_rw", False),
                                           la.get("pilihan", False), la.get("lewat_desa", False), en=la.get("en")))
        if dok.utuh(("alur",)):
            hasil[d["id"]] = Alur(d["id"], d["nama"], d["ringkasan"], deskripsi, langkah, d["diperiksa"], dok.berkas,
                                  deskripsi=d.get("deskripsi") or "", en=en)
    alur = dict(sorted(hasil.items(), key=lambda kv: (kv[1].nama.casefold(), kv[0])))
    for a in alur.values():
        for i, la in enumerate(a.langkah):
            la.layanan.bagian_dari.append((a, i))
    return alur


def _markdown(md, pencatat, dok, jalur, teks) -> str:
    if not teks:
        return ""
    html, masalah = md.render(teks)
    for m in masalah:
        pencatat.salah(dok, jalur, m)
    return html


def tulis_halaman_alur(tulis, katalog: Katalog) -> None:
    """One page per journey and an index (tulis = Perender.semua's writer)."""
    for a in katalog.alur.values():
        tulis(f"alur/{a.id}/", "alur.html", judul=Kolom(a, "nama"), a=a,
              remah=[(Pesan("remah.alur"), "../"), (Kolom(a, "nama"), None)])
    tulis("alur/", "daftar_alur.html", judul=Pesan("judul.alur"), daftar=list(katalog.alur.values()),
          aktif="alur", remah=[(Pesan("remah.alur"), None)])
