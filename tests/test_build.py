"""The build as a whole: CLI exit codes, atomic dist/, determinism, inert hostile text."""
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import AKAR
from sipraja.links import DomainDiizinkan
from sipraja.markup import Markdown
from sipraja.pipeline import bangun

INS = "instansi/dinas-uji.yaml"


def jalankan(*arg):
    return subprocess.run([sys.executable, str(AKAR / "build.py"), *arg], capture_output=True, text=True, timeout=300)


def sidik(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_check_sah(katalog):
    hasil = jalankan("check", "--katalog", str(katalog.folder))
    assert hasil.returncode == 0, hasil.stderr
    assert "Katalog sah: 2 instansi, 2 layanan" in hasil.stdout


def test_check_gagal_tanpa_traceback(katalog):
    baris = katalog.ganti(INS, "biaya: Gratis", "biaya: [Gratis")
    hasil = jalankan("check", "--katalog", str(katalog.folder))
    assert hasil.returncode == 1
    assert "Traceback" not in hasil.stderr
    assert f"catalog/{INS}:{baris + 1}:" in hasil.stderr or f"catalog/{INS}:{baris}:" in hasil.stderr
    assert "Katalog belum bisa diterbitkan" in hasil.stderr


def test_build_gagal_membiarkan_dist_lama(katalog, tmp_path):
    dist = tmp_path / "dist"
    assert jalankan("--katalog", str(katalog.folder), "--keluaran", str(dist)).returncode == 0
    sebelum = sidik(dist)
    katalog.ganti(INS, "kategori: [kependudukan]", "kategori: [tidak-ada]")
    hasil = jalankan("--katalog", str(katalog.folder), "--keluaran", str(dist))
    assert hasil.returncode == 1 and "tidak-ada" in hasil.stderr
    assert sidik(dist) == sebelum
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "dist"]  # no half-built folder left


@pytest.mark.parametrize("gagal", ["buat_indeks", "tulis_data"])
def test_gagal_saat_indeks_dan_ekspor_berjalan_bersama(katalog, tmp_path, monkeypatch, gagal):
    """The index and the write stage run side by side (pipeline.bangun): a failure in either
    still leaves the old dist/ as it was, and no half-built folder or search copies behind."""
    import tempfile
    from sipraja import pipeline
    dist = tmp_path / "dist"
    bangun(katalog.folder, dist, log=lambda *_: None)
    sebelum = sidik(dist)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()

    def rusak(*a, **kw):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(pipeline, gagal, rusak)
    with pytest.raises(OSError):
        bangun(katalog.folder, dist, log=lambda *_: None)
    assert sidik(dist) == sebelum
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "dist", "tmp"]
    assert list((tmp_path / "tmp").iterdir()) == []


# Pagefind 1.5 writes its filter index from a hash map, so that file (and the
# meta/entry files naming its hash) may differ between runs; upstream says so
# in Pagefind issue #638. Everything else must be byte-identical.
PAGEFIND_TIDAK_STABIL = ("pagefind/filter/", "pagefind/pagefind.id_", "pagefind/pagefind-entry.json",
                         "en/pagefind/filter/", "en/pagefind/pagefind.en_", "en/pagefind/pagefind-entry.json")


def sidik_stabil(dist) -> dict:
    """The fingerprints of every file of a build expected to be byte-stable."""
    return {k: v for k, v in sidik(dist).items() if not k.startswith(PAGEFIND_TIDAK_STABIL)}


def dua_kali(folder, tmp_path) -> tuple[dict, dict]:
    """Build the catalogue twice; the fingerprints of every file expected to be byte-stable."""
    bangun(folder, tmp_path / "a", log=lambda *_: None)
    bangun(folder, tmp_path / "b", log=lambda *_: None)
    return sidik_stabil(tmp_path / "a"), sidik_stabil(tmp_path / "b")


