"""kodejson.ringkas writes what json.dumps(ensure_ascii=False, separators=(",", ":")) writes."""
import datetime
import json
import re
from dataclasses import dataclass

import pytest
from hypothesis import given, settings, strategies as st
from markupsafe import Markup

from conftest import AKAR
from sipraja import hsds, kodejson
from sipraja.kodejson import json_biasa, ringkas

pytestmark = pytest.mark.skipif(kodejson.orjson is None, reason="orjson tidak terpasang: semua lewat json")

ANEH = ["", "teks biasa", "ä é ü ñ 日本 🙂", 'kutip " dan \\ miring', "baris\nbaru\ttab\r\b\f",
        "\x00\x01\x1f\x7f", "\u2028\u2029", "</script><!--", "&amp; <b>", "\ud7ff\ue000\uffff"]


@pytest.mark.parametrize("nilai", [
    *ANEH, 0, -1, 2**63 - 1, -2**63, True, False, None, [], {}, [[]], {"a": {}},
    {s: s for s in ANEH}, [ANEH, {"n": [1, 2, {"x": None}]}], Markup("<b>aman</b>"), ("tupel", 1),
])
def test_sama_dengan_json(nilai):
    assert ringkas(nilai) == json_biasa(nilai)


@pytest.mark.parametrize("nilai", [2**64, -2**63 - 1, {1: "kunci angka"}, {None: 1, True: 2}])
def test_yang_ditolak_orjson_ditulis_json(nilai):
    # orjson refuses these; json writes them, and so the same text comes out
    assert ringkas(nilai) == json.dumps(nilai, ensure_ascii=False, separators=(",", ":"))


@dataclass
class _Data:
    a: int = 1


@pytest.mark.parametrize("nilai", [datetime.date(2026, 1, 1), datetime.datetime(2026, 1, 1), _Data(), {1, 2}, b"x"])
def test_yang_ditolak_json_tetap_ditolak(nilai):
    # orjson would write dates and dataclasses; json refuses them, and a value the catalogue never
    # holds must fail here as it did before, not reach a page in a new form
    with pytest.raises(TypeError):
        ringkas({"isi": [nilai]})


_NILAI = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.text(),
    lambda anak: st.lists(anak, max_size=4) | st.dictionaries(st.text(max_size=8), anak, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_NILAI)
def test_sama_untuk_nilai_apa_pun(nilai):
    try:
        harapan = json_biasa(nilai)
    except (UnicodeEncodeError, ValueError):  # lone surrogates: neither writes them as UTF-8
        return
    assert ringkas(nilai) == harapan


def test_ekspor_dan_json_ld_katalog_bawaan_sama():
    from sipraja import jsonld
    from sipraja.bahasa import BAHASA
    from sipraja.load import muat_katalog
    from sipraja.opendata import katalog_json
    k = muat_katalog(AKAR / "catalog")
    url = k.situs.url_dasar
    isi = [katalog_json(k, url), *hsds.ekspor(k, url).values()]
    for b in BAHASA:
        isi += [jsonld.layanan(x, url, k, b) for x in k.layanan.values()]
        isi += [jsonld.organisasi(i, url, k, b) for i in k.instansi.values()]
        isi.append(jsonld.situs_web(k, url, b))
    for x in isi:
        assert ringkas(x) == json_biasa(x)
    assert len(isi) > 2 * len(k.layanan)


def test_halaman_terbangun_memuat_json_ld_yang_sama(situs_terbangun):
    # the JSON-LD on built pages reads back to data that json writes to the same text
    pola = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
    jumlah = 0
    for halaman in sorted(situs_terbangun.glob("layanan/*/index.html"))[:40]:
        for teks in pola.findall(halaman.read_text(encoding="utf-8")):
            data = json.loads(teks)
            ulang = json_biasa(data)
            for c, ganti in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
                ulang = ulang.replace(c, ganti)
            assert teks == ulang
            jumlah += 1
    assert jumlah >= 40
