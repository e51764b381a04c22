"""The link-health report: which links the catalogue uses, and what the
last `python build.py links` found for each.

The report lives with the catalogue, in catalog/status-tautan.json, so it
is versioned with the data it describes, reviewed like it, and read by the
build without any network. Keys are sorted and dates are days, so a weekly
run that finds nothing new changes only the `diperiksa` dates.
"""
from __future__ import annotations

import datetime as _dt
import html
import json
import re
import sys
from pathlib import Path

from .model import Katalog

BERKAS = "status-tautan.json"
VERSI = 1
_HREF = re.compile(r'href="(https?://[^"]+)"')


def kumpulkan(katalog: Katalog) -> dict[str, list[dict]]:
    """{url: [where it is used]}; every outbound link a page shows."""
    tautan: dict[str, list[dict]] = {}

    def catat(url, instansi=None, layanan=None, kolom=""):
        if url:
            tautan.setdefault(url, []).append({"instansi": instansi, "layanan": layanan, "kolom": kolom})

    catat(katalog.situs.pengaduan.url, kolom="situs.pengaduan")
    for ins in katalog.instansi.values():
        catat(ins.situs, ins.id, None, "situs")
        catat(ins.pengaduan.url, ins.id, None, "pengaduan")
        for url in _HREF.findall(ins.deskripsi_html):
            catat(html.unescape(url), ins.id, None, "deskripsi")
        for lay in ins.layanan:
            for k in lay.kanal:
                catat(k.url, ins.id, lay.id, "kanal utama" if k.utama else "kanal")
            if lay.pengaduan is not ins.pengaduan:
                catat(lay.pengaduan.url, ins.id, lay.id, "pengaduan")
            for url in _HREF.findall(lay.deskripsi_html):
                catat(html.unescape(url), ins.id, lay.id, "deskripsi")
    return dict(sorted(tautan.items()))


def baca(katalog_dir: Path) -> dict[str, dict]:
    """The last report, or {} when there is none or it cannot be read (the build goes on)."""
    p = Path(katalog_dir) / BERKAS
    if not p.is_file():
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        tautan = data["tautan"]
        assert isinstance(tautan, dict)
        return tautan
    except (ValueError, KeyError, AssertionError) as e:
        print(f"catalog/{BERKAS}: peringatan: laporan tautan tidak terbaca ({e}); halaman dibangun tanpa status tautan",
              file=sys.stderr)
        return {}


def gabung(lama: dict[str, dict], hasil: dict, dipakai: dict[str, list[dict]], hari_ini: str) -> dict[str, dict]:
    """New report entries; `rusak_sejak` carries over so 'newly broken' can be told apart."""
    keluar = {}
    for url, h in sorted(hasil.items()):
        sebelum = lama.get(url, {})
        rusak_sejak = None if h.sehat else (sebelum.get("rusak_sejak") if not sebelum.get("sehat", True) else None) or hari_ini
        keluar[url] = {
            "status": h.status, "sehat": h.sehat, "kode": h.kode, "url_akhir": h.url_akhir,
            "pengalihan": h.pengalihan, "galat": h.galat, "percobaan": h.percobaan,
            "diperiksa": hari_ini, "rusak_sejak": rusak_sejak, "dipakai": dipakai.get(url, []),
        }
    return keluar


def tulis(katalog_dir: Path, tautan: dict[str, dict], waktu: str) -> Path:
    p = Path(katalog_dir) / BERKAS
    data = {
        "keterangan": "Dibuat oleh `python build.py links`; jangan disunting langsung. Dibaca oleh build untuk "
                      "memberi tahu warga bila tautan utama layanan rusak.",
        "versi": VERSI,
        "diperiksa": waktu,
        "tautan": tautan,
    }
    p.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8", newline="\n")
    return p


def baru_rusak(lama: dict[str, dict], baru: dict[str, dict]) -> list[str]:
    return [u for u, s in baru.items() if not s["sehat"] and lama.get(u, {}).get("sehat", True)]


def ringkasan_pemilik(katalog: Katalog, lama: dict, baru: dict) -> str:
    """Markdown: newly broken links grouped by the owners of the files that use them."""
    per_pemilik: dict[str, list[str]] = {}
    for url in baru_rusak(lama, baru):
        s = baru[url]
        for ins_id in sorted({d["instansi"] for d in s["dipakai"] if d["instansi"]}) or [None]:
            ins = katalog.instansi.get(ins_id) if ins_id else None
            pemilik = " ".join((ins.pemilik if ins else []) or katalog.situs.pemilik) or "(tanpa pemilik)"
            tempat = ", ".join(sorted({d["layanan"] or d["kolom"] for d in s["dipakai"] if d["instansi"] == ins_id}))
            per_pemilik.setdefault(pemilik, []).append(
                f"- {url}: {s['galat'] or s['status']}" + (f" ({ins.berkas}: {tempat})" if ins else ""))
    if not per_pemilik:
        return ""
    keluar = ["## Tautan yang baru rusak", ""]
    for pemilik, baris in sorted(per_pemilik.items()):
        keluar += [f"### {pemilik}", ""] + baris + [""]
    return "\n".join(keluar)


def rusak_per_instansi(katalog: Katalog, status: dict[str, dict]) -> dict[str, list[dict]]:
    """For institution pages: {instansi id: [{url, galat, tempat, sejak}]} of its broken links."""
    hasil: dict[str, list[dict]] = {}
    if all(s.get("sehat", True) for s in status.values()):
        return hasil  # nothing broken: no need to collect every link of the catalogue
    for url, dipakai in kumpulkan(katalog).items():  # where the link is used now, not when it was checked
        s = status.get(url)
        if not s or s.get("sehat", True):
            continue
        for d in dipakai:
            ins = d.get("instansi")
            if ins in katalog.instansi:
                lay = katalog.layanan.get(d.get("layanan") or "")
                hasil.setdefault(ins, []).append({
                    "url": url, "galat": s.get("galat") or s.get("status"), "sejak": s.get("rusak_sejak"),
                    "diperiksa": s.get("diperiksa"), "kolom": d.get("kolom"), "layanan": lay,
                })
    return hasil


def hari_ini() -> str:
    return _dt.datetime.now(_dt.timezone.utc).date().isoformat()


def sekarang() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
