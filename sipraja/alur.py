"""Life-event journeys ("alur"): catalog/alur/<id>.yaml -> Alur objects and their pages.

People navigate life, not government: a birth crosses the desa, the
Dispendukcapil and BPJS in a fixed order. A journey is catalogue data
(validated by the same schema) whose every step names an existing service;
a service page then shows which journeys it belongs to, with neighbours.
"""
from __future__ import annotations

from . import skema
from .markup import Markdown
from .links import DomainDiizinkan
from .model import Alur, Katalog, LangkahAlur


def rakit_alur(pencatat, dokumen, katalog: Katalog, lengkap: bool) -> dict[str, Alur]:
    """Build journeys and resolve their service ids. When some file already
    failed, service ids are not checked (one typo gives one error)."""
    md = Markdown(DomainDiizinkan(katalog.situs.domain_diizinkan))
    hasil: dict[str, Alur] = {}
    for dok in dokumen:
        d = dok.data["alur"]
        deskripsi = ""
        if d.get("deskripsi"):
            deskripsi, masalah = md.render(d["deskripsi"])
            for m in masalah:
                pencatat.salah(dok, ("alur", "deskripsi"), m)
        langkah = []
        for i, la in enumerate(d["langkah"]):
            lay = katalog.layanan.get(la["layanan"])
            if lay is None:
                if lengkap:
                    pencatat.salah(dok, ("alur", "langkah", i, "layanan"),
                                   f"layanan \"{la['layanan']}\" tidak ada di katalog.{skema.saran(la['layanan'], sorted(katalog.layanan))} "
                                   "Setiap langkah alur harus menunjuk id layanan di catalog/instansi/*.yaml")
                continue
            langkah.append(LangkahAlur(la["judul"], lay, la["keterangan"], la.get("pengantar_rt_rw", False),
                                       la.get("pilihan", False), la.get("lewat_desa", False)))
        hasil[d["id"]] = Alur(d["id"], d["nama"], d["ringkasan"], deskripsi, langkah, d["diperiksa"], dok.berkas,
                              d.get("deskripsi") or "")
    alur = dict(sorted(hasil.items(), key=lambda kv: (kv[1].nama.casefold(), kv[0])))
    for a in alur.values():
        for i, la in enumerate(a.langkah):
            la.layanan.bagian_dari.append((a, i))
    return alur


def tulis_halaman_alur(tulis, katalog: Katalog) -> None:
    """One page per journey and an index (tulis = Perender.semua's writer)."""
    for a in katalog.alur.values():
        tulis(f"alur/{a.id}/", "alur.html", judul=a.nama, a=a, remah=[("Peristiwa hidup", "../"), (a.nama, None)])
    tulis("alur/", "daftar_alur.html", judul="Peristiwa hidup", daftar=list(katalog.alur.values()),
          aktif="alur", remah=[("Peristiwa hidup", None)])
