"""Kelengkapan katalog: how complete and fresh each institution's entries are.

Three shares per institution, each with the list of what is missing so the
owner knows exactly what to fix:
- lengkap: services whose six citizen-facing components (UU 25/2009 art. 21,
  PermenPANRB 15/2014) and legal basis are really there. The schema already
  demands every field, so this looks at what a filled-in field can still
  lack: a processing time with no duration (the hint fits what it says
  instead: "beberapa hari", a schedule, a monthly benefit, "tanyakan"), a
  complaint route with no channel, a legal basis that is only the general
  public-service law.
- diperiksa: services checked (`diperiksa`) in the 12 months before the
  reference date.
- tautan sehat: its links that answered at the last `build.py links`.
The reference date is today, or SOURCE_DATE_EPOCH when set (reproducible builds).
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field

from .model import Instansi, Katalog, Layanan
from .status import kumpulkan

UU_PELAYANAN_PUBLIK = re.compile(r"undang-undang nomor 25 tahun 2009", re.I)
_WAKTU_PASTI = re.compile(r"\d|hari yang sama|pada hari|segera|langsung|saat itu|seketika", re.I)
BULAN_SEGAR = 12


def tanggal_acuan() -> _dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date()
    return _dt.datetime.now(_dt.timezone.utc).date()


def kekurangan(lay: Layanan) -> list[str]:
    """What this service still lacks, each in words its owner can act on."""
    kurang = []
    if not lay.persyaratan:
        kurang.append("persyaratan belum diisi")
    if not lay.prosedur:
        kurang.append("prosedur belum diisi")
    if not _WAKTU_PASTI.search(lay.waktu):
        kurang.append(saran_waktu(lay.waktu))
    if not lay.biaya.strip():
        kurang.append("biaya belum diisi")
    if not lay.produk.strip():
        kurang.append("produk layanan belum diisi")
    p = lay.pengaduan
    if not (p.url or p.telepon or p.whatsapp or p.email):
        kurang.append("pengaduan tidak menyebut saluran (tautan, telepon, WhatsApp atau email)")
    if not lay.dasar_hukum or all(UU_PELAYANAN_PUBLIK.search(d) for d in lay.dasar_hukum):
        kurang.append("dasar hukum hanya UU 25/2009 yang umum; sebutkan peraturan yang mengatur layanan ini")
    return kurang


# what a `waktu` without a duration has instead, and so what is missing from it (first match wins)
_WAKTU_KIRA = re.compile(r"\bbeberapa (hari kerja|hari|minggu|bulan|jam|menit)", re.I)
_WAKTU_BERKALA = re.compile(r"\bsetiap (hari|minggu|bulan|tahun|masa|triwulan|semester)|\b(bulanan|tahunan)\b|"
                            r"\bsekali (dalam|setahun|sebulan)|\bper (bulan|tahun)\b", re.I)
_WAKTU_RUJUKAN = re.compile(r"\bstandar pelayanan|\bketentuan\b|\btingkat mutu|\bmaklumat", re.I)
_WAKTU_JADWAL = re.compile(r"\bjadwal", re.I)
_WAKTU_TANYA = re.compile(r"\btanya", re.I)
_WAKTU_BERGANTUNG = re.compile(r"\btergantung\b|\bbergantung\b|\bsesuai\b", re.I)
_CONTOH_LAMA = "\"paling lama … hari kerja sejak berkas lengkap\""


def saran_waktu(waktu: str) -> str:
    """What a processing time without a duration lacks, told for the kind of text it is.

    Never a made-up figure: the owner copies the real one from the standar
    pelayanan; a recurring benefit or a schedule needs a different fix than
    "beberapa hari kerja"."""
    dikutip = f"(\"{waktu}\")"
    m = _WAKTU_KIRA.search(waktu)
    if m:
        satuan = m.group(1).lower()
        return (f"waktu penyelesaian hanya \"beberapa {satuan}\" {dikutip}; ganti \"beberapa\" dengan jumlah paling "
                f"lama menurut standar pelayanan, misalnya \"paling lama … {satuan} sejak berkas lengkap\"")
    if _WAKTU_BERKALA.search(waktu):
        return (f"waktu menyebut jadwal berkala {dikutip}, bukan lamanya permohonan diselesaikan; tambahkan berapa "
                "lama sampai permohonan ditetapkan atau manfaat/bukti pertama diterima, misalnya "
                "\"ditetapkan paling lama … hari kerja\", lalu jadwal berkalanya")
    if _WAKTU_RUJUKAN.search(waktu):
        return (f"waktu merujuk standar pelayanan atau ketentuan {dikutip} tanpa menyebut angkanya; salin jangka waktu "
                f"yang tercantum di sana, misalnya {_CONTOH_LAMA}")
    if _WAKTU_JADWAL.search(waktu):
        return (f"waktu bergantung pada jadwal {dikutip} tanpa menyebut kapan; tulis kapan jadwalnya atau berapa lama "
                "biasanya sampai tiba gilirannya, misalnya \"jadwal ditetapkan paling lama … hari kerja setelah "
                "pendaftaran\" atau bulan pembukaannya")
    if _WAKTU_TANYA.search(waktu):
        return (f"waktu meminta warga bertanya {dikutip}; tulis jangka waktu yang berlaku menurut standar pelayanan "
                f"instansi, misalnya {_CONTOH_LAMA}")
    if _WAKTU_BERGANTUNG.search(waktu):
        return (f"waktu hanya menyebut apa yang memengaruhinya {dikutip}; tulis lamanya bila berkas lengkap dan tidak "
                f"ada kendala, misalnya {_CONTOH_LAMA}, lalu apa yang bisa memperpanjangnya")
    return f"waktu penyelesaian tidak menyebut lamanya {dikutip}; tulis jangka waktunya, misalnya \"paling lama … hari kerja\""


def segar(lay: Layanan, acuan: _dt.date) -> bool:
    diperiksa = _dt.date.fromisoformat(lay.diperiksa)
    batas = acuan.replace(year=acuan.year - 1) if not (acuan.month == 2 and acuan.day == 29) else acuan - _dt.timedelta(days=365)
    return batas <= diperiksa <= acuan


@dataclass
class Nilai:
    """One institution's figures. Shares are 0..1, or None when there is nothing to measure."""

    instansi: Instansi
    jumlah_layanan: int
    lengkap: float | None
    diperiksa: float | None
    tautan_sehat: float | None
    jumlah_tautan: int
    tautan_diperiksa: int
    kurang: dict[str, list[str]] = field(default_factory=dict)  # service id -> what is missing
    lama: list[Layanan] = field(default_factory=list)  # not checked in 12 months
    tautan_rusak: list[str] = field(default_factory=list)

    @property
    def skor(self) -> float | None:
        ada = [x for x in (self.lengkap, self.diperiksa, self.tautan_sehat) if x is not None]
        return sum(ada) / len(ada) if ada else None

    def sebagai_json(self) -> dict:
        bulat = lambda x: None if x is None else round(x, 4)  # noqa: E731
        return {
            "instansi": self.instansi.id, "nama": self.instansi.nama, "berkas": self.instansi.berkas,
            "pemilik": self.instansi.pemilik, "jumlah_layanan": self.jumlah_layanan,
            "lengkap": bulat(self.lengkap), "diperiksa_12_bulan": bulat(self.diperiksa),
            "tautan_sehat": bulat(self.tautan_sehat), "jumlah_tautan": self.jumlah_tautan,
            "tautan_diperiksa": self.tautan_diperiksa, "skor": bulat(self.skor),
            "kekurangan": self.kurang, "belum_diperiksa_12_bulan": [x.id for x in self.lama],
            "tautan_rusak": self.tautan_rusak,
        }


