"""Scale work: compiled validation, parallel rendering, shards, serve mode, budgets, the generator."""
import contextlib
import filecmp
import functools
import json
import shutil
import sys
import threading
import time
import urllib.request
from http.server import ThreadingHTTPServer
from itertools import accumulate
from pathlib import Path

import pytest

from sipraja import render, skema
from sipraja.load import KatalogTidakSah, muat_katalog
from sipraja.bahasa import halaman_diindeks_en
from sipraja.search import buat_indeks, buat_indeks_en, pecahan_wilayah

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR / "bench"))
import anggaran  # noqa: E402
import katalog_sintetis  # noqa: E402


def test_validasi_cepat_aktif_dan_maxcontains_tetap_diperiksa():
    kode, kecil = skema._cepat()

    def kanal(*utama):
        return {"layanan": [{"kanal": [{"jenis": "loket", "utama": u} for u in utama]}]}
    assert kecil is not None and kecil(kanal(True, False))
    assert not kecil(kanal(True, True)) and not kecil(kanal(False, False))  # maxContains and minContains


def _semua_berkas(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("ronde,hemat", [(10000, 30000), (70, 0)], ids=["satu-ronde", "banyak-ronde-daftar-dulu"])
def test_render_paralel_sama_persis_dengan_satu_proses(tmp_path, monkeypatch, ronde, hemat):
    """Also with workers forked afresh every 70 pages and the list pages rendered before them
    (what a national catalogue does: render.RONDE, render.HEMAT_MEMORI)."""
    k = muat_katalog(AKAR / "catalog")
    monkeypatch.setattr(render, "AMBANG_PARALEL", 0)
    monkeypatch.setattr(render, "RONDE", ronde)
    monkeypatch.setattr(render, "HEMAT_MEMORI", hemat)
    monkeypatch.setenv("SIPRAJA_PROSES", "1")
    render.Perender(k, tmp_path / "satu").semua()
    monkeypatch.setenv("SIPRAJA_PROSES", "2")
    render.Perender(k, tmp_path / "dua").semua()
    berkas = _semua_berkas(tmp_path / "satu")
    assert len(berkas) > 200 and berkas == _semua_berkas(tmp_path / "dua")
    _, beda, galat = filecmp.cmpfiles(tmp_path / "satu", tmp_path / "dua", berkas, shallow=False)
    assert beda == [] and galat == []


def _isi_model(k):
    return [(x.id, x.nama, x.instansi.id, x.persyaratan, x.prosedur, x.deskripsi_html, x.alias, x.en,
             [(c.jenis, c.label, c.url) for c in x.kanal], [c.id for c in x.kategori]) for x in k.layanan.values()]


def test_muat_paralel_sama_dengan_satu_proses(tmp_path, monkeypatch):
    """The forked loader (sipraja/muat_paralel.py) sends documents with their strings made one
    object and their text compressed: the model and every message, with its line and column,
    must be what one process gives, also for a position looked up in another file."""
    from sipraja import muat_paralel
    katalog_sintetis.buat(400, tmp_path / "k", benih=5)
    monkeypatch.setattr(muat_paralel, "AMBANG", 0)

    def muat(proses):
        monkeypatch.setenv("SIPRAJA_PROSES", proses)
        try:
            return muat_katalog(tmp_path / "k"), None
        except KatalogTidakSah as e:
            return None, [str(x) for x in e.kesalahan]

    satu, dua = muat("1")[0], muat("2")[0]
    assert len(satu.layanan) == 400 and _isi_model(satu) == _isi_model(dua)
    # errors: an id used twice (its first place is in another file), a bad link inside a multi-line
    # description (its line is found in the file's text), an unknown category
    unit = sorted((tmp_path / "k" / "instansi").glob("unit-*.yaml"))
    a, b = unit[0].read_text(encoding="utf-8"), unit[-1].read_text(encoding="utf-8")
    id_a = a.split("\n- id: ", 1)[1].split("\n", 1)[0]
    b = b.replace("\n- id: ", f"\n- id: {id_a}\n  x_lama: ", 1).replace("\n  x_lama: ", "\n  # ", 1)
    a = a.replace("  deskripsi: '", "  deskripsi: 'Lihat [formulir](javascript:alert(1)) dulu.\n\n    ", 1)
    a = a.replace("  kategori:\n  - ", "  kategori:\n  - tidak-ada\n  - ", 1)
    unit[0].write_text(a, encoding="utf-8")
    unit[-1].write_text(b, encoding="utf-8")
    galat_satu, galat_dua = muat("1")[1], muat("2")[1]
    assert galat_satu == galat_dua
    teks = "\n".join(galat_satu)
    assert "sudah dipakai di" in teks and "tidak-ada" in teks and "javascript" in teks, teks


def test_generator_deterministik_dan_sah(tmp_path):
    katalog_sintetis.buat(400, tmp_path / "a", benih=3)
    katalog_sintetis.buat(400, tmp_path / "b", benih=3)
    berkas = _semua_berkas(tmp_path / "a")
    assert berkas == _semua_berkas(tmp_path / "b")
    assert filecmp.cmpfiles(tmp_path / "a", tmp_path / "b", berkas, shallow=False)[1] == []
    k = muat_katalog(tmp_path / "a")
    assert len(k.layanan) == 400 and any(i.id.startswith("unit-") for i in k.instansi.values())


def test_anggaran_situs_bawaan(situs_terbangun):
    masalah, ringkas = anggaran.periksa(situs_terbangun)
    assert masalah == [] and ringkas["halaman_layanan"] > 100


def test_anggaran_menangkap_skrip_di_halaman_layanan(situs_terbangun, tmp_path):
    salinan = tmp_path / "s"
    shutil.copytree(situs_terbangun, salinan, ignore=shutil.ignore_patterns("pagefind"))
    p = salinan / "layanan" / "akta-kelahiran" / "index.html"
    p.write_text(p.read_text(encoding="utf-8").replace("</body>", '<script src="x.js"></script></body>'), encoding="utf-8")
    masalah, _ = anggaran.periksa(salinan)
    assert any("akta-kelahiran" in m and "<script>" in m for m in masalah)


@pytest.fixture(scope="module")
def situs_terpecah(tmp_path_factory):
    """A synthetic catalogue indexed in kecamatan shards (threshold lowered)."""
    from sipraja.pipeline import bangun
    import sipraja.pipeline as pipeline
    akar = tmp_path_factory.mktemp("pecah")
    katalog_sintetis.buat(400, akar / "catalog", benih=5)
    asli = pipeline.pecahan_wilayah
    pipeline.pecahan_wilayah = lambda k: asli(k, ambang=0)
    try:
        k = bangun(akar / "catalog", akar / "dist", log=lambda *_: None)
    finally:
        pipeline.pecahan_wilayah = asli
    return akar / "dist", k


def test_indeks_terpecah_per_kecamatan(situs_terpecah):
    import json
    dist, k = situs_terpecah
    wilayah = json.loads((dist / "pagefind" / "wilayah.json").read_text(encoding="utf-8"))
    pecahan = pecahan_wilayah(k, ambang=0)
    assert {w["kode"] for w in wilayah} == set(pecahan)
    for w in wilayah:
        assert (dist / "pagefind" / w["folder"] / "pagefind.js").is_file()
        assert w["jumlah"] == len(pecahan[w["kode"]][1])


def _isi_indeks(folder: Path) -> dict:
    """One Pagefind index by content, whatever order Pagefind read its pages in: that order
    numbers the pages (search.folder_salinan), so every page number in the word and filter
    files is replaced by the name of that page's fragment (named by a hash of its content).
    A word's pages are stored as differences from the page before (1, 3, 2 = pages 1, 4, 6)."""
    from pagefind_dcd import muat
    from test_determinisme import tanpa_hash
    (meta,) = folder.glob("*.pf_meta")
    versi, halaman, potongan, *sisa = muat(meta.read_bytes())
    nama = [h for h, _ in halaman]
    kata = sorted((w[0], sorted((nama[n], repr(p[1:])) for n, p in zip(accumulate(p[0] for p in w[1]), w[1])),
                   repr(w[2:])) for f in folder.glob("index/*.pf_index") for w in muat(f.read_bytes())[0])
    saring = sorted((n, sorted((v, sorted(nama[i] for i in hal)) for v, hal in nilai))
                    for n, nilai in (muat(f.read_bytes()) for f in folder.glob("filter/*.pf_filter")))
    return {"fragment": sorted(p.name for p in folder.glob("fragment/*")), "halaman": sorted(map(tuple, halaman)),
            "kata": kata, "filter": saring, "potongan": [(awal, akhir) for awal, akhir, _ in potongan],
            "meta": versi + tanpa_hash(sisa),
            "entri": tanpa_hash(json.loads((folder / "pagefind-entry.json").read_text()))}


def test_salinan_pencarian_memberi_indeks_yang_sama_dengan_halaman(situs_terpecah, tmp_path):
    """The build indexes search copies (each page cut down to its data-pagefind-body element);
    Pagefind over the written pages themselves must give the same index, shard by shard and in English."""
    dist, k = situs_terpecah
    ulang = tmp_path / "ulang"
    buat_indeks(dist, pecahan=pecahan_wilayah(k, ambang=0), keluaran=ulang)
    buat_indeks_en(dist, halaman_diindeks_en(k), keluaran=ulang / "en")
    pasangan = [(dist / "pagefind", ulang), (dist / "en" / "pagefind", ulang / "en")]
    pasangan += [(dist / "pagefind" / w["folder"], ulang / w["folder"])
                 for w in json.loads((dist / "pagefind" / "wilayah.json").read_text(encoding="utf-8"))]
    assert len(pasangan) > 4
    for dibangun, dari_halaman in pasangan:
        isi = _isi_indeks(dibangun)
        assert isi["fragment"] and isi["kata"] and isi["filter"], dibangun
        assert isi == _isi_indeks(dari_halaman), dibangun


def test_salinan_berhenti_di_penanda_dan_sisanya_tidak_diindeks(situs_terbangun):
    """Service and institution pages mark where their indexed part ends (search.AKHIR_INDEKS); their
    search copy stops there. Everything after the mark inside <main> must be data-pagefind-ignore, or the
    copy would lose words (the index comparison above would also fail), and the copy must close what it cut."""
    from bs4 import BeautifulSoup
    from sipraja.search import AKHIR_INDEKS, salinan_cari
    halaman = [p for awalan in ("", "en/") for jenis in ("layanan", "instansi")
               for p in sorted(situs_terbangun.glob(f"{awalan}{jenis}/*/index.html"))]
    assert len(halaman) > 300 and sum("instansi" in p.parts for p in halaman) > 40
    for berkas in halaman:
        html = berkas.read_text(encoding="utf-8")
        salinan = salinan_cari(html, "id")
        if salinan is None:  # an English page out of the English index
            continue
        assert html.count(AKHIR_INDEKS) == 1, berkas
        sisa = html[html.index(AKHIR_INDEKS) + len(AKHIR_INDEKS):html.rindex("</main>")]
        for unsur in BeautifulSoup(f"<div>{sisa}</div>", "html.parser").div.find_all(recursive=False):
            assert unsur.has_attr("data-pagefind-ignore"), (berkas, str(unsur)[:120])
        layanan = "layanan" in berkas.parts
        assert salinan.endswith("</article></main></body></html>\n" if layanan else "</div></main></body></html>\n"), berkas
        utuh = BeautifulSoup(salinan, "html.parser")
        assert utuh.find("h1").get_text() and (utuh.find("main").find("article") or not layanan), berkas
        assert len(salinan) < len(html) / 4, berkas


def test_cari_di_pecahan_kecamatan_lewat_peramban(situs_terpecah, halaman):
    from conftest import _Diam
    dist, k = situs_terpecah
    kode, (nama, jalur) = sorted(pecahan_wilayah(k, ambang=0).items())[0]
    ident = jalur[0].split("/")[1]
    lay = k.layanan[ident]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Diam, directory=str(dist)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        dasar = f"http://127.0.0.1:{httpd.server_address[1]}/"
        q = lay.instansi.singkatan
        halaman.goto(f"{dasar}cari/?q={q}&kecamatan={kode}")
        halaman.wait_for_selector("#hasil-pencarian li a, #bantuan-cari:not([hidden])", timeout=30000)
        href = halaman.locator("#hasil-pencarian ol > li > a").evaluate_all("a => a.map(x => x.getAttribute('href'))")
        assert any(f"/layanan/{x.id}/" in h or f"/instansi/{lay.instansi.id}/" in h for h in href for x in lay.instansi.layanan), href
        # the main index alone does not hold the local unit's services
        halaman.goto(f"{dasar}cari/?q={q}")
        halaman.wait_for_selector("nav[aria-label='Cari di layanan setempat'] a", timeout=30000)
        href = halaman.locator("#hasil-pencarian ol > li > a").evaluate_all("a => a.map(x => x.getAttribute('href'))")
        assert not any(f"/layanan/{x.id}/" in h for h in href for x in lay.instansi.layanan), href
        assert halaman.galat == []
    finally:
        httpd.shutdown()


def test_serve_inkremental_hanya_halaman_terdampak(katalog, tmp_path):
    from sipraja.inkremental import Inkremental
    ink = Inkremental(katalog.folder, tmp_path / "dist", "http://127.0.0.1:1/", log=lambda *_: None)
    ink.penuh()
    dist = tmp_path / "dist"
    kabar = []
    katalog.ganti("instansi/dinas-uji.yaml", "ringkasan: Akta untuk pengujian.", "ringkasan: Akta yang baru diubah.")
    ink.perbarui({katalog.folder / "instansi" / "dinas-uji.yaml"}, kabar.append)
    ink.selesai()  # the list pages follow in the background
    assert "Akta yang baru diubah." in (dist / "layanan" / "akta-uji" / "index.html").read_text(encoding="utf-8")
    assert "layanan/akta-uji/" in kabar[0] and "layanan/" in kabar[-1]
    assert "Akta yang baru diubah." in (dist / "en" / "layanan" / "akta-uji" / "index.html").read_text(encoding="utf-8")
    assert "en/" in kabar[-1]
    assert "Akta yang baru diubah." in (dist / "instansi" / "dinas-uji" / "index.html").read_text(encoding="utf-8")
    kategori = ink.katalog.layanan["akta-uji"].kategori[0].id
    assert "Akta yang baru diubah." in (dist / "kategori" / kategori / "index.html").read_text(encoding="utf-8")
    # a catalogue error writes nothing and keeps the last good page
    sebelum = len(kabar)
    katalog.ganti("instansi/dinas-uji.yaml", "ringkasan: Akta yang baru diubah.", "ringkasan: ")
    with pytest.raises(KatalogTidakSah):
        ink.perbarui({katalog.folder / "instansi" / "dinas-uji.yaml"}, kabar.append)
    assert "Akta yang baru diubah." in (dist / "layanan" / "akta-uji" / "index.html").read_text(encoding="utf-8")
    assert len(kabar) == sebelum


def test_skrip_muat_ulang_hanya_di_server_serve(situs_terbangun):
    from sipraja.serve import Siaran, _Penangan
    penangan = functools.partial(type("P", (_Penangan,), {"siaran": Siaran()}), directory=str(situs_terbangun))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), penangan)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        dasar = f"http://127.0.0.1:{httpd.server_address[1]}/"
        html = urllib.request.urlopen(dasar + "layanan/akta-kelahiran/").read().decode()
        assert '<script type="module" src="/__sipraja/muat-ulang.js"></script>' in html
        assert "<script>" not in html  # no inline script: the CSP stays as it is
        skrip = urllib.request.urlopen(dasar + "__sipraja/muat-ulang.js").read().decode()
        assert "EventSource" in skrip
    finally:
        httpd.shutdown()
    for p in situs_terbangun.rglob("*.html"):
        assert "__sipraja" not in p.read_text(encoding="utf-8"), p