def test_build_deterministik(katalog, tmp_path):
    a, b = dua_kali(katalog.folder, tmp_path)
    assert a == b
    assert any(k.startswith("pagefind/fragment/") for k in a)


def test_teks_berbahaya_tampil_sebagai_teks(katalog, tmp_path):
    # The loader refuses such text (tests/test_korpus_buruk.py); this is the second
    # layer: were it ever to get through, the renderer still shows it as text.
    from sipraja.load import muat_katalog
    from sipraja.render import Perender
    k = muat_katalog(katalog.folder)
    lay = k.layanan["akta-uji"]
    lay.ringkasan = "{{ 7*7 }}{% if true %}X{% endif %} <script>alert('r')</script> <img src=x onerror=alert(1)>"
    lay.deskripsi_html, _ = Markdown(DomainDiizinkan(k.situs.domain_diizinkan)).render(
        "<script>alert('d')</script> <a href=\"javascript:alert(1)\">x</a> <b onclick=alert(2)>b</b> ${7*7} **tebal**")
    lay.persyaratan = ["<iframe src=https://evil.example></iframe>{{ config }}"]
    Perender(k, tmp_path / "dist").semua()
    html = (tmp_path / "dist" / "layanan" / "akta-uji" / "index.html").read_text(encoding="utf-8")
    sup = BeautifulSoup(html, "html.parser")
    # JSON-LD data blocks are never executed (test_jsonld.py checks their escaping); the others are the site's own files
    assert [s.get("type") for s in sup.find_all("script") if not s.get("src")] == ["application/ld+json"] * 2
    assert [s.get("src") for s in sup.find_all("script") if s.get("src")] == ["../../assets/jam.js", "../../assets/luring.js"]
    assert sup.find("iframe") is None and sup.find("b") is None
    assert [img["src"] for img in sup.find_all("img")] == ["../../qr/layanan/akta-uji.svg"]  # only the site's own QR code
    assert not any(attr.startswith("on") for tag in sup.find_all(True) for attr in tag.attrs)
    assert not any((a.get("href") or "").lower().startswith("javascript") for a in sup.find_all("a"))
    ringkasan = sup.select_one(".ringkasan").get_text()
    assert "{{ 7*7 }}" in ringkasan and "{% if true %}" in ringkasan and "49" not in ringkasan
    assert "<script>alert('r')</script>" in ringkasan  # shown to the reader as text
    assert "{{ config }}" in sup.select_one(".persyaratan").get_text()


@pytest.fixture(scope="module")
def halaman_situs(situs_terbangun):
    return {p: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in sorted(situs_terbangun.rglob("*.html"))
            if "pagefind" not in p.parts}


def test_katalog_bawaan_cukup_besar(situs_terbangun):
    from sipraja.load import muat_katalog
    k = muat_katalog(AKAR / "catalog")
    assert len(k.instansi) >= 25 and len(k.layanan) >= 150
    assert sum(1 for i in k.instansi.values() if i.jenis == "kecamatan") == 18


def test_semua_tautan_internal_ada(situs_terbangun, halaman_situs):
    hilang = []
    for p, sup in halaman_situs.items():
        if p.name == "404.html":
            continue  # its links are absolute to the published root
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("form", "action")):
            for el in sup.find_all(tag):
                url = el.get(attr)
                if not url or url.startswith(("https://", "mailto:", "tel:", "#")):
                    continue
                tujuan = (p.parent / url.split("#")[0].split("?")[0]).resolve()
                if tujuan.is_dir():
                    tujuan = tujuan / "index.html"
                if not tujuan.is_file():
                    hilang.append(f"{p.relative_to(situs_terbangun)} -> {url}")
    assert hilang == []


def test_tidak_ada_sumber_pihak_ketiga(halaman_situs):
    for p, sup in halaman_situs.items():
        for el in sup.find_all(["script", "link", "img", "iframe", "source", "video", "audio", "object", "embed"]):
            url = el.get("src") or el.get("href") or el.get("data") or ""
            assert not url.startswith(("http:", "https:", "//")), f"{p}: {el}"
        for s in sup.find_all("script"):
            if s.get("type") == "application/ld+json":
                continue  # a data block, never run (see test_jsonld.py)
            assert s.get("src", "").endswith(("assets/cari.js", "assets/jam.js", "assets/luring.js")) and not s.string, f"{p}: skrip sebaris"