def milik_per_instansi(katalog: Katalog) -> dict[str | None, set]:
    """{instansi id: the links its pages show}; one pass over the links, not every link for every institution."""
    milik: dict[str | None, set] = {}
    for u, dipakai in kumpulkan(katalog).items():
        for d in dipakai:
            milik.setdefault(d["instansi"], set()).add(u)
    return milik


def nilai_instansi(ins: Instansi, milik: set, status: dict, acuan: _dt.date) -> Nilai:
    lay = ins.layanan
    kurang = {x.id: k for x in lay if (k := kekurangan(x))}
    lama = [x for x in lay if not segar(x, acuan)]
    milik_ = sorted(milik)
    diperiksa = [u for u in milik_ if u in status]
    rusak = [u for u in diperiksa if not status[u].get("sehat", True)]
    return Nilai(
        instansi=ins, jumlah_layanan=len(lay),
        lengkap=(len(lay) - len(kurang)) / len(lay) if lay else None,
        diperiksa=(len(lay) - len(lama)) / len(lay) if lay else None,
        tautan_sehat=(len(diperiksa) - len(rusak)) / len(diperiksa) if diperiksa else None,
        jumlah_tautan=len(milik_), tautan_diperiksa=len(diperiksa), kurang=kurang, lama=lama, tautan_rusak=rusak,
    )


