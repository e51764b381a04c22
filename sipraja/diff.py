"""`python build.py diff BASE_REF`: a catalogue change told in human terms.

For the reviewer of a pull request, per institution and per service: what
was added, removed, and every changed field with old and new value
("biaya: Gratis -> Rp 10.000", "kanal utama: https://a -> https://b"),
plus every link domain the catalogue did not use before, since a new
domain is where a look-alike phishing link would show up.

Both sides go through the same strict reader (bacayaml.baca_teks): the
base files come from `git show BASE:path`, the other side is the working
tree. Comparing parsed data, not model objects, keeps the report useful
even when one side does not validate (check reports that separately).
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .bacayaml import GagalBaca, baca_teks

_URL = re.compile(r"https?://[^\s)\]>\"']+")
LABEL = {
    "dasar_hukum": "dasar hukum", "jam_layanan": "jam layanan", "keterangan_status": "keterangan status",
    "catatan_per_kecamatan": "catatan per kecamatan", "kode_wilayah": "kode wilayah", "domain_diizinkan": "domain diizinkan",
    "layanan_populer": "layanan populer", "tautan_laporan": "tautan laporan", "url_dasar": "url dasar",
}
PANJANG_NILAI = 120


class GagalDiff(Exception):
    pass


@dataclass
class Bagian:
    """One heading of the report (an institution file, or a shared file) and its lines."""

    judul: str
    baris: list[str] = field(default_factory=list)


def _git(akar: Path, *arg: str) -> str:
    r = subprocess.run(["git", *arg], cwd=akar, capture_output=True, text=True)
    if r.returncode != 0:
        raise GagalDiff(r.stderr.strip() or f"git {' '.join(arg)} gagal")
    return r.stdout


def baca_dari_git(katalog: Path, ref: str) -> dict[str, object]:
    """{relative path: parsed data} of every catalogue file at `ref`."""
    katalog = Path(katalog).resolve()
    akar = Path(_git(katalog, "rev-parse", "--show-toplevel").strip())
    relatif = katalog.relative_to(akar).as_posix()
    _git(akar, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    hasil = {}
    for jalur in _git(akar, "ls-tree", "-r", "--name-only", ref, "--", relatif).splitlines():
        if not jalur.endswith(".yaml"):
            continue
        mentah = subprocess.run(["git", "show", f"{ref}:{jalur}"], cwd=akar, capture_output=True).stdout
        hasil[Path(jalur).relative_to(relatif).as_posix()] = _baca(f"catalog/{Path(jalur).relative_to(relatif).as_posix()}", mentah)
    return hasil


def baca_folder(katalog: Path) -> dict[str, object]:
    katalog = Path(katalog)
    return {p.relative_to(katalog).as_posix(): _baca(f"catalog/{p.relative_to(katalog).as_posix()}", p.read_bytes())
            for p in sorted(katalog.rglob("*.yaml"))}


class _TidakTerbaca:
    def __init__(self, pesan):
        self.pesan = pesan


def _baca(nama: str, mentah: bytes):
    try:
        return baca_teks(nama, mentah).data
    except GagalBaca as g:
        return _TidakTerbaca(str(g.kesalahan[0]))


def _teks(nilai) -> str:
    if nilai is None:
        return "(kosong)"
    if isinstance(nilai, bool):
        return "ya" if nilai else "tidak"
    if isinstance(nilai, dict):
        return "; ".join(f"{k}: {_teks(v)}" for k, v in nilai.items())
    if isinstance(nilai, list):
        return ", ".join(_teks(v) for v in nilai)
    teks = " ".join(str(nilai).split())
    return teks if len(teks) <= PANJANG_NILAI else teks[: PANJANG_NILAI - 1] + "…"


def _label(jalur: str) -> str:
    return ".".join(LABEL.get(b, b) for b in jalur.split("."))


def _beda_nilai(jalur: str, lama, baru, keluar: list[str]) -> None:
    """Append one human line per changed leaf."""
    if lama == baru:
        return
    if isinstance(lama, dict) and isinstance(baru, dict):
        for k in list(lama) + [k for k in baru if k not in lama]:
            _beda_nilai(f"{jalur}.{k}" if jalur else k, lama.get(k), baru.get(k), keluar)
        return
    if isinstance(lama, list) and isinstance(baru, list):
        tl, tb = [_teks(x) for x in lama], [_teks(x) for x in baru]
        tambah = [x for x in tb if x not in tl]
        hapus = [x for x in tl if x not in tb]
        bagian = [f"+ \"{x}\"" for x in tambah] + [f"- \"{x}\"" for x in hapus]
        if not bagian:
            bagian = ["urutan berubah"]
        keluar.append(f"{_label(jalur)}: " + "; ".join(bagian))
        return
    if lama is None:
        keluar.append(f"{_label(jalur)} ditambahkan: {_teks(baru)}")
    elif baru is None:
        keluar.append(f"{_label(jalur)} dihapus (sebelumnya: {_teks(lama)})")
    else:
        keluar.append(f"{_label(jalur)}: {_teks(lama)} -> {_teks(baru)}")


def _kanal_utama(layanan: dict):
    for k in layanan.get("kanal") or []:
        if isinstance(k, dict) and k.get("utama") is True:
            return k.get("url") or k.get("tempat") or k.get("label")
    return None


def _beda_layanan(lama: dict, baru: dict) -> list[str]:
    keluar = []
    ku_lama, ku_baru = _kanal_utama(lama), _kanal_utama(baru)
    if ku_lama != ku_baru:
        keluar.append(f"kanal utama: {_teks(ku_lama)} -> {_teks(ku_baru)}")
    for k in list(lama) + [k for k in baru if k not in lama]:
        if k == "id":
            continue
        _beda_nilai(k, lama.get(k), baru.get(k), keluar)
    return keluar


def _per_id(daftar) -> dict[str, dict]:
    return {d["id"]: d for d in (daftar or []) if isinstance(d, dict) and isinstance(d.get("id"), str)}


def _beda_instansi(nama: str, lama, baru) -> Bagian | None:
    def judul(d):
        ins = d.get("instansi") if isinstance(d, dict) else None
        return (ins or {}).get("singkatan") or (ins or {}).get("nama") or nama
    if isinstance(baru, _TidakTerbaca) or isinstance(lama, _TidakTerbaca):
        pesan = baru.pesan if isinstance(baru, _TidakTerbaca) else "versi dasar tidak terbaca"
        return Bagian(f"{nama}", [f"tidak bisa dibandingkan: {pesan}"])
    if lama is None:
        b = Bagian(f"{judul(baru)} ({nama}): instansi baru")
        for ident, d in _per_id(baru.get("layanan")).items():
            b.baris.append(f"layanan baru `{ident}`: {_teks(d.get('nama'))}")
        return b
    if baru is None:
        return Bagian(f"{judul(lama)} ({nama}): instansi dihapus",
                      [f"layanan dihapus `{i}`: {_teks(d.get('nama'))}" for i, d in _per_id(lama.get("layanan")).items()])
    b = Bagian(f"{judul(baru)} ({nama})")
    ins = []
    _beda_nilai("", (lama.get("instansi") or {}), (baru.get("instansi") or {}), ins)
    b.baris += [f"instansi: {x}" for x in ins]
    ll, lb = _per_id(lama.get("layanan")), _per_id(baru.get("layanan"))
    for ident, d in lb.items():
        if ident not in ll:
            b.baris.append(f"layanan baru `{ident}`: {_teks(d.get('nama'))}")
    for ident, d in ll.items():
        if ident not in lb:
            b.baris.append(f"layanan dihapus `{ident}`: {_teks(d.get('nama'))}")
    for ident, d in lb.items():
        if ident in ll and ll[ident] != d:
            rinci = _beda_layanan(ll[ident], d)
            b.baris.append(f"layanan `{ident}` ({_teks(d.get('nama'))}):")
            b.baris += [f"  {x}" for x in rinci]
    return b if b.baris else None


def _domain(data: dict[str, object]) -> dict[str, str]:
    """{domain: first file that links to it}."""
    hasil: dict[str, str] = {}

    def jelajah(nilai, berkas):
        if isinstance(nilai, dict):
            for k, v in nilai.items():
                if k != "sumber":  # reviewer sources are never shown as links
                    jelajah(v, berkas)
        elif isinstance(nilai, list):
            for v in nilai:
                jelajah(v, berkas)
        elif isinstance(nilai, str):
            for url in _URL.findall(nilai):
                host = (urlsplit(url).hostname or "").lower()
                if host:
                    hasil.setdefault(host, berkas)

    for berkas, d in sorted(data.items()):
        if berkas.startswith("instansi/") or berkas == "situs.yaml":
            jelajah(d, berkas)
    return hasil


def bandingkan(lama: dict[str, object], baru: dict[str, object]) -> tuple[list[Bagian], list[str]]:
    """(sections per file, new domains as lines)."""
    bagian = []
    for nama in sorted(set(lama) | set(baru)):
        if nama.startswith("instansi/"):
            b = _beda_instansi(f"catalog/{nama}", lama.get(nama), baru.get(nama))
        else:
            b = Bagian(f"catalog/{nama}")
            lm, br = lama.get(nama), baru.get(nama)
            if isinstance(lm, _TidakTerbaca) or isinstance(br, _TidakTerbaca):
                b.baris.append("tidak bisa dibandingkan: berkas tidak terbaca")
            else:
                _beda_nilai("", lm or {}, br or {}, b.baris)
            b = b if b.baris else None
        if b:
            bagian.append(b)
    dl, db = _domain(lama), _domain(baru)
    domain = [f"domain baru: {d} (di catalog/{db[d]})" for d in sorted(set(db) - set(dl))]
    return bagian, domain


def laporan(ref: str, lama: dict, baru: dict) -> str:
    """Markdown that reads as plain text in a terminal and renders as a job summary."""
    bagian, domain = bandingkan(lama, baru)
    keluar = [f"## Perubahan katalog terhadap `{ref}`", ""]
    if not bagian and not domain:
        keluar.append("Tidak ada perubahan isi katalog.")
        return "\n".join(keluar) + "\n"
    jumlah = sum(1 for b in bagian for x in b.baris if not x.startswith("  "))
    keluar.append(f"{len(bagian)} berkas, {jumlah} perubahan.")
    if domain:
        keluar += ["", "### Domain tautan baru (periksa bahwa ini situs resmi)", ""] + [f"- {d}" for d in domain]
    for b in bagian:
        keluar += ["", f"### {b.judul}", ""] + [f"{'  ' if x.startswith('  ') else ''}- {x.strip()}" for x in b.baris]
    return "\n".join(keluar) + "\n"