def test_halaman_layanan_memuat_enam_komponen(situs_terbangun, halaman_situs):
    sup = halaman_situs[situs_terbangun / "layanan" / "akta-kelahiran" / "index.html"]
    assert sup.find("html")["lang"] == "id"
    assert sup.h1.get_text(strip=True).lower().count("akta kelahiran") == 1
    fakta = {dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True) for dt in sup.select(".fakta dt")}
    assert fakta["Biaya"] == "Gratis" and fakta["Waktu penyelesaian"] and fakta["Hasil"]
    for bagian in ("persyaratan", "prosedur", "pengaduan", "dasar-hukum", "tempat", "kanal"):
        assert sup.find(id=bagian), bagian
    assert sup.select(".persyaratan li") and sup.select(".prosedur li")
    mulai = sup.select_one("a.tombol-mulai")
    assert mulai["href"].startswith("https://")
    assert "Laporkan kesalahan" in sup.get_text()
    assert sup.find("time", attrs={"datetime": True})


def test_tautan_keluar_aman(halaman_situs):
    for p, sup in halaman_situs.items():
        for a in sup.find_all("a", href=True):
            if a["href"].startswith("https://"):
                assert set(a.get("rel", [])) >= {"noopener", "noreferrer"}, f"{p}: {a}"


def test_sitemap_dan_robots(situs_terbangun):
    sitemap = (situs_terbangun / "sitemap.xml").read_text()
    assert "https://sipraja.sidoarjokab.go.id/layanan/akta-kelahiran/</loc><lastmod>" in sitemap
    assert "Sitemap: https://sipraja.sidoarjokab.go.id/sitemap.xml" in (situs_terbangun / "robots.txt").read_text()


