"""`build.py links` against local HTTP and HTTPS servers on 127.0.0.1: 200, 301 chains, 404, 410, 500,
slow answers, resets, a redirect loop and a self-signed certificate; the Host header as received, the
per-host pause, the backoff and the DNS timeout measured with short times. No test reaches the internet."""
import datetime as dt
import ipaddress
import json
import socket
import ssl
import struct
import threading
import time
from argparse import Namespace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bs4 import BeautifulSoup
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sipraja import status
from sipraja.linkcheck import Pemeriksa


class Pelayan(BaseHTTPRequestHandler):
    hit: dict = {}
    host_mentah: dict = {}  # path -> the Host header exactly as received
    waktu: dict = {}  # path -> when each request arrived (time.monotonic)
    aktif: dict = {}
    aktif_maks: dict = {}
    total_aktif = 0
    total_maks = 0
    kunci = threading.Lock()

    def log_message(self, *a):
        pass

    def do_GET(self):
        host = self.headers.get("Host", "").split(":")[0]
        if not self.path.startswith("/antre"):
            host = "lain"  # only /antre requests take part in the concurrency count
        cls = type(self)
        with cls.kunci:
            cls.host_mentah.setdefault(self.path, []).append(self.headers.get("Host"))
            cls.waktu.setdefault(self.path, []).append(time.monotonic())
            cls.hit[self.path] = cls.hit.get(self.path, 0) + 1
            cls.aktif[host] = cls.aktif.get(host, 0) + 1
            cls.aktif_maks[host] = max(cls.aktif_maks.get(host, 0), cls.aktif[host])
            if host != "lain":
                cls.total_aktif += 1
                cls.total_maks = max(cls.total_maks, cls.total_aktif)
            ke = cls.hit[self.path]
        try:
            self._jawab(ke)
        finally:
            with cls.kunci:
                cls.aktif[host] -= 1
                cls.total_aktif -= host != "lain"

    def _kirim(self, kode, lokasi=None):
        self.send_response(kode)
        if lokasi:
            self.send_header("Location", lokasi)
        self.send_header("Content-Length", "2")
        self.end_headers()
        try:
            self.wfile.write(b"ok")
        except OSError:
            pass  # the checker already gave up on a slow answer

    def _jawab(self, ke):
        p = self.path
        if p.startswith("/ok") or p == "/" or p.startswith("/info") or p.startswith("/antre"):
            if p.startswith("/antre"):
                time.sleep(0.05)  # long enough for requests to overlap if they were allowed to
            return self._kirim(200)
        if p.startswith("/pindah/"):
            n = int(p.rsplit("/", 1)[1])
            return self._kirim(301, "/ok" if n <= 1 else f"/pindah/{n - 1}")
        if p == "/hilang" or p == "/ajukan":
            return self._kirim(404)
        if p == "/lenyap":
            return self._kirim(410)
        if p == "/galat" or p.startswith("/galat/"):
            return self._kirim(500)
        if p == "/kadang":
            return self._kirim(503 if ke == 1 else 200)
        if p == "/tolak":
            return self._kirim(403)
        if p == "/putar-a":
            return self._kirim(302, "/putar-b")
        if p == "/putar-b":
            return self._kirim(302, "/putar-a")
        if p == "/lambat":
            time.sleep(1.5)
            return self._kirim(200)
        if p == "/putus":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return
        return self._kirim(404)


def _server(ctx=None):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pelayan)
    httpd.daemon_threads = True
    if ctx:
        httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="module")
def http_lokal():
    httpd = _server()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def sertifikat(tmp_path_factory):
    """A self-signed certificate for uji.go.id and *.uji.go.id, made here."""
    kunci = ec.generate_private_key(ec.SECP256R1())
    nama = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "uji.go.id")])
    sekarang = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(nama).issuer_name(nama).public_key(kunci.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(sekarang - dt.timedelta(days=1))
            .not_valid_after(sekarang + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("uji.go.id"), x509.DNSName("*.uji.go.id"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(kunci, hashes.SHA256()))
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "kunci.pem").write_bytes(kunci.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                           serialization.NoEncryption()))
    return folder


