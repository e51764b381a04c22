"""Property-based tests: whatever bytes arrive, the loader accepts them or
reports located errors; it never crashes with a Python exception."""
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI
from sipraja.bacayaml import GagalBaca, Kesalahan, baca_teks
from sipraja.load import KatalogTidakSah, muat_katalog

INS = "instansi/dinas-uji.yaml"
ASLI = (MINI / INS).read_text(encoding="utf-8")
PENGATURAN = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)

# pieces that hit the reader's and checks' edge cases
KEPINGAN = ["yes", "no", "~", "null", "&a", "*a", "<<:", "!!python/object:os.system", "!x", "? ", "- ", ": ", "{", "}",
            "[", "]", '"', "'", "#", "|", ">", "\t", "\r\n", "\ufeff", "\u202e", "\u200b", "\x85", "\u2028", "08:00",
            "2026-11-20", "<script>", "{{ x }}", "javascript:", "https://uji.go.id/", "3515171203900001", "0812-3456-7890",
            "---", "...", "%YAML 1.1", "%TAG ! tag:x,2000:", "\\u0000", "[x](javascript:1)", "![a](https://a.b/c)"]


def _wajar(kesalahan: list[Kesalahan], teks: str):
    assert kesalahan
    jumlah_baris = teks.count("\n") + 2
    for k in kesalahan:
        assert isinstance(k, Kesalahan) and k.pesan and k.berkas.startswith("catalog/")
        assert 1 <= k.baris <= max(jumlah_baris, 1) and k.kolom >= 1, str(k)
        assert "Traceback" not in k.pesan


@PENGATURAN
@given(st.binary(max_size=2000))
def test_bita_acak(mentah):
    try:
        baca_teks("catalog/x.yaml", mentah)
    except GagalBaca as g:
        _wajar(g.kesalahan, mentah.decode("utf-8", "replace"))


@PENGATURAN
@given(st.lists(st.one_of(st.sampled_from(KEPINGAN), st.text(max_size=12)), max_size=60))
def test_teks_dari_kepingan_yaml(kepingan):
    teks = "".join(kepingan)
    try:
        baca_teks("catalog/x.yaml", teks.encode("utf-8", "surrogatepass"))
    except GagalBaca as g:
        _wajar(g.kesalahan, teks)


def _nilai():
    skalar = st.one_of(st.sampled_from(KEPINGAN), st.text(max_size=30), st.booleans(), st.none(), st.integers())
    return st.recursive(skalar, lambda anak: st.one_of(st.lists(anak, max_size=4),
                                                     st.dictionaries(st.text(max_size=10), anak, max_size=4)), max_leaves=20)


@st.composite
def mutasi(draw):
    """The mini catalogue's institution file, cut, spliced or overwritten at random places."""
    teks = ASLI
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(teks)))
        j = draw(st.integers(i, min(len(teks), i + 80)))
        jenis = draw(st.sampled_from(["hapus", "sisip", "ganti", "ulang-baris", "nilai"]))
        if jenis == "hapus":
            teks = teks[:i] + teks[j:]
        elif jenis == "sisip":
            teks = teks[:i] + draw(st.one_of(st.sampled_from(KEPINGAN), st.text(max_size=20))) + teks[i:]
        elif jenis == "ganti":
            teks = teks[:i] + draw(st.sampled_from(KEPINGAN)) + teks[j:]
        elif jenis == "ulang-baris":
            baris = teks.splitlines(keepends=True)
            k = draw(st.integers(0, max(0, len(baris) - 1)))
            teks = "".join(baris[:k + 1] + baris[k:])
        else:  # a whole value replaced by a generated YAML value
            baris = teks.splitlines(keepends=True)
            k = draw(st.integers(0, max(0, len(baris) - 1)))
            if ": " in baris[k]:
                kunci = baris[k].split(": ", 1)[0]
                nilai = yaml.safe_dump(draw(_nilai()), default_flow_style=True, allow_unicode=True).strip()
                baris[k] = f"{kunci}: {nilai}\n"
            teks = "".join(baris)
    return teks


