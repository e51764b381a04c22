"""`python build.py links`: is every outbound link of the catalogue alive?

Threaded, with bounded concurrency overall and per-host politeness (one
request at a time per host and a pause between them, since many of these
hosts are small kabupaten servers), a timeout on every socket operation
and on the name lookup,
retries with exponential backoff for what can pass (timeouts, resets, 5xx,
429), redirects followed one hop at a time and recorded, and TLS errors
named as such. Only the standard library: http.client over our own socket,
so a test can point a public host name at a server on 127.0.0.1.

The result goes to catalog/status-tautan.json (see status.py), which the
build reads to tell citizens honestly when a primary link is broken. When
the machine is offline (no link got any HTTP answer) the old report is
kept: a network outage must never mark the whole catalogue broken.
"""
from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

AGEN = "SIPRAJA-pemeriksa-tautan/1 (+https://github.com/pemkab-sidoarjo/sipraja)"
PENGALIHAN_MAKS = 10
BACA_MAKS = 64 * 1024  # enough to know the server answered; never download a whole file


@dataclass
class Hasil:
    """What one URL did, in the report's own words."""

    url: str
    status: str  # ok | dibatasi | rusak | galat-tls | waktu-habis | galat-jaringan | pengalihan-berputar
    kode: int | None = None
    url_akhir: str | None = None
    pengalihan: list[dict] = field(default_factory=list)
    galat: str | None = None
    percobaan: int = 1

    @property
    def dijawab(self) -> bool:
        """Did some server answer over HTTP (so the network itself works)?"""
        return self.kode is not None or self.status == "galat-tls"

    @property
    def sehat(self) -> bool:
        return self.status in ("ok", "dibatasi")


class _Sementara(Exception):
    """A failure worth retrying."""

    def __init__(self, hasil: Hasil):
        self.hasil = hasil


class _Sopan:
    """Per-host politeness: one request at a time per host, `jeda` seconds apart."""

    def __init__(self, jeda: float):
        self.jeda = jeda
        self._kunci: dict[str, threading.Lock] = {}
        self._terakhir: dict[str, float] = {}
        self._global = threading.Lock()

    def kunci(self, host: str) -> threading.Lock:
        with self._global:
            return self._kunci.setdefault(host, threading.Lock())

    def tunggu(self, host: str) -> None:
        """Called with the host's lock held."""
        sisa = self._terakhir.get(host, 0.0) + self.jeda - time.monotonic()
        if sisa > 0:
            time.sleep(sisa)

    def selesai(self, host: str) -> None:
        self._terakhir[host] = time.monotonic()


