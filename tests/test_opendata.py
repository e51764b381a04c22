"""dist/data/: katalog.json against its own schema, layanan.csv for spreadsheets, the Atom feed, OpenSearch."""
import copy
import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator, FormatChecker

from conftest import AKAR, objek_dalam
from sipraja.load import muat_katalog
from sipraja.tabel import KOLOM

URL = "https://sipraja.sidoarjokab.go.id/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def k():
    return muat_katalog(AKAR / "catalog")


@pytest.fixture(scope="module")
def data(situs_terbangun):
    return situs_terbangun / "data"


def _objek(skema):
    """Every object schema (one with `properties`) in a schema."""
    return objek_dalam(skema, lambda d: "properties" in d)


def ketat(skema: dict) -> dict:
    """Our own check: the published schema allows unknown fields (the 1.x promise), so to catch a
    misspelt or undocumented field we validate against a copy that forbids them."""
    salinan = copy.deepcopy(skema)
    for o in _objek(salinan):
        o["additionalProperties"] = False
    return salinan


def galat_skema(skema, isi):
    return [f"{e.json_path}: {e.message}" for e in Draft202012Validator(skema, format_checker=FormatChecker()).iter_errors(isi)]


def test_katalog_json_sah_menurut_skemanya(data, k):
    skema = json.loads((data / "katalog.schema.json").read_text())
    assert skema == json.loads((AKAR / "schema" / "data-katalog.schema.json").read_text())  # published beside the data
    Draft202012Validator.check_schema(skema)
    isi = json.loads((data / "katalog.json").read_text(encoding="utf-8"))
    assert galat_skema(skema, isi) == []
    assert galat_skema(ketat(skema), isi) == []  # every field we write is documented
    assert isi["versi_skema"].startswith("1.")
    assert isi["skema"] == URL + "data/katalog.schema.json"
    assert [x["id"] for x in isi["layanan"]] == sorted(k.layanan)
    assert [x["id"] for x in isi["instansi"]] == sorted(k.instansi)
    assert isi["diperiksa_terakhir"] == max(x.diperiksa for x in k.layanan.values())


def test_skema_terbit_tidak_menolak_versi_1_berikutnya(data):
    """README promises fields are only added within 1.x, so a consumer holding this schema must accept a
    later 1.x file: no object may forbid unknown fields (1.0 did, and rejected every 1.1 file)."""
    skema = json.loads((data / "katalog.schema.json").read_text())
    assert all(o.get("additionalProperties", True) is not False and o.get("unevaluatedProperties", True) is not False
               for o in _objek(skema))
    isi = json.loads((data / "katalog.json").read_text(encoding="utf-8"))
    nanti = copy.deepcopy(isi)  # a "1.2" file: one unknown field in every object
    nanti["versi_skema"] = "1.2.0"

    def tambah(node):
        if isinstance(node, dict):
            for v in node.values():
                tambah(v)
            node["bidang_baru_1_2"] = "x"
        elif isinstance(node, list):
            for v in node:
                tambah(v)
    tambah(nanti)
    assert galat_skema(skema, nanti) == []
    assert len(galat_skema(ketat(skema), nanti)) > 1000  # and our strict copy does see them
    isi["versi_skema"] = "2.0.0"
    assert galat_skema(skema, isi) != []  # a major change is not 1.x


def test_katalog_json_1_x_memuat_seluruh_katalog(data, k):
    isi = json.loads((data / "katalog.json").read_text(encoding="utf-8"))
    assert isi["versi_skema"] == "1.2.0"
    alur = {a["id"]: a for a in isi["alur"]}
    assert list(alur) == sorted(k.alur) and isi["jumlah"]["alur"] == len(k.alur) >= 7
    for a in k.alur.values():
        j = alur[a.id]
        assert j["nama"] == a.nama and j["diperiksa"] == a.diperiksa and j["url_halaman"] == f"{URL}alur/{a.id}/"
        assert [(x["layanan"], x["judul"], x.get("pengantar_rt_rw", False)) for x in j["langkah"]] == \
            [(x.layanan.id, x.judul, x.pengantar_rt_rw) for x in a.langkah]
        assert all(x["layanan"] in {y["id"] for y in isi["layanan"]} for x in j["langkah"])
    g = isi["glosarium"]
    assert len(g["istilah"]) == len(k.glosarium.istilah) > 50
    assert {x["kata"]: x["menjadi"] for x in g["ganti"]} == k.glosarium.ganti
    assert g["kata_umum"] == list(k.glosarium.kata_umum)
    desa = [d for c in isi["kecamatan"] for d in c["desa"]]
    assert len(desa) == isi["jumlah"]["desa"] == sum(len(c.desa) for c in k.wilayah.kecamatan) == 346
    assert {d["jenis"] for d in desa} == {"desa", "kelurahan"}
    assert all(d["kode"].startswith(c["kode"] + ".") for c in isi["kecamatan"] for d in c["desa"])
    assert "ODbL" in isi["sumber_kecamatan"]  # the attribution travels with the codes