@pytest.fixture(scope="module")
def https_lokal(sertifikat):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sertifikat / "cert.pem", sertifikat / "kunci.pem")
    httpd = _server(ctx)
    yield httpd.server_address[1]
    httpd.shutdown()


def _cepat(**kw):
    return Pemeriksa(**{"paralel": 4, "jeda_host": 0, "batas_waktu": 0.5, "ulang": 1, "jeda_ulang": 0.01, **kw})


def test_jawaban_http(http_lokal):
    h = _cepat(ulang=2).periksa_semua([f"{http_lokal}/{p}" for p in
                                       ["ok", "pindah/3", "hilang", "lenyap", "galat", "kadang", "tolak", "putar-a"]])
    u = lambda p: h[f"{http_lokal}/{p}"]  # noqa: E731
    assert u("ok").status == "ok" and u("ok").kode == 200 and u("ok").sehat
    r = u("pindah/3")
    assert r.status == "ok" and r.url_akhir == f"{http_lokal}/ok"
    assert [x["kode"] for x in r.pengalihan] == [301, 301, 301]
    assert [x["url"] for x in r.pengalihan] == [f"{http_lokal}/pindah/2", f"{http_lokal}/pindah/1", f"{http_lokal}/ok"]
    assert (u("hilang").status, u("hilang").kode, u("hilang").percobaan) == ("rusak", 404, 1)  # 404 is not retried
    assert (u("lenyap").status, u("lenyap").kode) == ("rusak", 410)
    assert (u("galat").status, u("galat").kode, u("galat").percobaan) == ("rusak", 500, 3)
    assert Pelayan.hit["/galat"] == 3  # 1 try + 2 retries
    assert (u("kadang").status, u("kadang").percobaan) == ("ok", 2)  # a passing 503 is retried away
    assert u("tolak").status == "dibatasi" and u("tolak").sehat
    assert u("putar-a").status == "pengalihan-berputar" and not u("putar-a").sehat


def test_lambat_dan_putus(http_lokal):
    h = _cepat().periksa_semua([f"{http_lokal}/lambat", f"{http_lokal}/putus"])
    lambat, putus = h[f"{http_lokal}/lambat"], h[f"{http_lokal}/putus"]
    assert lambat.status == "waktu-habis" and lambat.percobaan == 2 and "0.5 detik" in lambat.galat
    assert putus.status == "galat-jaringan" and putus.percobaan == 2 and not putus.dijawab


def test_tls_swatanda_ditolak(https_lokal):
    h = _cepat().periksa(f"https://127.0.0.1:{https_lokal}/ok")
    assert h.status == "galat-tls" and "sertifikat" in h.galat and h.percobaan == 1 and not h.sehat


def test_tls_tepercaya_dan_nama_host_dipetakan(https_lokal, sertifikat):
    ctx = ssl.create_default_context(cafile=str(sertifikat / "cert.pem"))
    p = _cepat(konteks_tls=ctx, peta_alamat={("layanan.uji.go.id", 443): ("127.0.0.1", https_lokal)})
    h = p.periksa("https://layanan.uji.go.id/pindah/2")
    assert h.status == "ok" and h.url_akhir == "https://layanan.uji.go.id/ok" and len(h.pengalihan) == 2


def test_kepala_host_tanpa_port_bawaan(http_lokal, https_lokal, sertifikat):
    """The Host header as the server received it: no ":443" or ":80" for the default port
    (http.client's HTTPConnection adds ":443" to every https request unless told otherwise)."""
    port = int(http_lokal.rsplit(":", 1)[1])
    ctx = ssl.create_default_context(cafile=str(sertifikat / "cert.pem"))
    p = _cepat(konteks_tls=ctx, peta_alamat={("layanan.uji.go.id", 443): ("127.0.0.1", https_lokal),
                                             ("layanan.uji.go.id", https_lokal): ("127.0.0.1", https_lokal),
                                             ("a.uji.go.id", 80): ("127.0.0.1", port)})
    h = p.periksa_semua(["https://layanan.uji.go.id/info/host-https", "http://a.uji.go.id/info/host-http",
                         f"{http_lokal}/info/host-port", f"https://layanan.uji.go.id:{https_lokal}/info/host-https-port"])
    assert all(x.status == "ok" for x in h.values()), h
    assert Pelayan.host_mentah["/info/host-https"] == ["layanan.uji.go.id"]
    assert Pelayan.host_mentah["/info/host-https-port"] == [f"layanan.uji.go.id:{https_lokal}"]
    assert Pelayan.host_mentah["/info/host-http"] == ["a.uji.go.id"]
    assert Pelayan.host_mentah["/info/host-port"] == [f"127.0.0.1:{port}"]