def test_cache_istilah_serve_sama_dengan_muat_baru(tmp_path):
    shutil.copytree(AKAR / "catalog", tmp_path / "catalog")
    cache: dict = {}

    def istilah(k):
        return {i: ([t.istilah for t in x.istilah], [t.istilah for t in x.istilah_dijelaskan]) for i, x in k.layanan.items()}

    muat_katalog(tmp_path / "catalog", cache)
    assert istilah(muat_katalog(tmp_path / "catalog", cache)) == istilah(muat_katalog(tmp_path / "catalog"))
    # an edited service is scanned again: an abbreviation added to its requirements gets explained
    berkas = tmp_path / "catalog" / "instansi" / "dinsos.yaml"
    berkas.write_text(berkas.read_text(encoding="utf-8").replace("persyaratan:\n", "persyaratan:\n      - Fotokopi SKCK\n", 1),
                      encoding="utf-8")
    baru = muat_katalog(tmp_path / "catalog", cache)
    assert istilah(baru) == istilah(muat_katalog(tmp_path / "catalog"))
    assert any("SKCK" in d for _, d in (istilah(baru)[x.id] for x in baru.instansi["dinsos"].layanan))


def test_serve_sunting_layanan_kecamatan_hanya_menulis_ulang_kantornya(tmp_path):
    """An edited kecamatan-level service rewrites the 18 kantor kecamatan pages (they list it), not the
    other kecamatan-level services; an edited kantor kecamatan rewrites those services (they list it)."""
    from sipraja.inkremental import Inkremental
    folder = tmp_path / "catalog"
    shutil.copytree(AKAR / "catalog", folder)
    ink = Inkremental(folder, tmp_path / "dist", "http://127.0.0.1:1/", log=lambda *_: None)
    k = ink.penuh()
    kantor = {f"instansi/{c.kantor.id}/" for c in k.wilayah.kecamatan if c.kantor}
    tingkat_b = {x.id: x.instansi for x in k.layanan.values() if x.tingkat == "kecamatan"}
    lain = next(i for i, ins in tingkat_b.items() if ins.jenis == "kecamatan")  # kept by a kecamatan office itself
    pemilik = next(ins for ins in tingkat_b.values() if ins.jenis != "kecamatan")
    lay = next(x for x in pemilik.layanan if x.tingkat == "kecamatan")
    berkas = folder / "instansi" / Path(pemilik.berkas).name
    kabar = []
    berkas.write_text(berkas.read_text(encoding="utf-8").replace(lay.ringkasan, "Ringkasan yang baru diubah.", 1),
                      encoding="utf-8")
    ink.perbarui({berkas}, kabar.append)
    ink.selesai()
    ditulis = set().union(*kabar)
    assert f"layanan/{lay.id}/" in kabar[0] and kantor <= ditulis
    assert f"layanan/{lain}/" not in ditulis
    assert "Ringkasan yang baru diubah." in (tmp_path / "dist" / next(iter(kantor)) / "index.html").read_text(encoding="utf-8")
    ins = k.instansi[tingkat_b[lain].id]
    berkas = folder / "instansi" / Path(ins.berkas).name
    kabar.clear()
    berkas.write_text(berkas.read_text(encoding="utf-8").replace(ins.kontak.alamat, "Jl. Alamat Baru No. 1", 1),
                      encoding="utf-8")
    ink.perbarui({berkas}, kabar.append)
    assert {f"layanan/{i}/" for i in tingkat_b} <= set().union(*kabar)
    assert "Jl. Alamat Baru No. 1" in (tmp_path / "dist" / "layanan" / lay.id / "index.html").read_text(encoding="utf-8")
    ink.selesai()


