"""Kelengkapan katalog: the figures, `build.py report` (text and JSON), the public page and the
institution pages, and the link-health notices, checked with axe-core in Chromium."""
import functools
import json
import shutil
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sipraja import skor, status
from sipraja.load import muat_katalog

AKAR = Path(__file__).resolve().parent.parent
INS = "instansi/dinas-uji.yaml"
EPOCH_2026_11_28 = "1795824000"  # 2026-11-28T00:00:00Z


def _acuan():
    import datetime as dt
    return dt.date(2026, 11, 28)


def test_kekurangan_yang_bisa_ditindaklanjuti(katalog):
    k = muat_katalog(katalog.folder)
    akta, sk = k.layanan["akta-uji"], k.layanan["sk-uji-kecamatan"]
    # the mini catalogue: institution complaint route has no channel; akta-uji's legal basis is only UU 25/2009
    assert any("pengaduan tidak menyebut saluran" in x for x in skor.kekurangan(akta))
    assert any("dasar hukum hanya UU 25/2009" in x for x in skor.kekurangan(akta))
    assert not any("dasar hukum" in x for x in skor.kekurangan(sk))
    katalog.ganti(INS, "  pengaduan:\n    keterangan: Loket pengaduan di kantor.",
                  "  pengaduan:\n    keterangan: Loket pengaduan di kantor.\n    telepon: \"(031) 1234567\"")
    katalog.ganti(INS, "    waktu: 1 hari kerja\n    biaya: Gratis\n    produk: Surat",
                  "    waktu: Tanyakan ke petugas\n    biaya: Gratis\n    produk: Surat")
    k = muat_katalog(katalog.folder)
    assert skor.kekurangan(k.layanan["sk-uji-kecamatan"]) == [
        'waktu meminta warga bertanya ("Tanyakan ke petugas"); tulis jangka waktu yang berlaku menurut standar '
        'pelayanan instansi, misalnya "paling lama … hari kerja sejak berkas lengkap"']
    assert len(skor.kekurangan(k.layanan["akta-uji"])) == 1


@pytest.mark.parametrize("waktu,harus,bukan", [
    # a monthly benefit lacks the time to a decision, not a number of working days for the payment
    ("Setiap bulan setelah ditetapkan", ["jadwal berkala", "sampai permohonan ditetapkan"], ["sejak berkas lengkap"]),
    ("Sekali dalam satu tahun anggaran", ["jadwal berkala"], []),
    ("Beberapa hari kerja setelah berkas lengkap", ['ganti "beberapa"', "paling lama … hari kerja"], []),
    ("Beberapa bulan, tergantung pengukuran", ['"beberapa bulan"', "paling lama … bulan"], ["hari kerja"]),
    ("Sesuai jadwal sidang", ["jadwal", "kapan jadwalnya"], ["sejak berkas lengkap"]),
    ("Sesuai standar pelayanan BPPD", ["salin jangka waktu yang tercantum"], []),
    ("Tergantung hasil inspeksi", ["bila berkas lengkap dan tidak ada kendala"], []),
    ("Ditindaklanjuti setelah laporan diterima", ["tidak menyebut lamanya"], ["berkas"]),
])
def test_saran_waktu_sesuai_yang_kurang(waktu, harus, bukan):
    saran = skor.saran_waktu(waktu)
    assert f'("{waktu}")' in saran and "3 hari kerja" not in saran  # never a made-up figure
    assert all(h in saran for h in harus), saran
    assert not any(b in saran for b in bukan), saran


def test_nilai_dan_peringkat(katalog):
    katalog.ganti(INS, 'diperiksa: "2026-11-20"', 'diperiksa: "2025-11-27"')  # one day over 12 months
    k = muat_katalog(katalog.folder)
    k.status_tautan = {"https://uji.go.id/ajukan": {"sehat": False}, "https://uji.go.id/": {"sehat": True}}
    nilai = {n.instansi.id: n for n in skor.nilai_semua(k, _acuan())}
    n = nilai["dinas-uji"]
    assert (n.jumlah_layanan, n.lengkap, n.diperiksa) == (2, 0.0, 0.5)
    assert [x.id for x in n.lama] == ["sk-uji-kecamatan"]
    assert (n.jumlah_tautan, n.tautan_diperiksa, n.tautan_sehat, n.tautan_rusak) == (3, 2, 0.5, ["https://uji.go.id/ajukan"])
    assert n.skor == pytest.approx((0 + 0.5 + 0.5) / 3)
    sedati = nilai["kecamatan-sedati"]
    assert sedati.jumlah_layanan == 0 and sedati.skor is None
    assert [x.instansi.id for x in skor.nilai_semua(k, _acuan())] == ["dinas-uji", "kecamatan-sedati"]