def test_jeda_per_host(http_lokal):
    """--jeda-host: requests to one host start at least that far apart; other hosts do not wait."""
    port = int(http_lokal.rsplit(":", 1)[1])
    peta = {(f"{n}.jeda.go.id", 80): ("127.0.0.1", port) for n in "ab"}
    urls = [f"http://{n}.jeda.go.id/info/jeda-{n}-{i}" for n in "ab" for i in range(3)]
    mulai = time.monotonic()
    h = _cepat(paralel=4, jeda_host=0.3, peta_alamat=peta).periksa_semua(urls)
    assert all(x.status == "ok" for x in h.values())
    for n in "ab":
        tiba = sorted(Pelayan.waktu[f"/info/jeda-{n}-{i}"][0] for i in range(3))
        assert all(b - a >= 0.29 for a, b in zip(tiba, tiba[1:])), (n, tiba)
    pertama = [min(Pelayan.waktu[f"/info/jeda-{n}-{i}"][0] for i in range(3)) for n in "ab"]
    assert abs(pertama[0] - pertama[1]) < 0.25  # the two hosts were checked side by side
    assert time.monotonic() - mulai < 3 * 0.3 + 0.6  # not one host after the other (6 x 0.3 s)


def test_ulang_dengan_jeda_bertambah(http_lokal):
    """--ulang with exponential backoff: a 500 is tried 1 + 2 times, 0.2 s then 0.4 s apart."""
    h = _cepat(ulang=2, jeda_ulang=0.2).periksa(f"{http_lokal}/galat/mundur")
    assert (h.status, h.kode, h.percobaan) == ("rusak", 500, 3)
    t0, t1, t2 = Pelayan.waktu["/galat/mundur"]
    # lower bounds only: a busy machine can stretch a pause, never shorten it
    assert t1 - t0 >= 0.2 and t2 - t1 >= 0.4, (t1 - t0, t2 - t1)


def test_dns_dibatasi_waktu():
    """A resolver that never answers costs the timeout, not minutes, and is told as DNS."""
    def dns_mati(*_):
        time.sleep(5)
        raise socket.gaierror("terlambat")
    mulai = time.monotonic()
    h = _cepat(batas_waktu=0.3, ulang=1, cari_alamat=dns_mati).periksa("https://mati.uji.go.id/")
    assert h.status == "waktu-habis" and "DNS" in h.galat and h.percobaan == 2 and not h.dijawab
    assert time.monotonic() - mulai < 1.5


def test_dns_tidak_ditemukan():
    def dns_kosong(*_):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    h = _cepat(cari_alamat=dns_kosong).periksa("https://tidak-ada.uji.go.id/")
    assert h.status == "galat-jaringan" and h.galat == "nama domain tidak ditemukan (DNS)"


def test_satu_permintaan_per_host_dan_batas_paralel(http_lokal):
    port = int(http_lokal.rsplit(":", 1)[1])
    peta = {(f"{n}.uji.go.id", 80): ("127.0.0.1", port) for n in "abc"}
    urls = [f"http://{n}.uji.go.id/antre/{i}" for n in "abc" for i in range(4)]
    Pelayan.aktif_maks.clear()
    Pelayan.total_maks = 0
    h = _cepat(paralel=2, peta_alamat=peta).periksa_semua(urls)
    assert all(x.status == "ok" for x in h.values()) and len(h) == 12
    assert {Pelayan.aktif_maks[f"{n}.uji.go.id"] for n in "abc"} == {1}
    assert Pelayan.total_maks <= 2


# --- the command, the report and the site ---------------------------------------------------------------