def test_serve_suntingan_berulang_tampil_di_peramban(peramban):
    """The real `build.py serve` and Chromium, edited three times: the page that the offline worker
    controls after the first refresh must still get the refresh (an event stream never ends, so the
    worker must leave it alone)."""
    import sunting
    hasil = sunting.ukur(AKAR / "catalog", kali=3, peramban=peramban)
    assert len(hasil["sunting_ke_tampil_s"]) == 3


def test_serve_layanan_yang_diubah_diumumkan_lebih_dulu(tmp_path):
    """Of an institution file, the page of the edited service is written and announced before the
    file's other services; an edit to the institution itself puts all of them first."""
    from sipraja.inkremental import Inkremental
    folder = tmp_path / "catalog"
    shutil.copytree(AKAR / "catalog", folder)
    ink = Inkremental(folder, tmp_path / "dist", "http://127.0.0.1:1/", log=lambda *_: None)
    k = ink.penuh()
    ins = k.instansi["dispendukcapil"]
    lay = ins.layanan[1]
    berkas = folder / "instansi" / "dispendukcapil.yaml"
    kabar = []
    berkas.write_text(berkas.read_text(encoding="utf-8").replace(lay.ringkasan, "Ringkasan baru.", 1), encoding="utf-8")
    ink.perbarui({berkas}, kabar.append)
    assert kabar[0] == [f"layanan/{lay.id}/", "instansi/dispendukcapil/"]
    assert {f"layanan/{x.id}/" for x in ins.layanan if x is not lay} <= set(kabar[1])
    kabar.clear()
    berkas.write_text(berkas.read_text(encoding="utf-8").replace(ins.kontak.alamat, "Jl. Baru No. 2", 1), encoding="utf-8")
    ink.perbarui({berkas}, kabar.append)
    assert set(kabar[0]) == {f"layanan/{x.id}/" for x in ins.layanan} | {"instansi/dispendukcapil/"}
    ink.selesai()