def test_perintah_report_teks_dan_json(katalog):
    env = {"SOURCE_DATE_EPOCH": EPOCH_2026_11_28, "PATH": "/usr/bin:/bin"}
    arg = [sys.executable, str(AKAR / "build.py"), "report", "--katalog", str(katalog.folder)]
    r = subprocess.run(arg + ["--json"], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["tanggal_acuan"] == "2026-11-28"
    assert data["ringkasan"] == {"instansi": 2, "layanan": 2, "lengkap": 0.0, "diperiksa_12_bulan": 1.0, "tautan_sehat": None}
    d = data["instansi"][0]
    assert d["instansi"] == "dinas-uji" and set(d["kekurangan"]) == {"akta-uji", "sk-uji-kecamatan"}
    r = subprocess.run(arg, capture_output=True, text=True, env=env)
    assert "Kelengkapan katalog per 2026-11-28" in r.stdout and "  1  Disuji" in r.stdout
    assert "  - akta-uji: dasar hukum hanya UU 25/2009" in r.stdout


def test_halaman_kelengkapan_dan_instansi(situs_terbangun):
    html = (situs_terbangun / "kelengkapan" / "index.html").read_text()
    s = BeautifulSoup(html, "html.parser")
    baris = s.select("table.skor tbody tr")
    k = muat_katalog(AKAR / "catalog")
    assert len(baris) == len(k.instansi)
    skor_baris = [b.find_all("td")[-1].text for b in baris]
    angka = [int(x.rstrip("%")) for x in skor_baris if x != "–"]
    assert angka == sorted(angka, reverse=True)  # ranked
    pertama = baris[0].find("a")["href"]
    assert pertama.startswith("../instansi/") and pertama.endswith("/#kelengkapan")
    ins = BeautifulSoup((situs_terbangun / "instansi" / "dispendukcapil" / "index.html").read_text(), "html.parser")
    bagian = ins.find(id="kelengkapan").find_next("div")
    nilai = next(n for n in skor.nilai_semua(k) if n.instansi.id == "dispendukcapil")
    assert len(bagian.select("ul.kekurangan li")) == len(nilai.kurang) > 0
    assert "kelengkapan/" in (situs_terbangun / "index.html").read_text()  # linked from every page footer


@pytest.fixture(scope="module")
def situs_dengan_tautan_rusak(tmp_path_factory):
    """The bundled catalogue with a link report in which akta-kelahiran's primary link is broken."""
    from sipraja.pipeline import bangun
    akar = tmp_path_factory.mktemp("rusak")
    shutil.copytree(AKAR / "catalog", akar / "catalog")
    k = muat_katalog(akar / "catalog")
    utama = k.layanan["akta-kelahiran"].kanal_utama.url
    tautan = {u: {"status": "ok", "sehat": True, "diperiksa": "2026-11-23", "dipakai": d}
              for u, d in status.kumpulkan(k).items()}
    tautan[utama].update(status="rusak", sehat=False, kode=404, galat="HTTP 404", rusak_sejak="2026-11-16")
    (akar / "catalog" / status.BERKAS).write_text(json.dumps({"tautan": tautan}))
    bangun(akar / "catalog", akar / "dist", log=lambda *_: None)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Diam, directory=str(akar / "dist")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", akar / "dist", utama
    httpd.shutdown()


from http.server import SimpleHTTPRequestHandler  # noqa: E402


class _Diam(SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


def test_tautan_rusak_tampil_di_layanan_dan_instansi(situs_dengan_tautan_rusak):
    _, dist, utama = situs_dengan_tautan_rusak
    s = BeautifulSoup((dist / "layanan" / "akta-kelahiran" / "index.html").read_text(), "html.parser")
    catatan = s.select_one(".pemberitahuan-tautan")
    assert "23 November 2026" in catatan.text and "HTTP 404" in catatan.text
    i = BeautifulSoup((dist / "instansi" / "dispendukcapil" / "index.html").read_text(), "html.parser")
    assert utama in i.select_one(".tautan-rusak").text and "16 November 2026" in i.select_one(".tautan-rusak").text
    k = BeautifulSoup((dist / "kelengkapan" / "index.html").read_text(), "html.parser")
    assert "tautan sehat" in k.text and "belum ada hasil pemeriksaan" not in k.text


@pytest.mark.parametrize("jalur", ["kelengkapan/", "layanan/akta-kelahiran/", "instansi/dispendukcapil/"])
def test_axe_dan_360px(halaman, situs_dengan_tautan_rusak, jalur):
    from test_peramban import AXE
    server = situs_dengan_tautan_rusak[0]
    halaman.goto(server + jalur)
    halaman.evaluate(AXE)
    hasil = halaman.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})""")
    pelanggaran = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in hasil["violations"]]
    assert pelanggaran == [], json.dumps(pelanggaran, indent=1)
    assert halaman.evaluate("document.documentElement.scrollWidth") <= 360