def test_aset_skrip_tanpa_baris_komentar(tmp_path):
    from sipraja.exports import salin_aset
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.js").write_text('// why this exists\nconst u = "https://a.go.id/"; // keep\n  // indented note\nf(u);\n')
    (tmp_path / "a" / "g.css").write_text("/* kept */ a{}\n")
    salin_aset(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b" / "x.js").read_text() == 'const u = "https://a.go.id/"; // keep\nf(u);\n'
    assert (tmp_path / "b" / "g.css").read_text() == "/* kept */ a{}\n"


def test_skrip_terbit_lebih_kecil_dari_sumber(situs_terbangun):
    sumber = (AKAR / "assets" / "cari.js").read_text(encoding="utf-8")
    terbit = (situs_terbangun / "assets" / "cari.js").read_text(encoding="utf-8")
    assert len(terbit) < len(sumber) * 0.8 and not any(b.lstrip().startswith("//") for b in terbit.splitlines())


# --- status banner -------------------------------------------------------------------------

@pytest.mark.parametrize("status, teks, tombol", [("ditutup-sementara", "Ditutup sementara.", True),
                                                  ("dihentikan", "Dihentikan.", False)])
def test_spanduk_status_layanan(katalog, tmp_path, status, teks, tombol):
    from sipraja.load import muat_katalog
    from sipraja.render import Perender
    keterangan = "Loket pindah ke MPP sampai Desember."
    katalog.ganti(INS, "    status: aktif\n    diperiksa: 2026-11-20",
                  f"    status: {status}\n    keterangan_status: {keterangan}\n    diperiksa: 2026-11-20")
    Perender(muat_katalog(katalog.folder), tmp_path / "dist").semua()

    def halaman(ident):
        return BeautifulSoup((tmp_path / "dist" / "layanan" / ident / "index.html").read_text(encoding="utf-8"), "html.parser")

    sup = halaman("akta-uji")
    spanduk = sup.select(f".pemberitahuan.pemberitahuan-{status}")
    assert len(spanduk) == 1 and spanduk[0].get("role") == "note"
    assert spanduk[0].get_text(" ", strip=True) == f"{teks} {keterangan}"
    assert sup.h1.find_next(class_="pemberitahuan") is spanduk[0]  # right under the title, before the button
    mulai = sup.select("a.tombol-mulai")
    if tombol:
        assert [a["href"] for a in mulai] == ["https://uji.go.id/ajukan"]
    else:  # a discontinued service has nothing to apply for: the label stays, as plain text
        assert mulai == [] and sup.select_one(".tombol-ganti").get_text(strip=True) == "Ajukan daring"
    lain = halaman("sk-uji-kecamatan")  # still aktif: no banner
    assert lain.select(".pemberitahuan") == [] and lain.select_one(".tombol-ganti")


# --- output folder and catalogue folder given on the command line ---------------------------

def _isi(folder: Path) -> list:
    return sorted(p.name for p in folder.iterdir())


def test_keluaran_yang_bukan_hasil_build_tidak_diganti(katalog, tmp_path):
    data = tmp_path / "data-penting"
    data.mkdir()
    (data / "laporan.xlsx").write_bytes(b"jangan dihapus")
    hasil = jalankan("--katalog", str(katalog.folder), "--keluaran", str(data))
    assert hasil.returncode == 2 and "Traceback" not in hasil.stderr
    assert "bukan hasil build" in hasil.stderr and "Tidak ada yang diubah" in hasil.stderr
    assert _isi(data) == ["laporan.xlsx"] and (data / "laporan.xlsx").read_bytes() == b"jangan dihapus"
    assert _isi(tmp_path) == ["catalog", "data-penting"]  # no half-built folder beside it


def test_keluaran_berkas_ditolak(katalog, tmp_path):
    berkas = tmp_path / "situs.zip"
    berkas.write_bytes(b"zip")
    hasil = jalankan("--katalog", str(katalog.folder), "--keluaran", str(berkas))
    assert hasil.returncode == 2 and "bukan folder" in hasil.stderr and "Traceback" not in hasil.stderr
    assert berkas.read_bytes() == b"zip" and _isi(tmp_path) == ["catalog", "situs.zip"]


@pytest.mark.parametrize("folder, kata", [("/", "akar sistem berkas"), ("~", "folder rumah"),
                                          (str(AKAR), "akar repositori"), ("katalog", "folder katalog"),
                                          ("katalog/instansi", "folder katalog"), (str(AKAR.parent), "memuat akar repositori")])
def test_keluaran_terlarang(katalog, folder, kata):
    folder = str(katalog.folder) if folder == "katalog" else str(katalog.folder / "instansi") if folder == "katalog/instansi" else folder
    folder = str(Path(folder).expanduser())
    induk = Path(folder).parent
    sebelum = _isi(induk)
    hasil = jalankan("--katalog", str(katalog.folder), "--keluaran", folder)
    assert hasil.returncode == 2 and kata in hasil.stderr and "Traceback" not in hasil.stderr, hasil.stderr
    assert _isi(induk) == sebelum and Path(folder).is_dir()


def test_build_lama_tanpa_penanda_tetap_diganti(katalog, tmp_path):
    """A dist/ built before the marker existed (index.html, pagefind/pagefind.js, assets/) is still replaced."""
    from sipraja.pipeline import PENANDA
    dist = tmp_path / "dist"
    assert jalankan("--katalog", str(katalog.folder), "--keluaran", str(dist)).returncode == 0
    assert (dist / PENANDA).is_file()
    (dist / PENANDA).unlink()
    (dist / "sisa-lama.html").write_text("lama")
    hasil = jalankan("--katalog", str(katalog.folder), "--keluaran", str(dist))
    assert hasil.returncode == 0, hasil.stderr
    assert (dist / PENANDA).is_file() and not (dist / "sisa-lama.html").exists()


def test_bangun_langsung_juga_menolak_folder_asing(katalog, tmp_path):
    """The guard sits in the swap itself, so callers of pipeline.bangun (bench/, serve) are covered too."""
    from sipraja.pipeline import KeluaranDitolak
    data = tmp_path / "dokumen"
    (data / "sub").mkdir(parents=True)
    (data / "sub" / "surat.txt").write_text("isi")
    with pytest.raises(KeluaranDitolak):
        bangun(katalog.folder, data, log=lambda *_: None)
    assert (data / "sub" / "surat.txt").read_text() == "isi" and _isi(tmp_path) == ["catalog", "dokumen"]


@pytest.mark.parametrize("perintah", [["check"], [], ["report"], ["links"], ["codeowners"]])
def test_folder_katalog_tidak_ada_atau_berkas(tmp_path, perintah):
    berkas = tmp_path / "katalog.yaml"
    berkas.write_text("situs: {}\n")
    for folder, kata in ((tmp_path / "tidak-ada", "tidak ada"), (berkas, "bukan folder")):
        keluaran = ["--keluaran", str(tmp_path / "dist")] if perintah in ([], ["check"]) else []
        hasil = jalankan(*perintah, "--katalog", str(folder), *keluaran)
        assert hasil.returncode == 2, hasil.stderr
        assert "Traceback" not in hasil.stderr and hasil.stderr.startswith("galat: ") and kata in hasil.stderr
    assert not (tmp_path / "dist").exists()


def _tolak_baca(monkeypatch, *folder):
    asli = Path.iterdir

    def iterdir(self):
        if self in folder:
            raise PermissionError(13, "Permission denied", str(self))
        return asli(self)
    monkeypatch.setattr(Path, "iterdir", iterdir)


def test_folder_katalog_tidak_terbaca(katalog, monkeypatch, capsys):
    """Run in-process: as root (CI containers) chmod 000 does not stop reading, a patched iterdir does."""
    import build
    _tolak_baca(monkeypatch, katalog.folder)
    assert build.main(["check", "--katalog", str(katalog.folder)]) == 2
    err = capsys.readouterr().err
    assert "tidak bisa dibaca (izin ditolak)" in err and "Permission denied" not in err
    monkeypatch.undo()
    _tolak_baca(monkeypatch, katalog.folder / "instansi")  # a sub-folder: a catalogue error with its place
    assert build.main(["check", "--katalog", str(katalog.folder)]) == 1
    assert "catalog/instansi:1:1: galat: folder ini tidak bisa dibaca (izin ditolak)" in capsys.readouterr().err


def test_folder_katalog_tanpa_izin(katalog, tmp_path):
    """The same through the command line, where the operating system really refuses (not as root)."""
    import os
    if os.geteuid() == 0:
        pytest.skip("root membaca folder tanpa izin; test_folder_katalog_tidak_terbaca menguji jalur yang sama")
    katalog.folder.chmod(0)
    try:
        hasil = jalankan("check", "--katalog", str(katalog.folder))
    finally:
        katalog.folder.chmod(0o755)
    assert hasil.returncode == 2 and "izin ditolak" in hasil.stderr and "Traceback" not in hasil.stderr


def test_berkas_katalog_tidak_terbaca(katalog, monkeypatch):
    from sipraja import berkas_katalog, load
    asli = open

    def buka(p, *a, **k):
        if Path(p).name == "dinas-uji.yaml":
            raise PermissionError(13, "Permission denied", str(p))
        return asli(p, *a, **k)
    monkeypatch.setattr(berkas_katalog, "open", buka, raising=False)
    with pytest.raises(load.KatalogTidakSah) as e:
        load.muat_katalog(katalog.folder)
    assert [str(k) for k in e.value.kesalahan if not k.peringatan] == [
        f"catalog/{INS}:1:1: galat: berkas tidak bisa dibaca (izin ditolak); periksa izin berkas ini"]


def test_tahap_tulis_terpisah_sama_dengan_bersama(katalog, tmp_path, monkeypatch):
    # a national catalogue writes its exports after the index, in two halves side by side
    # (pipeline: not `bersama`); the site must be the one the joint write stage makes
    from sipraja import render
    bangun(katalog.folder, tmp_path / "bersama", log=lambda *_: None)
    monkeypatch.setattr(render, "HEMAT_MEMORI", 0)
    monkeypatch.setattr("sipraja.pipeline.HEMAT_MEMORI", 0)
    bangun(katalog.folder, tmp_path / "terpisah", log=lambda *_: None)
    assert sidik_stabil(tmp_path / "bersama") == sidik_stabil(tmp_path / "terpisah")
    assert (tmp_path / "terpisah" / "data" / "hsds" / "services.json").is_file()


def test_situs_lama_yang_besar_dihapus_di_latar(katalog, tmp_path, monkeypatch):
    """A large replaced site is deleted by a detached process after the swap (pipeline._hapus_di_latar),
    so a rebuild ends when the new site is in place; that process also sweeps what an earlier, killed
    deletion left, and never a .dist-lama-* (the name a build's old site has during its swap)."""
    from sipraja import pipeline
    dist = tmp_path / "dist"
    bangun(katalog.folder, dist, log=lambda *_: None)
    sisa = tmp_path / ".dist-hapus-sisa"  # a deletion cut short by a reboot
    (sisa / "layanan" / "x").mkdir(parents=True)
    (sisa / "layanan" / "x" / "index.html").write_text("lama")
    tukar = tmp_path / ".dist-lama-lain"  # another build between its two renames
    tukar.mkdir()
    (tukar / "index.html").write_text("situs hidup")
    katalog.ganti(INS, "biaya: Gratis", "biaya: Rp10.000")
    monkeypatch.setattr(pipeline, "HAPUS_LATAR", 0)
    monkeypatch.setattr(pipeline, "_PENGHAPUS", [])
    bangun(katalog.folder, dist, log=lambda *_: None)
    assert (dist / pipeline.PENANDA).is_file() and "Rp10.000" in (dist / "data" / "layanan.csv").read_text()
    [penghapus] = pipeline._PENGHAPUS
    assert penghapus.wait(timeout=120) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dist-lama-lain", "catalog", "dist"]
    assert (tukar / "index.html").read_text() == "situs hidup"


def test_situs_lama_yang_kecil_dihapus_sebelum_build_selesai(katalog, tmp_path, monkeypatch):
    from sipraja import pipeline
    monkeypatch.setattr(pipeline, "_PENGHAPUS", [])
    for _ in range(2):
        bangun(katalog.folder, tmp_path / "dist", log=lambda *_: None)
    assert pipeline._PENGHAPUS == [] and sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "dist"]


def test_situs_lama_dihapus_di_sini_bila_proses_latar_gagal(katalog, tmp_path, monkeypatch):
    """No process to be had (a sandbox, a missing interpreter): the old site is deleted before the build
    returns, as for a small site, and the build still succeeds."""
    import subprocess
    from types import SimpleNamespace
    from sipraja import pipeline
    bangun(katalog.folder, tmp_path / "dist", log=lambda *_: None)
    monkeypatch.setattr(pipeline, "HAPUS_LATAR", 0)
    monkeypatch.setattr(pipeline, "_PENGHAPUS", [])

    def gagal(*a, **k):
        raise PermissionError("tidak boleh membuat proses")
    # only the pipeline's own processes fail: Pagefind still runs
    monkeypatch.setattr(pipeline, "subprocess", SimpleNamespace(Popen=gagal, DEVNULL=subprocess.DEVNULL))
    bangun(katalog.folder, tmp_path / "dist", log=lambda *_: None)
    assert pipeline._PENGHAPUS == [] and sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "dist"]
    assert (tmp_path / "dist" / pipeline.PENANDA).is_file()