@contextlib.contextmanager
def _serve_bawaan(tmp_path):
    """`build.py serve` on a copy of the bundled catalogue, (process, catalogue folder); a watchdog
    kills serve after 120 s, so a line that never comes ends the test's reading loop, never hangs CI."""
    import subprocess
    import sunting
    folder = tmp_path / "catalog"
    shutil.copytree(AKAR / "catalog", folder)
    proses = subprocess.Popen([sys.executable, str(AKAR / "build.py"), "serve", "--katalog", str(folder),
                               "--keluaran", str(tmp_path / "dist"), "--port", str(sunting._port())],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    jaga = threading.Timer(120, proses.kill)
    jaga.start()
    try:
        yield proses, folder
    finally:
        jaga.cancel()
        proses.kill()
        proses.communicate()


def _ganti_ringkasan(folder: Path, ringkasan: str) -> None:
    berkas = folder / "instansi" / "dispendukcapil.yaml"
    teks = berkas.read_text(encoding="utf-8")
    lama = next(b for b in teks.splitlines() if b.startswith("  ringkasan: "))
    berkas.write_text(teks.replace(lama, f"  ringkasan: {ringkasan}", 1), encoding="utf-8")


def test_serve_dihentikan_saat_halaman_daftar_tidak_meninggalkan_proses(tmp_path):
    """serve stopped (SIGTERM) while its child writes the list pages: the child finishes and exits.
    A pool worker there stayed behind for good, holding serve's output open (communicate never returned)."""
    with _serve_bawaan(tmp_path) as (proses, folder):
        for baris in proses.stdout:
            if "Situs tersaji" in baris:
                break
        _ganti_ringkasan(folder, "Diubah sebelum serve dihentikan.")
        for baris in proses.stdout:
            if "menyusul" in baris:  # the foreground is done; the list pages' child starts now
                break
        else:
            pytest.fail("serve tidak membangun ulang suntingan")
        anak = []
        for _ in range(1000):  # stop serve only while its child is at work
            anak = [c for t in Path(f"/proc/{proses.pid}/task").iterdir()
                    for c in (t / "children").read_text().split()]
            if anak:
                break
            time.sleep(0.01)
        assert anak, "proses halaman daftar tidak terlihat: uji ini tidak menguji apa-apa"
        proses.terminate()
        proses.communicate(timeout=60)  # EOF only when no process of serve holds the pipe


def test_serve_membangun_suntingan_saat_build_pertama(tmp_path):
    """A file saved while serve's first build runs (or just as it prints its address) is built
    after it: serve fingerprints the files before the first build, not after."""
    with _serve_bawaan(tmp_path) as (proses, folder):
        baris = proses.stdout.readline()
        assert baris.startswith("muat+validasi"), baris  # the first build is under way
        _ganti_ringkasan(folder, "Disimpan saat build pertama.")
        log = []
        for baris in proses.stdout:
            log.append(baris)
            if "Halaman diperbarui" in baris:
                break
        assert any("Situs tersaji" in b for b in log) and "Halaman diperbarui" in log[-1], "".join(log)
        halaman = (tmp_path / "dist" / "layanan").rglob("index.html")
        assert any("Disimpan saat build pertama." in p.read_text(encoding="utf-8") for p in halaman)


def test_urutan_tulis_tidak_mengubah_indeks(tmp_path, monkeypatch):
    """Pagefind numbers pages in the order it lists their search copies' folders: whichever order
    the render workers write the pages in, the index is the same bytes (search.folder_salinan)."""
    from sipraja.pipeline import bangun
    from test_build import PAGEFIND_TIDAK_STABIL, sidik
    from test_determinisme import filter_indeks
    katalog_sintetis.buat(render.AMBANG_PARALEL + 50, tmp_path / "catalog", benih=3)  # forked workers
    bangun(tmp_path / "catalog", tmp_path / "a", log=lambda *_: None)
    asli = render.Perender.halaman_banyak
    monkeypatch.setattr(render.Perender, "halaman_banyak",
                        lambda self, tugas, daftar=False: asli(self, tugas[::-1], daftar))
    bangun(tmp_path / "catalog", tmp_path / "b", log=lambda *_: None)
    sa, sb = sidik(tmp_path / "a"), sidik(tmp_path / "b")
    beda = {k for k in sa.keys() | sb.keys() if sa.get(k) != sb.get(k)}
    assert all(k.startswith(PAGEFIND_TIDAK_STABIL) for k in beda), sorted(beda)[:5]
    for indeks in ("pagefind", "en/pagefind"):  # page numbers as written, not renumbered
        assert filter_indeks(tmp_path / "a" / indeks) == filter_indeks(tmp_path / "b" / indeks)


def test_tanpa_fork_satu_proses_hasil_sama(tmp_path, monkeypatch):
    """Where the platform has no fork (Windows), every parallel stage (load, render, the write
    stage beside Pagefind) runs in this process (sipraja/proses.py), and the site is the same."""
    import multiprocessing
    from sipraja import muat_paralel
    from sipraja.pipeline import bangun
    from test_build import sidik_stabil
    katalog_sintetis.buat(render.AMBANG_PARALEL + 50, tmp_path / "catalog", benih=5)
    monkeypatch.setenv("SIPRAJA_PROSES", "2")
    monkeypatch.setattr(muat_paralel, "AMBANG", 1)
    bangun(tmp_path / "catalog", tmp_path / "a", log=lambda *_: None)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])

    def mulai(proses):
        raise AssertionError(f"proses dimulai tanpa fork: {proses}")
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", mulai)
    bangun(tmp_path / "catalog", tmp_path / "b", log=lambda *_: None)
    assert sidik_stabil(tmp_path / "a") == sidik_stabil(tmp_path / "b")


