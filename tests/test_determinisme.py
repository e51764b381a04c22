"""Which Pagefind files are not byte-stable between two builds, and proof that they differ only in order.

Pagefind 1.5 collects filter values in a hash map (Rust's HashMap, randomly
seeded per run), so the values inside `pagefind/filter/*.pf_filter` come out
in a different order each run (upstream Pagefind issue #638). The file's name
is a hash of its content, so `pagefind.*.pf_meta` (which names it) and
`pagefind-entry.json` (which names the meta file) change with it. Decoded,
the three hold the same data; every other file is byte-identical.
"""
import json
import re

from pagefind_dcd import muat
from sipraja.pipeline import bangun
from test_build import PAGEFIND_TIDAK_STABIL, sidik

_HASH = re.compile(r"\b(id|en)_[0-9a-f]{7,10}\b")  # Indonesian and English indexes


def _satu(folder, pola):
    (p,) = folder.glob(pola)
    return p


def filter_indeks(indeks):
    """Every filter file of one index folder decoded, order-free: [(filter name, [(value, pages)])]."""
    semua = []
    for p in indeks.glob("filter/*.pf_filter"):
        nama, nilai = muat(p.read_bytes())
        semua.append((nama, sorted((v, sorted(halaman)) for v, halaman in nilai)))
    return sorted(semua)


def tanpa_hash(data):
    """Hash-named references replaced, and lists of (filter, file) pairs sorted:
    with several filters the meta file lists them in hash-map order too."""
    def urut(x):
        if isinstance(x, list):
            x = [urut(v) for v in x]
            if x and all(isinstance(v, list) and len(v) == 2 and v[1] == "HASH" for v in x):
                x = sorted(x)
        return x
    return json.dumps(urut(json.loads(_HASH.sub("HASH", json.dumps(data, default=repr)))))


def test_pagefind_hanya_beda_urutan(katalog, tmp_path):
    katalog.ganti("instansi/dinas-uji.yaml", "kategori: [kependudukan]", "kategori: [kependudukan, kesehatan]")
    a, b = tmp_path / "a", tmp_path / "b"
    bangun(katalog.folder, a, log=lambda *_: None)
    bangun(katalog.folder, b, log=lambda *_: None)
    sa, sb = sidik(a), sidik(b)
    beda = {k for k in sa.keys() | sb.keys() if sa.get(k) != sb.get(k)}
    assert all(k.startswith(PAGEFIND_TIDAK_STABIL) for k in beda), beda
    # the unstable files hold the same content in another order
    assert filter_indeks(a / "pagefind") == filter_indeks(b / "pagefind")
    assert {n for n, _ in filter_indeks(a / "pagefind")} >= {"instansi", "kategori", "tingkat", "kanal"}
    assert all(nilai for _, nilai in filter_indeks(a / "pagefind")), "indeks filter kosong: uji ini tidak menguji apa-apa"
    assert tanpa_hash(muat(_satu(a, "pagefind/*.pf_meta").read_bytes())) == tanpa_hash(muat(_satu(b, "pagefind/*.pf_meta").read_bytes()))
    entri = [json.loads((d / "pagefind" / "pagefind-entry.json").read_text()) for d in (a, b)]
    assert tanpa_hash(entri[0]) == tanpa_hash(entri[1])