def _perintah(katalog, pemeriksa, ringkasan=None):
    from sipraja.perintah import _links
    return _links(Namespace(katalog=str(katalog.folder), ringkasan=ringkasan), pemeriksa)


def test_laporan_dan_situs_memakai_laporan(katalog, https_lokal, sertifikat, tmp_path):
    ctx = ssl.create_default_context(cafile=str(sertifikat / "cert.pem"))
    peta = {(h, 443): ("127.0.0.1", https_lokal) for h in ("uji.go.id", "www.lapor.go.id")}
    ringkasan = tmp_path / "ringkasan.md"
    assert _perintah(katalog, _cepat(konteks_tls=ctx, peta_alamat=peta), str(ringkasan)) == 0
    laporan = json.loads((katalog.folder / status.BERKAS).read_text())
    t = laporan["tautan"]
    assert set(t) == {"https://uji.go.id/", "https://uji.go.id/info", "https://uji.go.id/ajukan", "https://www.lapor.go.id/"}
    ajukan = t["https://uji.go.id/ajukan"]
    assert ajukan["status"] == "rusak" and ajukan["kode"] == 404 and not ajukan["sehat"]
    assert ajukan["rusak_sejak"] == ajukan["diperiksa"] == status.hari_ini()
    assert ajukan["dipakai"] == [{"instansi": "dinas-uji", "layanan": "akta-uji", "kolom": "kanal utama"}]
    assert t["https://uji.go.id/"]["sehat"] and t["https://uji.go.id/"]["url_akhir"] == "https://uji.go.id/"
    assert "https://uji.go.id/ajukan" in ringkasan.read_text()

    # a second run keeps `rusak_sejak` and reports nothing newly broken
    laporan["tautan"]["https://uji.go.id/ajukan"]["rusak_sejak"] = "2026-01-05"
    (katalog.folder / status.BERKAS).write_text(json.dumps(laporan))
    _perintah(katalog, _cepat(konteks_tls=ctx, peta_alamat=peta), str(ringkasan))
    assert json.loads((katalog.folder / status.BERKAS).read_text())["tautan"]["https://uji.go.id/ajukan"]["rusak_sejak"] == "2026-01-05"
    assert ringkasan.read_text() == ""

    from sipraja.pipeline import bangun
    dist = tmp_path / "dist"
    bangun(katalog.folder, dist, log=lambda *_: None)
    lay = BeautifulSoup((dist / "layanan" / "akta-uji" / "index.html").read_text(), "html.parser")
    catatan = lay.select_one(".pemberitahuan-tautan")
    assert catatan and "Tautan utama sedang bermasalah" in catatan.text and "HTTP 404" in catatan.text
    assert "Datang ke kantor" in catatan.text and catatan.find("a", href="#kanal")
    assert BeautifulSoup((dist / "layanan" / "sk-uji-kecamatan" / "index.html").read_text(),
                         "html.parser").select_one(".pemberitahuan-tautan") is None
    ins = BeautifulSoup((dist / "instansi" / "dinas-uji" / "index.html").read_text(), "html.parser")
    daftar = ins.select(".tautan-rusak li")
    assert len(daftar) == 1 and "https://uji.go.id/ajukan" in daftar[0].text and "5 Januari 2026" in daftar[0].text


def test_luring_tidak_menimpa_laporan(katalog):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens here: every connection is refused
    peta = {(h, 443): ("127.0.0.1", port) for h in ("uji.go.id", "www.lapor.go.id")}
    (katalog.folder / status.BERKAS).write_text('{"tautan": {}}')
    assert _perintah(katalog, _cepat(peta_alamat=peta)) == 0
    assert (katalog.folder / status.BERKAS).read_text() == '{"tautan": {}}'


def test_build_tanpa_atau_dengan_laporan_rusak(katalog, tmp_path, capsys):
    from sipraja.pipeline import bangun
    (katalog.folder / status.BERKAS).write_text("{ bukan json")
    bangun(katalog.folder, tmp_path / "dist", log=lambda *_: None)
    assert "laporan tautan tidak terbaca" in capsys.readouterr().err
    assert (tmp_path / "dist" / "layanan" / "akta-uji" / "index.html").is_file()