def test_katalog_json_1_2_membawa_teks_inggris(data, k):
    """The catalogue's own en: text, as written (not the HTML the build made of it)."""
    isi = json.loads((data / "katalog.json").read_text(encoding="utf-8"))
    layanan = {x["id"]: x for x in isi["layanan"]}
    dengan_en = [x for x in k.layanan.values() if x.en]
    assert len(dengan_en) >= 25
    for lay in dengan_en:
        assert layanan[lay.id]["en"] == {a: b for a, b in lay.en.items() if a != "deskripsi_html"}
    assert all("en" not in layanan[x.id] for x in k.layanan.values() if not x.en)
    assert {a["id"]: a.get("en") for a in isi["alur"]} == \
        {a.id: {x: y for x, y in a.en.items() if x != "deskripsi_html"} if a.en else None for a in k.alur.values()}
    langkah = [x for a in isi["alur"] for x in a["langkah"]]
    assert any("en" in x for x in langkah) and any(x.get("lewat_desa") for x in langkah)
    assert any("en" in x for x in isi["glosarium"]["istilah"]) and all("en" in x for x in isi["kategori"])


def test_lisensi_di_katalog_json_dan_umpan(data, k):
    lis = k.situs.lisensi
    assert lis.nama == "CC BY 4.0" and "walidata" in lis.keterangan  # proposed, not yet confirmed (README)
    isi = json.loads((data / "katalog.json").read_text(encoding="utf-8"))
    assert isi["lisensi"]["nama"] == lis.nama and isi["lisensi"]["url"] == lis.url
    assert isi["lisensi"]["kecuali"] == [{"bagian": "kecamatan", "lisensi": k.wilayah.sumber["lisensi"],
                                          "atribusi": isi["sumber_kecamatan"]}]
    akar = ET.parse(data / "layanan.atom").getroot()
    hak = akar.findtext(f"{ATOM}rights")
    assert lis.nama in hak and lis.url in hak and lis.keterangan in hak
    assert [x.get("href") for x in akar.findall(f"{ATOM}link") if x.get("rel") == "license"] == [lis.url]


def test_tanpa_lisensi_tidak_ada_klaim(katalog, tmp_path):
    from sipraja.opendata import katalog_json, umpan_atom
    kat = muat_katalog(katalog.folder)
    assert kat.situs.lisensi is None  # the mini catalogue states none
    assert "lisensi" not in katalog_json(kat, URL) and "<rights>" not in umpan_atom(kat, URL)


def test_katalog_json_cocok_dengan_yaml(data):
    """Every field the YAML has for a service comes through unchanged."""
    from sipraja.bacayaml import baca_teks
    isi = {x["id"]: x for x in json.loads((data / "katalog.json").read_text(encoding="utf-8"))["layanan"]}
    for berkas in sorted((AKAR / "catalog" / "instansi").glob("*.yaml")):
        dok = baca_teks(berkas.name, berkas.read_bytes()).data
        for asli in dok["layanan"] or []:
            j = isi[asli["id"]]
            assert j["instansi"] == dok["instansi"]["id"]
            for kunci, nilai in asli.items():
                if kunci == "kanal":
                    assert j["kanal"] == [dict(x) for x in nilai]
                elif kunci == "pengaduan":
                    assert j["pengaduan"] == nilai and j["pengaduan_dari_instansi"] is False
                else:
                    assert j[kunci] == nilai, (asli["id"], kunci)


def test_skema_data_menolak_isi_rusak(data):
    skema = json.loads((data / "katalog.schema.json").read_text())
    isi = json.loads((data / "katalog.json").read_text(encoding="utf-8"))
    isi["layanan"][0]["status"] = "buka"
    del isi["layanan"][1]["diperiksa"]
    assert len(list(Draft202012Validator(skema).iter_errors(isi))) == 2


