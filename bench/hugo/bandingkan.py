#!/usr/bin/env python3
"""Compare our built pages with the Hugo peer's, page by page, as a reader gets them.

    python bench/hugo/bandingkan.py OUR_DIST HUGO_DIST [--contoh 3]

Our site also writes every page in English under en/ (sipraja/bahasa.py); the
Hugo peer builds the Indonesian pages only, so pages under en/ are left out of
the comparison and counted apart ("only ours, English") when Hugo wrote none.
For every page both sides wrote, the visible text (whitespace collapsed),
the headings, the links (resolved against the page, QR image names masked:
ours are layanan/<id>.svg, Hugo's qr_<hash>.png) and the JSON-LD (parsed, so
key order does not count) are compared; sizes are raw and gzip bytes. Prints
a table per page kind and, for pages that differ, the first differences.
Exit 1 when a page exists on one side only or any page differs.
"""
from __future__ import annotations

import argparse
import difflib
import gzip
import json
import statistics
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

DASAR = "https://contoh.invalid/"
BAHASA_LAIN = ("en/",)  # our English pages (sipraja.bahasa.AWALAN), which the Hugo peer does not build
TAUTAN = {"a": "href", "link": "href", "script": "src", "img": "src", "form": "action"}


class _Pengurai(HTMLParser):
    def __init__(self, jalur: str):
        super().__init__(convert_charrefs=True)
        self.halaman = DASAR + jalur
        self.teks: list[str] = []
        self.judul: list[str] = []
        self.tautan: list[str] = []
        self.ld: list = []
        self.unsur: list[str] = []  # every element with its attributes (links and QR names checked above)
        self._skrip = None  # "ld" inside JSON-LD, "js" inside other scripts
        self._ld = []
        self._h = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.unsur.append(tag + "".join(f" {k}={v!r}" for k, v in sorted(a.items()) if k != TAUTAN.get(tag)))
        if tag in TAUTAN and a.get(TAUTAN[tag]) is not None:
            url = urljoin(self.halaman, a[TAUTAN[tag]])
            if url.startswith(DASAR + "qr/"):
                url = DASAR + "qr/*"  # same page, different file naming (SVG vs images.QR PNG)
            self.tautan.append(f"{tag} {url}")
        if tag == "script":
            self._skrip = "ld" if a.get("type") == "application/ld+json" else "js"
            self._ld = []
        if tag in ("h1", "h2", "h3"):
            self._h = [tag]

    def handle_endtag(self, tag):
        if tag == "script":
            if self._skrip == "ld":
                self.ld.append(json.loads("".join(self._ld)))
            self._skrip = None
        if tag in ("h1", "h2", "h3") and self._h:
            self.judul.append(" ".join(" ".join(self._h[1:]).split()) and f"{tag}: " + " ".join(" ".join(self._h[1:]).split()))
            self._h = None

    def handle_data(self, data):
        if self._skrip == "ld":
            self._ld.append(data)
            return
        if self._skrip:
            return
        self.teks.append(data)
        if self._h is not None:
            self._h.append(data)


def urai(berkas: Path, akar: Path) -> dict:
    jalur = berkas.relative_to(akar).as_posix()
    jalur = jalur[: -len("index.html")] if jalur.endswith("index.html") else jalur
    mentah = berkas.read_bytes()
    p = _Pengurai(jalur)
    p.feed(mentah.decode("utf-8"))
    return {"teks": " ".join(" ".join(p.teks).split()), "judul": p.judul, "tautan": p.tautan, "ld": p.ld,
            "unsur": p.unsur,
            "byte": len(mentah), "gzip": len(gzip.compress(mentah, 9, mtime=0))}


def jenis(jalur: str) -> str:
    if jalur in ("index.html", "404.html"):
        return jalur
    jalur = jalur.removesuffix("index.html")
    bagian = jalur.strip("/").split("/")
    if len(bagian) == 2 and bagian[0] in ("layanan", "instansi", "kategori", "alur", "kantor"):
        return f"{bagian[0]}/*"
    if len(bagian) == 3 and bagian[0] == "instansi" and bagian[2] == "poster":
        return "instansi/*/poster"
    if len(bagian) == 3 and bagian[0] == "kantor":
        return "kantor/*/*"
    return jalur


def halaman(akar: Path) -> dict[str, Path]:
    keluar = {p.relative_to(akar).as_posix(): p for p in akar.rglob("index.html")}
    for awalan in ("", *BAHASA_LAIN):  # the 404 page of each language
        if (akar / awalan / "404.html").is_file():
            keluar[awalan + "404.html"] = akar / awalan / "404.html"
    # Pagefind's own files and the offline page are not pages of the catalogue
    return {j: p for j, p in keluar.items() if not j.startswith(("pagefind/", "assets/", "schema/", "data/"))}


def beda(a: list[str], b: list[str], n: int = 6) -> list[str]:
    return [x for x in difflib.unified_diff(a, b, "kita", "hugo", n=0, lineterm="") if not x.startswith(("---", "+++", "@@"))][:n]


