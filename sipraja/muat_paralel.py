"""Load stage for a large catalogue: files read in forked workers, all cores busy.

Each file is parsed (libyaml events), schema-checked and text-checked on its
own, and its Markdown descriptions rendered and sanitised (the slowest part
of building the model): at 10,000 services that is ~6 s of one core, and
nothing of it depends on another file. So the files are shared out to one
worker per CPU; each returns its documents (without positions, which are
worked out again only where a message needs one) and the rendered Markdown,
which the model builder then finds in its cache. Cross-file checks and the
model itself stay in the parent, in file order, so the result and every
message are the same as reading the files one by one.

A worker sends each text once: the same requirement, step or channel label
recurs in thousands of services, and pickling keeps one copy of a string
object however often it appears, so equal strings are made one object first
(`satukan`). The documents' own text travels compressed (bacayaml.Dokumen).
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .links import DomainDiizinkan, dari_situs
from .markup import Markdown
from .proses import jumlah_proses, konteks_fork

AMBANG = 64  # files: below this, forking costs more than it saves
_TUGAS = None  # (files, folder, read-one function, allowed domains): inherited by the forked workers


def layak(berkas: list[Path]) -> bool:
    return len(berkas) >= AMBANG and jumlah_proses() > 1 and konteks_fork() is not None


def _deskripsi(data) -> list[str]:
    """The Markdown texts of an institution file: its own description and each service's."""
    if not isinstance(data, dict):
        return []
    teks = []
    ins = data.get("instansi")
    if isinstance(ins, dict) and isinstance(ins.get("deskripsi"), str):
        teks.append(ins["deskripsi"])
    for lay in data.get("layanan") or []:
        if isinstance(lay, dict) and isinstance(lay.get("deskripsi"), str):
            teks.append(lay["deskripsi"])
    return teks


def satukan(data, teks: dict):
    """`data` with every string replaced by the first equal one in `teks` (which it fills)."""
    if isinstance(data, str):
        return teks.setdefault(data, data)
    if isinstance(data, dict):
        return {teks.setdefault(k, k) if isinstance(k, str) else k: satukan(v, teks) for k, v in data.items()}
    if isinstance(data, list):
        return [satukan(v, teks) for v in data]
    return data


def _kerja(nomor: list[int]):
    berkas, folder, baca_satu, diizinkan = _TUGAS
    md = Markdown(diizinkan, {}) if diizinkan is not None else None
    hasil = []
    teks: dict[str, str] = {}
    for i in nomor:
        dok, galat = baca_satu(berkas[i], folder)
        if dok is not None:
            if md is not None and not any(not k.peringatan for k in galat):
                for t in _deskripsi(dok.data):
                    md.render(t)
            dok.data = satukan(dok.data, teks)
        hasil.append((i, dok, galat))
    return hasil, md._cache if md is not None else {}


def _domain_situs(berkas: list[Path], folder: Path, baca_satu) -> DomainDiizinkan | None:
    """The allowed link domains, read before the other files, so workers can render Markdown."""
    situs = folder / "situs.yaml"
    if situs not in berkas:
        return None
    dok, galat = baca_satu(situs, folder)
    if dok is None or any(not k.peringatan for k in galat):
        return None  # the workers read it again and report what is wrong
    return dari_situs(dok.data["situs"])


def baca_semua(berkas: list[Path], folder: Path, baca_satu) -> tuple[list, dict]:
    """[(dok, galat)] in the order of `berkas`, plus the Markdown cache for Markdown(diizinkan, cache)."""
    global _TUGAS
    diizinkan = _domain_situs(berkas, folder, baca_satu)
    proses = jumlah_proses()
    # largest files first, dealt out in turn, so the workers finish together
    urut = sorted(range(len(berkas)), key=lambda i: -berkas[i].stat().st_size)
    bagian = [urut[k::proses * 4] for k in range(proses * 4)]
    _TUGAS = (berkas, folder, baca_satu, diizinkan)
    keluaran: list = [None] * len(berkas)
    cache_md: dict = {}
    try:
        with ProcessPoolExecutor(proses, mp_context=konteks_fork()) as ex:
            for hasil, md in ex.map(_kerja, bagian):
                for i, dok, galat in hasil:
                    keluaran[i] = (dok, galat)
                cache_md.update(md)
    finally:
        _TUGAS = None
    return keluaran, cache_md