def test_layanan_csv_untuk_excel(data, k):
    mentah = (data / "layanan.csv").read_bytes()
    assert mentah.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    teks = mentah.decode("utf-8-sig")
    baris = list(csv.DictReader(io.StringIO(teks, newline="")))
    assert list(baris[0]) == KOLOM
    assert len(baris) == len(k.layanan)
    assert [(b["instansi"], b["id"]) for b in baris] == sorted((x.instansi.id, x.id) for x in k.layanan.values())
    akta = next(b for b in baris if b["id"] == "akta-kelahiran")
    lay = k.layanan["akta-kelahiran"]
    assert akta["persyaratan"].split("\n") == lay.persyaratan
    assert akta["url_halaman"] == URL + "layanan/akta-kelahiran/"
    utama = [x for x in akta["kanal"].split("\n") if x.endswith(" | utama")]
    assert len(utama) == 1 and utama[0].startswith(f"{lay.kanal_utama.jenis} | {lay.kanal_utama.label}")
    assert {b["biaya"] for b in baris} == {x.biaya for x in k.layanan.values()}  # "÷", "×", "–" intact
    assert "\r\n" in teks  # RFC 4180 line ends between rows


def test_layanan_csv_untuk_excel_berbahasa_indonesia(data):
    """Indonesian regional settings split a double-clicked CSV on ";": same rows, same cells, BOM, no sep= line."""
    koma = (data / "layanan.csv").read_bytes().decode("utf-8-sig")
    mentah = (data / "layanan-excel.csv").read_bytes()
    assert mentah.startswith(b"\xef\xbb\xbf" + ";".join(KOLOM).encode() + b"\r\n")
    titik_koma = mentah.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(titik_koma, newline=""), delimiter=";")) == \
        list(csv.reader(io.StringIO(koma, newline="")))
    assert titik_koma != koma


def test_umpan_atom(data, k):
    akar = ET.parse(data / "layanan.atom").getroot()
    assert akar.tag == f"{ATOM}feed"
    entri = akar.findall(f"{ATOM}entry")
    assert 0 < len(entri) <= 50
    tanggal = [e.findtext(f"{ATOM}updated") for e in entri]
    assert tanggal == sorted(tanggal, reverse=True)
    assert akar.findtext(f"{ATOM}updated") == tanggal[0]
    # which service is newest depends on the checkout's history (test_umpan_atom_memakai_riwayat_katalog);
    # here: every entry is a real service, dated no earlier than its owner's diperiksa
    per_url = {f"{URL}layanan/{x.id}/": x for x in k.layanan.values()}
    for e in entri:
        lay = per_url[e.find(f"{ATOM}link").get("href")]
        assert e.findtext(f"{ATOM}title") == lay.nama
        assert e.findtext(f"{ATOM}updated") >= f"{lay.diperiksa}T00:00:00Z"
        terbit = e.findtext(f"{ATOM}published")
        assert terbit is None or terbit <= e.findtext(f"{ATOM}updated")
    ids = [e.findtext(f"{ATOM}id") for e in entri]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)


def test_opensearch_dan_tautan_di_kepala(situs_terbangun):
    akar = ET.parse(situs_terbangun / "opensearch.xml").getroot()
    ns = "{http://a9.com/-/spec/opensearch/1.1/}"
    templat = [u.get("template") for u in akar.findall(f"{ns}Url") if u.get("type") == "text/html"]
    assert templat == [URL + "cari/?q={searchTerms}"]
    assert len(akar.findtext(f"{ns}ShortName")) <= 16
    for p in situs_terbangun.rglob("index.html"):
        if "pagefind" in p.parts:
            continue
        kepala = BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").head
        cari = kepala.find("link", rel="search")
        assert cari and cari["type"] == "application/opensearchdescription+xml"
        assert (p.parent / cari["href"]).resolve() == (situs_terbangun / "opensearch.xml").resolve()
        atom = kepala.find("link", rel="alternate", type="application/atom+xml")
        assert (p.parent / atom["href"]).resolve() == (situs_terbangun / "data" / "layanan.atom").resolve()


