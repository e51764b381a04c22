"""The service page's "Laporkan kesalahan" link opens the GitHub issue form pre-filled with the service id."""
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml
from bs4 import BeautifulSoup

from sipraja.laporan import TEMPLAT_GITHUB, tautan_laporan

AKAR = Path(__file__).resolve().parent.parent
FORMULIR = AKAR / ".github" / "ISSUE_TEMPLATE" / TEMPLAT_GITHUB


def _formulir():
    return yaml.safe_load(FORMULIR.read_text())


def test_formulir_isu_sah():
    f = _formulir()
    assert f["name"] == "Laporkan kesalahan / usulkan layanan" and f["description"]
    ids = [b["id"] for b in f["body"] if "id" in b]
    assert len(ids) == len(set(ids))
    for b in f["body"]:
        assert b["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if b["type"] != "markdown":
            assert b["attributes"]["label"]
        if b["type"] == "dropdown":
            assert b["attributes"]["options"]


def test_tautan_halaman_layanan_mengisi_formulir(situs_terbangun):
    html = (situs_terbangun / "layanan" / "akta-kelahiran" / "index.html").read_text()
    a = BeautifulSoup(html, "html.parser").find("a", string="Laporkan kesalahan")
    url = urlsplit(a["href"])
    assert (url.scheme, url.netloc) == ("https", "github.com") and url.path.endswith("/issues/new")
    q = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert q["template"] == TEMPLAT_GITHUB and q["layanan"] == "akta-kelahiran"
    assert q["halaman"] == "https://sipraja.sidoarjokab.go.id/layanan/akta-kelahiran/"
    assert q["instansi"] == "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sidoarjo"
    ids = {b["id"] for b in _formulir()["body"] if "id" in b}
    assert set(q) - {"template", "title", "labels"} <= ids  # every pre-filled value lands in a real field


def test_pelacak_lain_mendapat_judul_dan_isi():
    url = tautan_laporan("https://gitlab.example.go.id/portal/-/issues/new", "ktp-el", "Membuat KTP-el", "Disdukcapil",
                         "https://x.go.id/layanan/ktp-el/")
    q = parse_qs(urlsplit(url).query)
    assert "template" not in q and "Id: ktp-el" in q["body"][0] and q["title"][0].startswith("[ktp-el]")
    assert "&" in tautan_laporan("https://github.com/a/b/issues/new?labels=x", "a", "A", "B", "u").split("?", 1)[1]


def test_tautan_beberapa_halaman_sama_dengan_satu_per_satu():
    # render asks for the links of a service's pages in every language at once (the shared part
    # quoted once): each must be what the one-page form gives, on GitHub and on any other tracker
    from urllib.parse import urlencode

    from sipraja.laporan import tautan_laporan_halaman
    halaman = ["https://x.go.id/layanan/a b/", "https://x.go.id/en/layanan/a&b=ü/"]
    for dasar in ("https://github.com/a/b/issues/new", "https://github.com/a/b/issues/new?labels=x",
                  "https://gitlab.example.go.id/portal/-/issues/new"):
        banyak = tautan_laporan_halaman(dasar, "a-b", "Nama & 'kutip' ü", "Dinas #1", halaman)
        assert banyak == [tautan_laporan(dasar, "a-b", "Nama & 'kutip' ü", "Dinas #1", h) for h in halaman]
    github = tautan_laporan("https://github.com/a/b/issues/new", "a", "A", "B", "https://u/")
    assert github == "https://github.com/a/b/issues/new?" + urlencode(
        {"template": TEMPLAT_GITHUB, "title": "[a] Koreksi: A", "layanan": "a", "instansi": "B", "halaman": "https://u/"})