class Kelengkapan:
    """{instansi id: skor.Nilai}, each computed on first use (serve mode scores only the edited
    institution); semua() scores every institution once, for the list page and for forked workers."""

    def __init__(self, katalog: Katalog, acuan):
        self.k, self.acuan, self._milik, self._nilai = katalog, acuan, None, {}

    def __getitem__(self, ident: str):
        if ident not in self._nilai:
            if self._milik is None:
                self._milik = milik_per_instansi(self.k)
            self._nilai[ident] = nilai_instansi(self.k.instansi[ident], self._milik.get(ident, ()),
                                                self.k.status_tautan, self.acuan)
        return self._nilai[ident]

    def semua(self) -> list[Nilai]:
        """Every institution, best first (ties by name)."""
        hasil = [self[i] for i in self.k.instansi]
        hasil.sort(key=lambda n: (n.skor is None, -(n.skor or 0), n.instansi.nama.casefold()))
        return hasil


def nilai_semua(katalog: Katalog, acuan: _dt.date | None = None) -> list[Nilai]:
    """Every institution, best first (ties by name)."""
    return Kelengkapan(katalog, acuan or tanggal_acuan()).semua()


def ringkasan(nilai: list[Nilai]) -> dict:
    lay = sum(n.jumlah_layanan for n in nilai)
    lengkap = sum(n.jumlah_layanan - len(n.kurang) for n in nilai)
    segar_ = sum(n.jumlah_layanan - len(n.lama) for n in nilai)
    tautan = sum(n.tautan_diperiksa for n in nilai)
    sehat = sum(n.tautan_diperiksa - len(n.tautan_rusak) for n in nilai)
    return {"instansi": len(nilai), "layanan": lay,
            "lengkap": round(lengkap / lay, 4) if lay else None,
            "diperiksa_12_bulan": round(segar_ / lay, 4) if lay else None,
            "tautan_sehat": round(sehat / tautan, 4) if tautan else None}


def persen(x: float | None) -> str:
    return "–" if x is None else f"{round(x * 100)}%"


def teks(nilai: list[Nilai], acuan: _dt.date) -> str:
    """The report for people who follow it up: a table, then what each owner must fix."""
    r = ringkasan(nilai)
    keluar = [f"Kelengkapan katalog per {acuan.isoformat()}: {r['instansi']} instansi, {r['layanan']} layanan; "
              f"lengkap {persen(r['lengkap'])}, diperiksa dalam 12 bulan {persen(r['diperiksa_12_bulan'])}, "
              f"tautan sehat {persen(r['tautan_sehat'])}.", "",
              f"{'#':>3}  {'instansi':<34} {'layanan':>7} {'lengkap':>8} {'diperiksa':>9} {'tautan':>7} {'skor':>5}"]
    for i, n in enumerate(nilai, 1):
        keluar.append(f"{i:>3}  {n.instansi.singkatan[:34]:<34} {n.jumlah_layanan:>7} {persen(n.lengkap):>8} "
                      f"{persen(n.diperiksa):>9} {persen(n.tautan_sehat):>7} {persen(n.skor):>5}")
    for n in nilai:
        if not (n.kurang or n.lama or n.tautan_rusak):
            continue
        keluar += ["", f"{n.instansi.singkatan} ({n.instansi.berkas}; pemilik: {' '.join(n.instansi.pemilik) or '-'})"]
        for ident, kurang in n.kurang.items():
            keluar += [f"  - {ident}: {k}" for k in kurang]
        keluar += [f"  - {x.id}: terakhir diperiksa {x.diperiksa}, lebih dari {BULAN_SEGAR} bulan lalu" for x in n.lama]
        keluar += [f"  - tautan rusak: {u}" for u in n.tautan_rusak]
    return "\n".join(keluar) + "\n"