@st.composite
def dokumen_acak(draw):
    """A whole institution document with the right top-level keys and random content below them."""
    data = {"instansi": draw(st.dictionaries(st.sampled_from(["id", "nama", "singkatan", "jenis", "situs", "kontak",
                                                               "jam_layanan", "pengaduan", "deskripsi"]), _nilai())),
            "layanan": draw(st.lists(st.dictionaries(st.sampled_from(["id", "nama", "ringkasan", "deskripsi", "kategori",
                                                                       "tingkat", "kanal", "biaya", "status"]), _nilai()),
                                     max_size=3))}
    return "# yaml-language-server: $schema=../../schema/katalog.schema.json\n" + yaml.safe_dump(data, allow_unicode=True)


def _muat(folder: Path, teks: str):
    (folder / INS).write_text(teks, encoding="utf-8", errors="surrogatepass")
    try:
        muat_katalog(folder)
    except KatalogTidakSah as e:
        _wajar([k for k in e.kesalahan if k.berkas == f"catalog/{INS}"] or e.kesalahan, teks)


def _dengan_katalog(uji):
    def jalankan(teks):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "catalog"
            shutil.copytree(MINI, folder)
            uji(folder, teks)
    return jalankan


@settings(PENGATURAN, max_examples=150)
@given(mutasi())
def test_mutasi_katalog_mini(teks):
    _dengan_katalog(_muat)(teks)


@settings(PENGATURAN, max_examples=100)
@given(dokumen_acak())
def test_dokumen_katalog_acak(teks):
    _dengan_katalog(_muat)(teks)


@PENGATURAN
@given(st.lists(st.sampled_from(KEPINGAN + ["a", " ", "8", "1", "0", "62", "+", "&lt;", "&#60;", "{", "$", "!", "Rp 10.000", "+62 812 34 56 78",
                                               "2", "6", "9", "-", ".", "1234", "Tahun 2020", "3515 0101 0101 0001",
                                               "351501 010101 0001", "0812-3456-789"]),
                max_size=30).map("".join))
def test_saringan_cepat_teks_tidak_melewatkan_masalah(nilai):
    # teks.periksa skips a text that _CURIGA does not match: that must never hide a problem
    from sipraja.teks import _CURIGA, _masalah
    if list(_masalah(("layanan", 0, "deskripsi"), nilai, set())):
        assert _CURIGA.search(nilai), nilai


@PENGATURAN
@given(st.lists(st.sampled_from(["a", "Z", "0", "9", "-", "--", " ", "\n", "_", ".", "é", "İ", "\u212a", "ß", "ﬁ", "½",
                                 "٣", "KTP-el", "akta", "-x-", "\u00a0", "\u2013"]), max_size=40).map("".join))
def test_kata_memecah_seperti_regex_aslinya(teks):
    # glosarium.kata splits with str.translate; it must give the words of the regex it replaced
    # (the search page and the vocabulary agree on them)
    import re

    from sipraja.glosarium import kata
    assert kata(teks) == re.findall(r"[0-9a-z]+(?:-[0-9a-z]+)*", teks.lower())


_UTAMA = st.sampled_from([True, True, True, False, "true", 1, 0, None, [], {}])
_KANAL = st.one_of(st.fixed_dictionaries({}, optional={"utama": _UTAMA, "jenis": st.just("loket")}), st.just("teks"), st.none())
_DOK = st.fixed_dictionaries({}, optional={
    "instansi": st.one_of(st.just({"id": "x"}), st.none()),
    "layanan": st.one_of(st.lists(st.one_of(
        st.fixed_dictionaries({}, optional={"id": st.just("a"), "kanal": st.one_of(st.lists(_KANAL, max_size=4), _KANAL)}),
        st.just(3)), max_size=4), st.just({"kanal": []})),
})


@settings(PENGATURAN, max_examples=500)
@given(_DOK)
def test_periksa_contains_sama_dengan_jsonschema(dok):
    # "exactly one main channel" (minContains/maxContains, which fastjsonschema does not know) is
    # checked by skema._periksa_contains over the pruned schema; it must agree with jsonschema there
    from jsonschema import Draft202012Validator

    from sipraja import skema
    sisa, defs = skema.skema_contains(skema.skema())
    assert sisa, "skema tidak lagi memakai minContains: uji ini dan skema._periksa_contains bisa dihapus"
    assert skema._periksa_contains(sisa, defs)(dok) == Draft202012Validator({**sisa, "$defs": defs}).is_valid(dok)