def test_folder_salinan_di_memori_atau_di_disk(situs_terpecah, tmp_path):
    from sipraja.search import folder_salinan, kelompok_salinan
    _, k = situs_terpecah
    kelompok = kelompok_salinan(pecahan_wilayah(k, ambang=0))
    folder, siap = folder_salinan(k, kelompok, 10**6, memori=tmp_path)  # a tmpfs with room
    try:
        assert siap and folder.parent == tmp_path
        daun = [p for p in folder.rglob("*") if not any(p.iterdir())]  # every copy's own folder, made empty
        assert len(daun) == len(k.layanan) + len(k.instansi) + len(k.alur) + len(halaman_diindeks_en(k))
        assert any(p.relative_to(folder).parts[0].startswith("kec-") for p in daun)
    finally:
        shutil.rmtree(folder)
    for memori, batas in ((tmp_path / "tidak-ada", 10**6), (tmp_path, len(k.layanan))):  # no tmpfs; too many services
        folder, siap = folder_salinan(k, kelompok, batas, memori=memori)
        shutil.rmtree(folder)
        assert not siap and folder.parent != tmp_path


def test_ukur_melaporkan_setiap_tahap(tmp_path, capsys):
    """bench/ukur.py: one report line per run, every stage with its wall time, CPU time (and the
    kernel's part of it) and a memory sample (taken at each stage's end however short the stage).
    On a catalogue with forked workers, where each stage takes well over the 10 ms tick of the CPU
    clock (os.times): on the mini catalogue a stage's CPU could read 0.0."""
    import ukur
    katalog_sintetis.buat(render.AMBANG_PARALEL + 50, tmp_path / "catalog", benih=7)
    kerja = tmp_path / "kerja"
    assert ukur.main([str(tmp_path / "catalog"), "--kali", "1", "--kerja", str(kerja)]) == 0
    mesin, laporan = [json.loads(b) for b in capsys.readouterr().out.splitlines()]
    assert "CPU" in mesin["mesin"] and laporan["layanan"] > 0 and laporan["halaman"] > laporan["layanan"]
    assert set(laporan["tahap"]) == {"muat+validasi", "render", "indeks+tulis"}
    for tahap in laporan["tahap"].values():
        assert tahap["wall_s"] > 0 and tahap["cpu_s"] > 0 and tahap["puncak_mb"] > 10
        assert 0 <= tahap["sistem_s"] <= tahap["cpu_s"]  # the kernel's part of the CPU time
    assert len(laporan["patokan_s"]) == 2 and list(kerja.iterdir()) == []  # sites deleted after the report
    assert ukur.main([str(tmp_path / "catalog"), "--kali", "1", "--kerja", str(kerja), "--biarkan"]) == 0
    *_, dibiarkan = [json.loads(b) for b in capsys.readouterr().out.splitlines()]
    [situs] = kerja.glob("ukur-*/dist")
    assert dibiarkan == {"situs_dibiarkan": str(situs)} and (situs / "index.html").is_file()