class Pemeriksa:
    def __init__(self, paralel: int = 8, jeda_host: float = 1.0, batas_waktu: float = 15.0, ulang: int = 2,
                 jeda_ulang: float = 2.0, konteks_tls: ssl.SSLContext | None = None,
                 peta_alamat: dict[tuple[str, int], tuple[str, int]] | None = None,
                 cari_alamat=socket.getaddrinfo):
        self.paralel = paralel
        self.batas_waktu = batas_waktu
        self.ulang = ulang
        self.jeda_ulang = jeda_ulang
        self.tls = konteks_tls or ssl.create_default_context()
        self.peta = peta_alamat or {}  # tests: (host, port) -> where to really connect
        self.cari_alamat = cari_alamat  # tests: a resolver that never answers
        self.sopan = _Sopan(jeda_host)

    def periksa_semua(self, urls: list[str]) -> dict[str, Hasil]:
        urls = sorted(set(urls))
        with ThreadPoolExecutor(max_workers=max(1, self.paralel)) as kolam:
            return dict(zip(urls, kolam.map(self.periksa, urls)))

    def periksa(self, url: str) -> Hasil:
        """One URL with retries and backoff."""
        for percobaan in range(1, self.ulang + 2):
            try:
                hasil = self._ikuti(url)
                hasil.percobaan = percobaan
                return hasil
            except _Akhir as a:
                a.hasil.percobaan = percobaan
                return a.hasil
            except _Sementara as s:
                terakhir = s.hasil
                terakhir.percobaan = percobaan
                if percobaan <= self.ulang:
                    time.sleep(self.jeda_ulang * (2 ** (percobaan - 1)))
        return terakhir

    def _ikuti(self, url: str) -> Hasil:
        """Follow redirects one hop at a time, recording each."""
        pengalihan = []
        sekarang = url
        dilihat = {url}
        for _ in range(PENGALIHAN_MAKS + 1):
            kode, lokasi = self._satu(sekarang, url, pengalihan)
            if 300 <= kode < 400 and lokasi:
                berikut = urljoin(sekarang, lokasi)
                pengalihan.append({"kode": kode, "url": berikut})
                if berikut in dilihat:
                    return Hasil(url, "pengalihan-berputar", kode, berikut, pengalihan, "pengalihan kembali ke alamat sebelumnya")
                dilihat.add(berikut)
                sekarang = berikut
                continue
            if 200 <= kode < 300:
                return Hasil(url, "ok", kode, sekarang, pengalihan)
            if kode in (401, 403, 429):
                # the page exists but refuses robots or wants a login: not a broken link
                if kode == 429:
                    raise _Sementara(Hasil(url, "dibatasi", kode, sekarang, pengalihan, "terlalu banyak permintaan"))
                return Hasil(url, "dibatasi", kode, sekarang, pengalihan)
            hasil = Hasil(url, "rusak", kode, sekarang, pengalihan, f"HTTP {kode}")
            if kode >= 500:
                raise _Sementara(hasil)
            return hasil
        return Hasil(url, "pengalihan-berputar", None, sekarang, pengalihan, f"lebih dari {PENGALIHAN_MAKS} pengalihan")

    def _satu(self, url: str, asal: str, pengalihan: list) -> tuple[int, str | None]:
        b = urlsplit(url)
        if b.scheme not in ("http", "https") or not b.hostname:
            raise _Sementara(Hasil(asal, "galat-jaringan", None, url, list(pengalihan), f"alamat tidak bisa diperiksa: {url}"))
        port = b.port or (443 if b.scheme == "https" else 80)
        host = b.hostname
        jalur = (b.path or "/") + (f"?{b.query}" if b.query else "")
        kunci = self.sopan.kunci(host)
        with kunci:
            self.sopan.tunggu(host)
            try:
                return self._minta(b.scheme, host, port, jalur)
            except ssl.SSLCertVerificationError as e:
                raise _Akhir(Hasil(asal, "galat-tls", None, url, list(pengalihan),
                                   f"sertifikat TLS tidak sah: {e.verify_message or e.reason}")) from None
            except ssl.SSLError as e:
                raise _Akhir(Hasil(asal, "galat-tls", None, url, list(pengalihan), f"galat TLS: {e.reason or e}")) from None
            except _DNSHabis:
                raise _Sementara(Hasil(asal, "waktu-habis", None, url, list(pengalihan),
                                       f"nama domain tidak terjawab dalam {self.batas_waktu:g} detik (DNS)")) from None
            except (socket.timeout, TimeoutError):
                raise _Sementara(Hasil(asal, "waktu-habis", None, url, list(pengalihan), f"tidak ada jawaban dalam {self.batas_waktu:g} detik")) from None
            except (ConnectionError, http.client.HTTPException, OSError) as e:
                raise _Sementara(Hasil(asal, "galat-jaringan", None, url, list(pengalihan), _nama_galat(e))) from None
            finally:
                self.sopan.selesai(host)

    def _minta(self, skema: str, host: str, port: int, jalur: str) -> tuple[int, str | None]:
        alamat = self.peta.get((host, port), (host, port))
        mulai = time.monotonic()
        sock = self._sambung(*alamat)
        try:
            if skema == "https":
                sock = self.tls.wrap_socket(sock, server_hostname=host)
            conn = http.client.HTTPConnection(host, port, timeout=self.batas_waktu)
            conn.sock = sock
            # our own Host: http.client would add ":443" (HTTPConnection's default port is 80),
            # and some servers answer a Host with an explicit default port with 400 or a redirect
            conn.request("GET", jalur, headers={"Host": kepala_host(skema, host, port), "User-Agent": AGEN,
                                                "Accept": "text/html,*/*;q=0.5",
                                                "Accept-Encoding": "identity", "Connection": "close"})
            jawab = conn.getresponse()
            dibaca = 0
            while dibaca < BACA_MAKS:
                if time.monotonic() - mulai > self.batas_waktu * 2:
                    raise TimeoutError
                potong = jawab.read(8192)
                if not potong:
                    break
                dibaca += len(potong)
            return jawab.status, jawab.getheader("Location")
        finally:
            sock.close()


    def _sambung(self, host: str, port: int) -> socket.socket:
        """socket.create_connection, but with the name lookup bounded too:
        getaddrinfo has no timeout of its own and a dead resolver blocks for minutes."""
        hasil: list = []
        selesai = threading.Event()

        def cari():
            try:
                hasil.append(self.cari_alamat(host, port, 0, socket.SOCK_STREAM))
            except BaseException as e:  # handed to the caller below
                hasil.append(e)
            selesai.set()
        threading.Thread(target=cari, daemon=True, name=f"dns-{host}").start()
        if not selesai.wait(self.batas_waktu):
            raise _DNSHabis(host)
        if isinstance(hasil[0], BaseException):
            raise hasil[0]
        galat = None
        for keluarga, jenis, proto, _, sa in hasil[0]:
            sock = socket.socket(keluarga, jenis, proto)
            sock.settimeout(self.batas_waktu)
            try:
                sock.connect(sa)
                return sock
            except OSError as e:
                galat = e
                sock.close()
        raise galat or OSError(f"tidak ada alamat untuk {host}")


def kepala_host(skema: str, host: str, port: int) -> str:
    """The Host header: the port only when it is not the scheme's default (RFC 9110 7.2)."""
    nama = f"[{host}]" if ":" in host else host
    return nama if port == (443 if skema == "https" else 80) else f"{nama}:{port}"


class _DNSHabis(Exception):
    """The name lookup did not answer within the timeout."""


class _Akhir(Exception):
    """A final (not retried) failure such as a TLS error."""

    def __init__(self, hasil: Hasil):
        self.hasil = hasil


def _nama_galat(e: BaseException) -> str:
    if isinstance(e, ConnectionResetError):
        return "koneksi diputus server"
    if isinstance(e, ConnectionRefusedError):
        return "koneksi ditolak"
    if isinstance(e, socket.gaierror):
        return "nama domain tidak ditemukan (DNS)"
    if isinstance(e, http.client.RemoteDisconnected):
        return "server menutup koneksi tanpa jawaban"
    return f"{type(e).__name__}: {e}"