def test_sitemap_tetap_punya_lastmod(situs_terbangun, k):
    peta = ET.parse(situs_terbangun / "sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    lastmod = {u.findtext(f"{ns}loc"): u.findtext(f"{ns}lastmod") for u in peta.findall(f"{ns}url")}
    for lay in k.layanan.values():
        assert lastmod[f"{URL}layanan/{lay.id}/"] == lay.diperiksa
    assert k.alur and all(lastmod[f"{URL}alur/{a.id}/"] == a.diperiksa for a in k.alur.values())
    for ins in k.instansi.values():  # the latest of its services; a kecamatan office without own services has none
        assert lastmod[f"{URL}instansi/{ins.id}/"] == max((x.diperiksa for x in ins.layanan), default=None), ins.id
    assert any(not ins.layanan for ins in k.instansi.values())
    for c in k.kategori.values():
        assert lastmod[f"{URL}kategori/{c.id}/"] == max((x.diperiksa for x in k.layanan.values() if c in x.kategori),
                                                        default=None)
    tanpa = {u for u, t in lastmod.items() if t is None}
    assert {URL, f"{URL}layanan/", f"{URL}alur/", f"{URL}kantor/"} <= tanpa  # no date in the catalogue: none
    terakhir = max(x.diperiksa for x in [*k.layanan.values(), *k.alur.values()])
    assert all(t is None or t <= terakhir for t in lastmod.values())  # never the build date


def test_sitemap_besar_dipecah_dengan_indeks(situs_terbangun, k, tmp_path, monkeypatch):
    """Over sitemaps.org's 50,000 URLs a file (a province, the country) sitemap.xml becomes a
    sitemap index: every page is still listed once, with its date, in files under the limit."""
    from sipraja import exports
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    utuh = ET.parse(situs_terbangun / "sitemap.xml").getroot()
    semua = [(u.findtext(f"{ns}loc"), u.findtext(f"{ns}lastmod")) for u in utuh.findall(f"{ns}url")]
    assert len(semua) > 200 and not list(situs_terbangun.glob("sitemap-*.xml"))
    halaman = [u[len(URL):] for u, _ in semua if not u.startswith(URL + "en/")]
    monkeypatch.setattr(exports, "BATAS_SITEMAP", 100)
    (tmp_path / "sitemap-9.xml").write_text("stale")  # serve mode writes into the same folder again
    exports.tulis_sitemap(tmp_path, URL, halaman, k)
    indeks = ET.parse(tmp_path / "sitemap.xml").getroot()
    assert indeks.tag == f"{ns}sitemapindex"
    bagian = [(s.findtext(f"{ns}loc"), s.findtext(f"{ns}lastmod")) for s in indeks.findall(f"{ns}sitemap")]
    assert [u for u, _ in bagian] == [f"{URL}sitemap-{n}.xml" for n in range(1, len(semua) // 100 + 2)]
    assert sorted(p.name for p in tmp_path.glob("sitemap-*.xml")) == sorted(u[len(URL):] for u, _ in bagian)
    dapat = []
    for u, lastmod in bagian:
        isi = ET.parse(tmp_path / u[len(URL):]).getroot()
        baris = [(x.findtext(f"{ns}loc"), x.findtext(f"{ns}lastmod")) for x in isi.findall(f"{ns}url")]
        assert 0 < len(baris) <= 100 and lastmod == max((t for _, t in baris if t), default=None)
        dapat += baris
    assert dapat == semua


def test_umpan_atom_memakai_riwayat_katalog(katalog, tmp_path, monkeypatch):
    """New and changed services by catalogue history, per service: editing one service does not date
    its neighbours in the same file, and a service added to an old file is dated by its own commit."""
    import os
    import subprocess
    from sipraja import riwayat as modul_riwayat
    from sipraja.opendata import riwayat_git, umpan_atom

    def git(*arg, tanggal=None):
        env = {**os.environ, "GIT_AUTHOR_NAME": "uji", "GIT_AUTHOR_EMAIL": "uji@contoh.go.id",
               "GIT_COMMITTER_NAME": "uji", "GIT_COMMITTER_EMAIL": "uji@contoh.go.id"}
        if tanggal:
            env.update(GIT_AUTHOR_DATE=f"{tanggal}T10:00:00+07:00", GIT_COMMITTER_DATE=f"{tanggal}T10:00:00+07:00")
        subprocess.run(["git", "-C", str(katalog.folder), *arg], check=True, capture_output=True, env=env)

    layanan_baru = """  - id: sk-uji-baru
    nama: Mengurus Surat Keterangan Uji Baru
    ringkasan: Surat keterangan baru.
    deskripsi: Diurus di kantor.
    kategori: [kependudukan]
    tingkat: opd
    kanal:
      - jenis: loket
        label: Datang ke kantor
        utama: true
    persyaratan: [KTP-el]
    prosedur: [Datang ke kantor.]
    waktu: 1 hari kerja
    biaya: Gratis
    produk: Surat keterangan
    dasar_hukum: [Peraturan Bupati Uji]
    status: aktif
    diperiksa: "2026-01-05"
"""
    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "awal", tanggal="2026-01-02")
    katalog.ganti("instansi/dinas-uji.yaml", "biaya: Gratis", "biaya: Rp 10.000")  # akta-uji only
    git("commit", "-qam", "ubah biaya", tanggal="2026-11-25")
    berkas = katalog.folder / "instansi" / "dinas-uji.yaml"
    berkas.write_text(berkas.read_text(encoding="utf-8") + layanan_baru, encoding="utf-8")
    git("commit", "-qam", "layanan baru di berkas lama", tanggal="2026-12-01")
    katalog.ganti("instansi/kecamatan-sedati.yaml", "kecamatan-sedati", "kecamatan-sedati")  # no-op edit
    katalog.ganti("instansi/dinas-uji.yaml", "  id: dinas-uji\n", "  id: dinas-uji\n  # komentar saja\n")
    git("commit", "-qam", "komentar, layanan tidak berubah", tanggal="2026-12-02")

    proses = []
    asli = subprocess.run
    monkeypatch.setattr(modul_riwayat.subprocess, "run", lambda *a, **kw: proses.append(a[0][3]) or asli(*a, **kw))
    riwayat = riwayat_git(katalog.folder)
    assert len(proses) == 3  # rev-parse, log, cat-file: not one process per commit or per file
    assert riwayat == {"akta-uji": ("2026-01-02", "2026-11-25"), "sk-uji-kecamatan": ("2026-01-02", "2026-01-02"),
                       "sk-uji-baru": ("2026-12-01", "2026-12-01")}

    ns = {"a": "http://www.w3.org/2005/Atom"}
    akar = ET.fromstring(umpan_atom(muat_katalog(katalog.folder), "https://portal.uji.go.id/", riwayat))
    entri = {e.find("a:link", ns).get("href").rsplit("/", 2)[1]:
             (e.find("a:published", ns).text, e.find("a:updated", ns).text) for e in akar.findall("a:entry", ns)}
    assert list(entri) == ["sk-uji-baru", "akta-uji", "sk-uji-kecamatan"]  # newest first
    assert entri == {"sk-uji-baru": ("2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z"),
                     "akta-uji": ("2026-01-02T00:00:00Z", "2026-11-25T00:00:00Z"),
                     # unchanged since added: its owner's diperiksa (2026-11-20) is the later date
                     "sk-uji-kecamatan": ("2026-01-02T00:00:00Z", "2026-11-20T00:00:00Z")}
    assert akar.find("a:updated", ns).text == "2026-12-01T00:00:00Z"

    # moved unchanged to another file in one commit: same dates
    teks = berkas.read_text(encoding="utf-8")
    berkas.write_text(teks.replace(layanan_baru, ""), encoding="utf-8")
    katalog.ganti("instansi/kecamatan-sedati.yaml", "layanan: []\n", "layanan:\n" + layanan_baru)
    git("commit", "-qam", "pindah", tanggal="2026-12-05")
    assert riwayat_git(katalog.folder)["sk-uji-baru"] == ("2026-12-01", "2026-12-01")

    assert riwayat_git(tmp_path / "bukan-git") == {}  # not a git checkout: the feed falls back to diperiksa
    (tmp_path / "bukan-git").mkdir()
    assert riwayat_git(tmp_path / "bukan-git") == {}
    dangkal = tmp_path / "dangkal"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{katalog.folder}", str(dangkal)], check=True)
    assert riwayat_git(dangkal) == {}  # a shallow clone would date everything by its one commit
    akar = ET.fromstring(umpan_atom(muat_katalog(katalog.folder), "https://portal.uji.go.id/", {}))
    assert all(e.find("a:published", ns) is None for e in akar.findall("a:entry", ns))


def test_kedua_csv_sama_dengan_layanan_csv_satu_per_satu(data, k):
    """The build writes both CSVs in one pass (tabel.tulis_csv_ke); each equals layanan_csv alone."""
    from sipraja.opendata import layanan_csv
    for nama, pemisah in (("layanan.csv", ","), ("layanan-excel.csv", ";")):
        assert (data / nama).read_bytes() == layanan_csv(k, URL, pemisah).encode()


def test_baris_csv_dengan_kolom_lain_ditolak():
    from sipraja.tabel import tulis_csv
    with pytest.raises(ValueError, match="kolom"):
        tulis_csv([{k: "" for k in KOLOM} | {"tambahan": "x"}])