def _bangun_lama_dan_cepat(teks: str):
    """(what the first reading gave before the fast loop, what the fast loop gives): a value, or
    the marker that the file must be read again with positions (_PerluPosisi)."""
    import yaml

    from sipraja import bacayaml
    hasil = []
    for cepat in (False, True):
        p = bacayaml._Pembangun("catalog/x.yaml", teks, posisi=False)
        try:
            nilai = p._bangun_cepat(yaml.parse(teks, Loader=bacayaml._Loader)) if cepat \
                else p._bangun(yaml.parse(teks, Loader=bacayaml._Loader))
            hasil.append(("nilai", nilai, bool(p.kesalahan or p.rusak)))
        except bacayaml._PerluPosisi:
            hasil.append(("ulang", None, None))
        except (yaml.YAMLError, RecursionError, bacayaml._Berhenti) as e:
            hasil.append(("galat", type(e).__name__, None))
    return hasil


def _baca(teks: str):
    try:
        d = baca_teks("catalog/x.yaml", teks.encode("utf-8", "surrogatepass"))
        return "dokumen", repr(d.data), None
    except GagalBaca as g:
        return "gagal", [repr(k) for k in g.kesalahan], None if g.dokumen is None else (repr(g.dokumen.data), g.dokumen.rusak)


def _bandingkan_cepat(teks: str):
    lama, cepat = _bangun_lama_dan_cepat(teks)
    if cepat[0] == "nilai":  # the fast loop accepted it: the old loop gave the same, with nothing to report
        assert lama[0] == "nilai" and not lama[2] and repr(lama[1]) == repr(cepat[1]), (lama, cepat)
    elif lama[0] == "nilai" and not lama[2]:
        raise AssertionError(f"pembacaan cepat meminta ulang berkas yang sah: {teks!r}")
    # and what the reader reports is the same, whichever loop read the file first
    from sipraja import bacayaml
    baru = _baca(teks)
    asli = bacayaml._Pembangun._bangun_cepat
    bacayaml._Pembangun._bangun_cepat = bacayaml._Pembangun._bangun
    try:
        assert _baca(teks) == baru
    finally:
        bacayaml._Pembangun._bangun_cepat = asli


@settings(PENGATURAN, max_examples=300)
@given(st.lists(st.one_of(st.sampled_from(KEPINGAN + ["\n", "  ", "a: ", "- b\n", "x:\n  - 1\n", "<<: {}\n", "? [a]\n: 1\n"]),
                          st.text(max_size=12)), max_size=60))
def test_pembacaan_cepat_sama_dengan_lama_kepingan(kepingan):
    _bandingkan_cepat("".join(kepingan))


@settings(PENGATURAN, max_examples=200)
@given(mutasi())
def test_pembacaan_cepat_sama_dengan_lama_mutasi(teks):
    _bandingkan_cepat(teks)


@settings(PENGATURAN, max_examples=100)
@given(dokumen_acak())
def test_pembacaan_cepat_sama_dengan_lama_dokumen(teks):
    _bandingkan_cepat(teks)


def test_pembacaan_cepat_kedalaman_dan_jumlah_nilai():
    from sipraja.bacayaml import KEDALAMAN_MAKS, SIMPUL_MAKS
    for d in (KEDALAMAN_MAKS - 1, KEDALAMAN_MAKS, KEDALAMAN_MAKS + 1):
        _bandingkan_cepat("a: " + "[" * d + "x" + "]" * d + "\n")
        _bandingkan_cepat("a: " + "{b: " * d + "x" + "}" * d + "\n")
    _bandingkan_cepat("a: [" + ", ".join(["1"] * (SIMPUL_MAKS + 5)) + "]\n")
    _bandingkan_cepat("a: [" + ", ".join(["1"] * (SIMPUL_MAKS - 5)) + "]\n")
    _bandingkan_cepat("--- a\n--- b\n")


def test_skema_bersama_tidak_diubah_pemeriksa_cepat():
    # fastjsonschema rewrites the $refs of what it compiles, in place; the shared schema must stay
    # as the file says (error messages follow its "#/$defs/..." refs for descriptions)
    import copy

    from sipraja import skema
    skema._cepat.cache_clear()
    sebelum = copy.deepcopy(skema.skema())
    assert skema._cepat() is not None
    assert skema.skema() == sebelum
