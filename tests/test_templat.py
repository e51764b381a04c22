"""sipraja/templat.py: each output's cheaper escape gives the pages of the stock escape, byte for byte."""
import filecmp

import pytest
from jinja2 import Environment
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape

from conftest import AKAR
from sipraja import templat
from sipraja.bahasa import TeksBahasa
from sipraja.load import muat_katalog
from sipraja.render import Perender
from test_skala import _semua_berkas

BERBAHAYA = "<script>alert('x')</script> & \"kutip\" {{ 7*7 }} <img src=x onerror=alert(1)> é 日本 \u2028"


class _Html:
    def __html__(self):
        return "<b>sudah aman</b>"


@pytest.mark.parametrize("nilai", [BERBAHAYA, "", "biasa saja", Markup("<em>aman</em> &amp;"), 42, 3.5, None, True,
                                   TeksBahasa(BERBAHAYA), _Html()], ids=repr)
def test_aman_sama_dengan_escape(nilai):
    hasil = templat.aman(nilai)
    assert hasil == str(escape(nilai)) and type(hasil) in (str, Markup)


def test_kode_templat_memakai_aman():
    # were Jinja to rename the hook, outputs would fall back to the stock escape: safe, and this test says so
    kode = templat.Lingkungan(autoescape=True).compile("<p>{{ x }}</p>{% autoescape false %}{{ x }}{% endautoescape %}",
                                                         raw=True)
    assert "environment.aman(" in kode
    tanpa = templat.Lingkungan(autoescape=False).compile("{{ x }}", raw=True)
    assert "environment.aman(" not in tanpa and "str(" in tanpa


@pytest.mark.parametrize("sumber", [
    "{{ x }}|{{ m }}|{{ n }}",
    "{% macro k(a) %}<i>{{ a }}</i>{% endmacro %}{{ k(x) }}{% set b %}{{ x }}{% endset %}{{ b }}{{ b|length }}",
    "{% macro k2() %}[{{ caller() }}]{% endmacro %}"
    "{% filter upper %}{{ x }}{% endfilter %}{% call k2() %}{{ x }}{% endcall %}",
    "{% autoescape false %}{{ x }}{% endautoescape %}{% autoescape true %}{{ x }}{% endautoescape %}",
    "{{ x ~ m }}{{ (x|e) ~ 'a' }}{{ [x, m]|join(',') }}{{ x|safe }}",
], ids=["keluaran", "makro-set", "filter-call", "autoescape-blok", "gabung"])
def test_templat_sama_dengan_jinja_asli(sumber):
    isi = {"x": BERBAHAYA, "m": Markup("<em>a&amp;b</em>"), "n": 7}
    asli = Environment(autoescape=True).from_string(sumber).render(isi)
    assert templat.Lingkungan(autoescape=True).from_string(sumber).render(isi) == asli


def test_halaman_katalog_bawaan_sama_persis(tmp_path, monkeypatch):
    """Every page of the bundled catalogue, with hostile text in one service, the same bytes both ways."""
    k = muat_katalog(AKAR / "catalog")
    lay = next(iter(k.layanan.values()))
    lay.ringkasan, lay.persyaratan = BERBAHAYA, [BERBAHAYA, *lay.persyaratan]
    Perender(k, tmp_path / "cepat", sendiri=True).semua()
    monkeypatch.setattr(templat.Lingkungan, "code_generator_class", CodeGenerator)
    Perender(k, tmp_path / "asli", sendiri=True).semua()
    berkas = _semua_berkas(tmp_path / "asli")
    assert len(berkas) > 200
    _, beda, galat = filecmp.cmpfiles(tmp_path / "asli", tmp_path / "cepat", berkas, shallow=False)
    assert beda == [] and galat == []
    assert str(escape(BERBAHAYA))[:40] in (tmp_path / "cepat" / "layanan" / lay.id / "index.html").read_text()


def test_templat_dari_kamus_hanya_saat_tidak_dimuat_ulang(tmp_path):
    # with reloading off (a build's workers) a template comes from a plain dict; turned back on
    # (serve mode), an edited file is read again
    from jinja2 import FileSystemLoader
    (tmp_path / "a.html").write_text("satu")
    env = templat.Lingkungan(loader=FileSystemLoader(tmp_path), autoescape=True)
    assert env.auto_reload and env.get_template("a.html").render() == "satu"
    env.auto_reload = False
    pertama = env.get_template("a.html")
    assert env.get_template("a.html") is pertama
    (tmp_path / "a.html").write_text("dua")
    assert env.get_template("a.html").render() == "satu"
    env.auto_reload = True
    assert env.get_template("a.html").render() == "dua"
    env.auto_reload = False
    assert env.get_template("a.html").render() == "dua"
    assert env.get_template("a.html", globals={"x": 1}).render() == "dua"
