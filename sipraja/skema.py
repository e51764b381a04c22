"""The catalogue's JSON Schema, and its errors told in Bahasa Indonesia.

schema/katalog.schema.json is the single truth for editors (VS Code reads
it through the yaml-language-server modeline), CI and the build. Pattern
errors carry their own Indonesian explanation in the custom keyword
`x-pesan`, so the schema file stays the one place to change a rule.
"""
from __future__ import annotations

import copy
import difflib
import json
from functools import lru_cache
from pathlib import Path

from . import pesan
from .bacayaml import Dokumen, Kesalahan, teks_jalur
from .links import masalah_url

BERKAS_SKEMA = Path(__file__).resolve().parent.parent / "schema" / "katalog.schema.json"

_NAMA_JENIS = {
    "string": "teks",
    "array": "daftar (setiap butir diawali \"- \")",
    "object": "kumpulan kolom (nama: nilai)",
    "boolean": "true atau false",
    "integer": "bilangan bulat",
    "number": "angka",
    "null": "kosong",
}


@lru_cache(maxsize=1)
def skema() -> dict:
    return json.loads(BERKAS_SKEMA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def validator():
    """jsonschema's validator, for the errors of a file the fast check refused (imported only then)."""
    from jsonschema import Draft202012Validator
    Draft202012Validator.check_schema(skema())
    return Draft202012Validator(skema())


def saran(nilai, pilihan) -> str:
    """' Mungkin maksud Anda "x"?' for a near miss, else ''."""
    if not isinstance(nilai, str):
        return ""
    calon = difflib.get_close_matches(nilai.lower(), [str(p) for p in pilihan], n=1, cutoff=0.6)
    return f" Mungkin maksud Anda \"{calon[0]}\"?" if calon else ""


def _jenis(nilai) -> str:
    if nilai is None:
        return "null"
    if isinstance(nilai, bool):
        return "boolean"
    if isinstance(nilai, dict):
        return "object"
    if isinstance(nilai, list):
        return "array"
    return "string" if isinstance(nilai, str) else "number"


def _keterangan(subskema: dict) -> str:
    """A property's description, following one $ref when needed."""
    if "description" in subskema:
        return subskema["description"]
    ref = subskema.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return skema()["$defs"].get(ref.split("/")[-1], {}).get("description", "")
    return ""


# keywords newer than draft 7, which fastjsonschema would silently ignore
_BARU = {"minContains", "maxContains", "dependentRequired", "dependentSchemas", "prefixItems",
         "unevaluatedItems", "unevaluatedProperties", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef"}
_CONTAINS = ("contains", "minContains", "maxContains")


def _pangkas(node, defs, jalan_aman=True):
    """The part of the schema that leads (through properties, items and $ref
    only) to a minContains/maxContains; None when there is none. Raises
    ValueError for a newer keyword found anywhere else."""
    if not isinstance(node, dict):
        return None
    keluar = {}
    if "minContains" in node or "maxContains" in node:
        if not jalan_aman:
            raise ValueError("minContains di bawah kata kunci bersyarat")
        keluar.update({k: node[k] for k in _CONTAINS if k in node})
    if (_BARU - set(_CONTAINS)) & set(node):
        raise ValueError("kata kunci skema baru")
    for kunci, anak in node.items():
        if kunci == "properties":
            sifat = {k: v for k, v in ((k, _pangkas(v, defs, jalan_aman)) for k, v in anak.items()) if v}
            if sifat:
                keluar["properties"] = sifat
        elif kunci == "items":
            v = _pangkas(anak, defs, jalan_aman)
            if v:
                keluar["items"] = v
        elif kunci == "$ref":
            if anak.startswith("#/$defs/") and defs.get(anak.split("/")[-1]):
                keluar["$ref"] = anak
        elif kunci in ("allOf", "anyOf", "oneOf"):
            for v in anak:
                _pangkas(v, defs, False)
        elif kunci in ("if", "then", "else", "not", "additionalProperties", "contains"):
            _pangkas(anak, defs, False)
    return keluar or None


@lru_cache(maxsize=1)
def _cepat():
    """(compiled check, check of minContains/maxContains) or None.

    fastjsonschema compiles the schema once into Python code (~20x faster
    than walking it with jsonschema) but knows only draft 7. The schema uses
    draft 7 keywords plus minContains/maxContains, which it would ignore:
    those are checked on a pruned copy of the schema that holds only the
    path down to them (_periksa_contains). Any other newer keyword turns the
    fast path off rather than weaken a check."""
    try:
        import fastjsonschema
    except ImportError:  # pragma: no cover
        return None
    sk = skema()
    try:
        sisa, defs = skema_contains(sk)
    except ValueError:
        return None
    # fastjsonschema rewrites every $ref it resolves into an absolute address, in place: on the
    # shared schema that broke whatever reads the refs later (_keterangan, _pangkas), so a copy
    kode = fastjsonschema.compile(copy.deepcopy({k: v for k, v in sk.items() if k != "$schema"}), use_default=False,
                                  use_formats=False)
    try:
        kecil = _periksa_contains(sisa, defs) if sisa else None
    except (ValueError, fastjsonschema.JsonSchemaDefinitionException):
        return None
    return kode, kecil


def skema_contains(sk: dict) -> tuple[dict | None, dict]:
    """(the pruned schema down to every minContains/maxContains, its pruned $defs); ValueError
    when a newer keyword sits where the pruning cannot follow (_pangkas)."""
    defs = {}
    for nama, d in sk.get("$defs", {}).items():  # $defs refer to $defs; two rounds settle this schema
        defs[nama] = _pangkas(d, {})
    for nama, d in sk.get("$defs", {}).items():
        defs[nama] = _pangkas(d, defs)
    return _pangkas({k: v for k, v in sk.items() if k != "$defs"}, defs), {k: v for k, v in defs.items() if v}


def _periksa_contains(simpul: dict, defs: dict):
    """A function data -> bool for the pruned schema of _pangkas: properties, items and $ref down
    to contains with minContains/maxContains, applied as JSON Schema 2020-12 applies them (each
    keyword only to its own type), the `contains` schema compiled by fastjsonschema. jsonschema
    walking the same pruned schema was ~5 % of load time; tests compare the two."""
    import fastjsonschema
    siap: dict[str, object] = {}

    def susun(node: dict):
        cek = []
        if "minContains" in node or "maxContains" in node:
            if "$ref" in json.dumps(node.get("contains", {})):
                raise ValueError("$ref di dalam contains")
            cocok = fastjsonschema.compile(copy.deepcopy(node.get("contains", {})), use_default=False, use_formats=False)
            paling_sedikit, paling_banyak = node.get("minContains", 1), node.get("maxContains")

            def isi(d):
                if not isinstance(d, list):
                    return True
                n = 0
                for x in d:
                    try:
                        cocok(x)
                        n += 1
                    except fastjsonschema.JsonSchemaValueException:
                        pass
                return n >= paling_sedikit and (paling_banyak is None or n <= paling_banyak)
            cek.append(isi)
        if "properties" in node:
            sifat = {k: susun(v) for k, v in node["properties"].items()}
            cek.append(lambda d: not isinstance(d, dict) or all(f(d[k]) for k, f in sifat.items() if k in d))
        if "items" in node:
            butir = susun(node["items"])
            cek.append(lambda d: not isinstance(d, list) or all(butir(x) for x in d))
        if "$ref" in node:
            nama = node["$ref"].split("/")[-1]
            if nama not in defs:
                raise ValueError(f"$ref {node['$ref']}")

            def acuan(d, nama=nama):  # resolved at the first use: a $def may refer to itself
                if nama not in siap:
                    siap[nama] = susun(defs[nama])
                return siap[nama](d)
            cek.append(acuan)
        return lambda d: all(f(d) for f in cek)

    return susun(simpul)


def periksa(dok: Dokumen) -> list[Kesalahan]:
    """Validate one document against the schema; every error, translated.

    A valid file (nearly every file) takes only the fast check; a file with
    an error is walked by jsonschema, whose error objects give every error
    with its path, so messages are the same either way.

    Values the reader already refused (dok.rusak) are not reported again, nor
    rules over the list or mapping that holds them ("exactly one main channel"
    when that channel's `utama: yes` was refused). What the schema refuses is
    added to dok.rusak, so the cross-file checks skip it instead of tripping on it."""
    cepat = _cepat()
    if cepat is not None:
        kode, kecil = cepat
        try:
            kode(dok.data)
            if kecil is None or kecil(dok.data):
                return []
        except Exception:  # JsonSchemaValueException, or odd input: let jsonschema say what is wrong
            pass
    hasil = []
    dari_pembaca = frozenset(dok.rusak)
    for galat in validator().iter_errors(dok.data):
        jalur = tuple(galat.absolute_path)
        if dari_pembaca and _akibat_penolakan(jalur, galat.validator, dari_pembaca):
            continue
        hasil.extend(_terjemahkan(galat, dok))
        dok.rusak.update(_ditolak(galat, jalur))
    # jsonschema reports `required` once per missing key, each translation names them all
    hasil = list({(k.baris, k.kolom, k.jalur, k.pesan): k for k in hasil}.values())
    hasil = pesan.gabung_kolom_salah_ketik(hasil)
    hasil.sort(key=lambda k: (k.baris, k.kolom, k.pesan))
    return hasil


# rules that look inside a list or mapping: an item refused by the reader would make them fail too
_ATURAN_ISI = {"contains", "minContains", "maxContains", "uniqueItems", "oneOf", "anyOf", "not", "dependentSchemas"}
# rules about a list's or mapping's size or items: its items (and their checks) stay usable
_ATURAN_WADAH = {"minItems", "maxItems", "uniqueItems", "contains", "minContains", "maxContains"}


def _akibat_penolakan(jalur, kunci, ditolak) -> bool:
    if any(jalur[:len(r)] == r for r in ditolak):
        return True
    return kunci in _ATURAN_ISI and any(r[:len(jalur)] == jalur for r in ditolak)


def _ditolak(galat, jalur) -> set:
    """The paths an error makes unusable for the cross-file checks."""
    nilai = galat.instance
    if galat.validator == "required" and isinstance(nilai, dict):
        return {jalur + (k,) for k in galat.validator_value if k not in nilai}
    if galat.validator == "additionalProperties" and isinstance(nilai, dict):
        dikenal = galat.schema.get("properties", {}) if isinstance(galat.schema, dict) else {}
        return {jalur + (k,) for k in nilai if k not in dikenal}
    if galat.validator in _ATURAN_WADAH:
        return set()
    return {jalur}


def _terjemahkan(galat, dok: Dokumen) -> list[Kesalahan]:
    jalur = tuple(galat.absolute_path)
    nilai = galat.instance
    sk = galat.schema if isinstance(galat.schema, dict) else {}
    kunci = galat.validator

    def satu(pesan, jalur_=jalur, pada_kunci=False):
        baris, kolom = dok.posisi(jalur_, kunci=pada_kunci)
        return Kesalahan(dok.berkas, baris, kolom, teks_jalur(jalur_), pesan)

    if kunci == "additionalProperties":
        dikenal = list(sk.get("properties", {}))
        lebih = sorted(k for k in nilai if k not in dikenal)
        return [
            satu(f"kolom \"{k}\" tidak dikenal di sini.{saran(k, dikenal) or pesan.kolom_salah_tempat(dok, jalur + (k,)) or ' Kolom yang boleh: ' + ', '.join(dikenal) + '.'}",
                 jalur + (k,), pada_kunci=True)
            for k in lebih
        ]
    if kunci == "required":
        hilang = [k for k in galat.validator_value if k not in nilai]
        keluar = []
        for k in hilang:
            ket = _keterangan(sk.get("properties", {}).get(k, {}))
            keluar.append(satu(f"kolom wajib \"{k}\" belum diisi." + (f" ({ket})" if ket else "")))
        return keluar
    if kunci == "type":
        if nilai is None:
            ket = _keterangan(sk)
            if sk.get("type") == "array" and not sk.get("minItems") and jalur and isinstance(jalur[-1], str):
                # an empty list is allowed here: say how to write one, not "fill it in"
                return [satu(f"kosong tanpa nilai. Bila memang belum ada isinya, tulis {jalur[-1]}: []; bila ada, "
                             "tulis setiap butir di baris berikutnya, diawali \"- \"." + (f" ({ket})" if ket else ""))]
            butir = bool(jalur) and isinstance(jalur[-1], int)
            tempat = "setelah tanda - di baris ini, atau hapus baris ini" if butir else "setelah titik dua, atau hapus kolom ini bila tidak wajib"
            return [satu(f"belum diisi (kosong); tulis nilainya {tempat}."
                         + (f" ({ket})" if ket else ""))]
        harap = galat.validator_value if isinstance(galat.validator_value, list) else [galat.validator_value]
        harap_teks = " atau ".join(_NAMA_JENIS.get(h, h) for h in harap)
        contoh = pesan.contoh_daftar(next((b for b in reversed(jalur) if isinstance(b, str)), ""), nilai) if "array" in harap else ""
        return [satu(f"harus berupa {harap_teks}, bukan {_NAMA_JENIS[_jenis(nilai)]}{contoh}")]
    if nilai is None and kunci in ("enum", "const", "pattern") and "type" in sk:
        return []  # the type error already says "belum diisi"
    if kunci == "enum":
        pilihan = galat.validator_value
        return [satu(f"nilai \"{nilai}\" tidak dikenal.{saran(nilai, pilihan)} Pilihan: {', '.join(map(str, pilihan))}.")]
    if kunci == "const":
        return [satu(f"nilai harus {json.dumps(galat.validator_value)}")]
    if kunci == "pattern" and sk.get("x-periksa") == "url" and isinstance(nilai, str):
        alasan = masalah_url(nilai, None)  # say exactly what is wrong with the link
        if alasan:
            return [satu(alasan)]
    if kunci in ("pattern", "minLength") and "x-pesan" in sk:
        return [satu(f"nilai \"{_pendek(nilai)}\" tidak sah: {sk['x-pesan']}.{pesan.usulan_nilai(_nama_def(sk), nilai)}".replace("..", "."))]
    if kunci == "maxLength":
        return [satu(f"teks terlalu panjang ({len(nilai)} karakter; paling panjang {galat.validator_value})")]
    if kunci == "minItems":
        return [satu(f"daftar harus berisi sekurang-kurangnya {galat.validator_value} butir")]
    if kunci == "maxItems":
        return [satu(f"daftar paling banyak berisi {galat.validator_value} butir")]
    if kunci == "uniqueItems":
        return [satu("daftar memuat butir yang sama lebih dari sekali; hapus yang ganda")]
    if kunci == "maxContains" and jalur and jalur[-1] == "kanal" and isinstance(nilai, list):
        ganda = pesan.kanal_utama_ganda(dok, jalur, nilai)
        if ganda:
            return ganda
    if kunci in ("contains", "minContains", "maxContains"):
        cocok = sum(1 for b in nilai if not any(True for _ in validator().evolve(schema=sk["contains"]).iter_errors(b))) if isinstance(nilai, list) and isinstance(sk.get("contains"), dict) else None
        sekarang = f" (sekarang ada {cocok} yang memenuhi, dari {len(nilai)} butir)" if cocok is not None else ""
        return [satu(sk.get("x-pesan", "isi daftar tidak sesuai aturan") + sekarang)]
    if kunci == "minProperties":
        return [satu("berkas/kolom ini kosong")]
    return [satu(f"tidak sesuai skema ({kunci}): {_pendek(str(nilai))}")]


def _nama_def(sk: dict) -> str:
    """Which $defs entry a resolved subschema is (for value suggestions)."""
    for nama, d in skema()["$defs"].items():
        if d.get("pattern") and d.get("pattern") == sk.get("pattern"):
            return nama
    return ""


def _pendek(teks, batas=60) -> str:
    teks = str(teks)
    return teks if len(teks) <= batas else teks[: batas - 1] + "…"