def bandingkan(kita: Path, hugo: Path, contoh: int = 2, keluar=sys.stdout) -> dict:
    hk, hh = halaman(kita), halaman(hugo)
    # the English version (en/) is ours only: out of scope for the Hugo peer, counted apart
    en = sorted(j for j in hk if j.startswith(BAHASA_LAIN)) if not any(j.startswith(BAHASA_LAIN) for j in hh) else []
    for j in en:
        del hk[j]
    bersama = sorted(set(hk) & set(hh))
    per_jenis: dict[str, dict] = {}
    for j in bersama:
        a, b = urai(hk[j], kita), urai(hh[j], hugo)
        r = per_jenis.setdefault(jenis(j), {"n": 0, "teks": 0, "judul": 0, "tautan": 0, "ld": 0, "unsur": 0, "semua": 0,
                                            "byte": [], "gzip": [], "contoh": []})
        r["n"] += 1
        sama = {k: a[k] == b[k] for k in ("teks", "judul", "tautan", "ld", "unsur")}
        for k, v in sama.items():
            r[k] += v
        r["semua"] += all(sama.values())
        r["byte"].append((a["byte"], b["byte"]))
        r["gzip"].append((a["gzip"], b["gzip"]))
        if not all(sama.values()) and len(r["contoh"]) < contoh:
            d = [j]
            if not sama["teks"]:
                d += ["  teks: " + x for x in beda(a["teks"].split(" "), b["teks"].split(" "))]
            if not sama["judul"]:
                d += ["  judul: " + x for x in beda(a["judul"], b["judul"])]
            if not sama["tautan"]:
                d += ["  tautan: " + x for x in beda(a["tautan"], b["tautan"])]
            if not sama["unsur"]:
                d += ["  unsur: " + x for x in beda(a["unsur"], b["unsur"])]
            if not sama["ld"]:
                d += ["  ld: " + x for x in beda(json.dumps(a["ld"], indent=0, sort_keys=True, ensure_ascii=False).splitlines(),
                                                 json.dumps(b["ld"], indent=0, sort_keys=True, ensure_ascii=False).splitlines())]
            r["contoh"].append(d)
    print(f"halaman: kita {len(hk)}, Hugo {len(hh)}, sama-sama ada {len(bersama)}", file=keluar)
    if en:
        print(f"  kita juga menulis {len(en)} halaman bahasa Inggris (en/) yang tidak dibuat Hugo; tidak dibandingkan",
              file=keluar)
    hanya = sorted(set(hk) ^ set(hh))
    for j in hanya[:10]:
        print(f"  hanya di {'kita' if j in hk else 'Hugo'}: {j}", file=keluar)
    print(f"{'jenis':<22}{'n':>6}{'teks sama':>11}{'judul sama':>12}{'tautan sama':>13}{'JSON-LD sama':>14}{'unsur sama':>12}"
          f"{'byte kita/Hugo (median)':>26}{'gzip kita/Hugo':>16}", file=keluar)
    ringkas = {}
    for k in sorted(per_jenis):
        r = per_jenis[k]
        mb = statistics.median(x for x, _ in r["byte"]), statistics.median(y for _, y in r["byte"])
        mg = statistics.median(x for x, _ in r["gzip"]), statistics.median(y for _, y in r["gzip"])
        print(f"{k:<22}{r['n']:>6}{r['teks']:>11}{r['judul']:>12}{r['tautan']:>13}{r['ld']:>14}{r['unsur']:>12}"
              f"{f'{mb[0]:,.0f} / {mb[1]:,.0f}':>26}{f'{mg[0]:,.0f} / {mg[1]:,.0f}':>16}", file=keluar)
        ringkas[k] = {"n": r["n"], "teks_sama": r["teks"], "judul_sama": r["judul"], "tautan_sama": r["tautan"],
                      "ld_sama": r["ld"], "unsur_sama": r["unsur"], "semua_sama": r["semua"], "byte_median": mb, "gzip_median": mg}
    for k in sorted(per_jenis):
        for d in per_jenis[k]["contoh"]:
            print("\n".join(d), file=keluar)
    sama = sum(r["semua"] for r in per_jenis.values())
    print(f"sama dalam teks, judul, tautan, unsur dan JSON-LD: {sama} dari {len(bersama)} halaman", file=keluar)
    return {"kita": len(hk), "hugo": len(hh), "kita_en": len(en), "hanya_satu_sisi": hanya, "semua_sama": sama, "jenis": ringkas}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kita", type=Path)
    ap.add_argument("hugo", type=Path)
    ap.add_argument("--contoh", type=int, default=2, help="differing pages shown per kind")
    a = ap.parse_args(argv)
    hasil = bandingkan(a.kita, a.hugo, a.contoh)
    return 1 if hasil["hanya_satu_sisi"] or hasil["semua_sama"] < hasil["kita"] else 0


if __name__ == "__main__":
    sys.exit(main())
