"""The validated catalogue as objects named with the legal domain terms.

Everything here has passed the schema and the cross-file checks in
load.py; templates read these objects and nothing else. Back-references
(service -> institution, category -> services, kecamatan -> offices) are left
out of repr: through them the repr of one catalogue grew to gigabytes (pytest
prints it when an assertion fails).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .bahasa import label, teks_hari

HARI = ["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"]
# the Indonesian labels (exports, open data); pages take each language's from templates/bahasa/
NAMA_HARI = label("id", "hari")
TINGKAT = label("id", "tingkat")
JENIS_INSTANSI = label("id", "jenis_instansi")
# dilayani_di: the per-kecamatan office a citizen goes to, when it is not the owner's own office
KANTOR_PER_KECAMATAN = label("id", "kantor_per_kecamatan")
STATUS = label("id", "status")


@dataclass
class Pengaduan:
    keterangan: str
    url: str | None = None
    telepon: str | None = None
    whatsapp: str | None = None
    email: str | None = None
    en: dict | None = None  # {"keterangan": ...} in English (optional)


@dataclass
class JamLayanan:
    hari: list[str]
    buka: str
    tutup: str
    catatan: str | None = None

    @property
    def hari_teks(self) -> str:
        """'Senin–Kamis' for a run of days, else 'Senin, Rabu'."""
        return teks_hari(self.hari, HARI, NAMA_HARI)


@dataclass
class Kontak:
    alamat: str
    kode_wilayah: str | None = None
    telepon: list[str] = field(default_factory=list)
    whatsapp: str | None = None
    email: str | None = None
    alamat_terverifikasi: bool = True  # False: `alamat` names only the area, never a street


@dataclass
class Kanal:
    jenis: str
    label: str
    utama: bool = False
    url: str | None = None
    tempat: str | None = None
    telepon: str | None = None
    whatsapp: str | None = None
    email: str | None = None
    en: dict | None = None  # label, tempat in English (optional)

    @property
    def href(self) -> str | None:
        if self.url:
            return self.url
        if self.whatsapp:
            return f"https://wa.me/{self.whatsapp}"
        if self.telepon:
            return "tel:" + "".join(c for c in self.telepon if c.isdigit() or c == "+")
        if self.email:
            return f"mailto:{self.email}"
        return None

    @property
    def daring(self) -> bool:
        return self.jenis in ("web", "aplikasi", "whatsapp", "email")


@dataclass
class Kategori:
    id: str
    nama: str
    deskripsi: str
    layanan: list[Layanan] = field(default_factory=list, repr=False)  # back-reference
    en: dict | None = None  # nama, deskripsi in English (optional)


@dataclass
class Desa:
    kode: str
    nama: str
    jenis: str


@dataclass
class Kecamatan:
    kode: str
    nama: str
    desa: list[Desa]
    kantor: Instansi | None = field(default=None, repr=False)
    kua: Instansi | None = field(default=None, repr=False)  # the institution of jenis kua with this kecamatan's code


@dataclass
class Wilayah:
    kode: str
    nama: str
    kecamatan: list[Kecamatan]
    sumber: dict


@dataclass
class Instansi:
    id: str
    nama: str
    singkatan: str
    jenis: str
    kontak: Kontak
    jam_layanan: list[JamLayanan]
    pengaduan: Pengaduan
    berkas: str
    induk: str | None = None
    deskripsi_html: str = ""
    situs: str | None = None
    layanan: list[Layanan] = field(default_factory=list)
    deskripsi: str | None = None  # the Markdown source, for the open-data exports
    pemilik: list[str] = field(default_factory=list)  # GitHub users/teams -> .github/CODEOWNERS
    en: dict | None = None  # nama, induk, deskripsi (+ deskripsi_html) in English (optional)

    @property
    def jenis_teks(self) -> str:
        return JENIS_INSTANSI[self.jenis]


@dataclass
class CatatanKecamatan:
    kecamatan: Kecamatan
    catatan: str


@dataclass
class Layanan:
    id: str
    nama: str
    ringkasan: str
    deskripsi_html: str
    kategori: list[Kategori]
    alias: list[str]
    tingkat: str
    kanal: list[Kanal]
    persyaratan: list[str]
    prosedur: list[str]
    waktu: str
    biaya: str
    produk: str
    pengaduan: Pengaduan
    dasar_hukum: list[str]
    status: str
    diperiksa: str
    instansi: Instansi = field(repr=False)  # back-reference
    keterangan_status: str | None = None
    catatan_per_kecamatan: list[CatatanKecamatan] = field(default_factory=list)
    istilah: list = field(default_factory=list)  # glosarium.Istilah linked to this service
    istilah_dijelaskan: list = field(default_factory=list)  # abbreviations/old names anywhere on its page, explained there
    deskripsi: str = ""  # the Markdown source, for the open-data exports
    bagian_dari: list[tuple[Alur, int]] = field(default_factory=list, repr=False)  # (journey, 0-based step index)
    dilayani_di: str | None = None  # a key of KANTOR_PER_KECAMATAN, e.g. "kua"
    en: dict | None = None  # English text of some fields (schema $defs/en_layanan, + deskripsi_html)

    @property
    def kanal_utama(self) -> Kanal:
        return next(k for k in self.kanal if k.utama)

    @property
    def kanal_lain(self) -> list[Kanal]:
        return [k for k in self.kanal if not k.utama]

    @property
    def tingkat_teks(self) -> str:
        return TINGKAT[self.tingkat]

    @property
    def status_teks(self) -> str:
        return STATUS[self.status]

    @property
    def daring(self) -> bool:
        return any(k.daring for k in self.kanal)


@dataclass
class LangkahAlur:
    judul: str
    layanan: Layanan
    keterangan: str
    pengantar_rt_rw: bool = False
    pilihan: bool = False
    lewat_desa: bool = False  # submitted at the kantor desa/kelurahan though finished elsewhere
    en: dict | None = None  # judul, keterangan in English (optional)


@dataclass
class Alur:
    """A life event: ordered steps across institutions (catalog/alur/<id>.yaml)."""

    id: str
    nama: str
    ringkasan: str
    deskripsi_html: str
    langkah: list[LangkahAlur]
    diperiksa: str
    berkas: str
    deskripsi: str = ""  # the Markdown source, for the open-data exports
    en: dict | None = None  # nama, ringkasan, deskripsi (+ deskripsi_html) in English (optional)

    @property
    def rantai_simpul(self) -> list[tuple[str | None, str, list[int]]]:
        """The chain of letters, e.g. RT/RW -> desa -> kecamatan -> OPD, as
        (label key in the message tables or None, institution, 1-based step
        numbers) in order of first appearance; empty when no step starts at
        the desa or kecamatan (no chain to explain)."""
        simpul: dict[tuple, list[int]] = {}
        for n, la in enumerate(self.langkah, 1):
            if la.pengantar_rt_rw:
                simpul.setdefault(("rt-rw", ""), []).append(n)
            t = la.layanan.tingkat
            if la.lewat_desa and t != "desa-kelurahan":
                simpul.setdefault(("desa", ""), []).append(n)
            kunci = ({"desa-kelurahan": "desa", "kecamatan": "kecamatan"}.get(t)
                     or (la.layanan.dilayani_di if la.layanan.dilayani_di in KANTOR_PER_KECAMATAN else None))
            simpul.setdefault((kunci, "" if kunci else la.layanan.instansi.singkatan), []).append(n)
        if not any(la.layanan.tingkat in ("desa-kelurahan", "kecamatan") or la.lewat_desa for la in self.langkah):
            return []
        return [(kunci, nama, nomor) for (kunci, nama), nomor in simpul.items()]

    @property
    def rantai(self) -> list[tuple[str, list[int]]]:
        """rantai_simpul in Indonesian words: [("Kantor kecamatan", [1]), ...]."""
        kata = label("id", "rantai")
        return [(kata[k] if k else nama, nomor) for k, nama, nomor in self.rantai_simpul]


@dataclass
class Lisensi:
    """Licence of the published data (katalog.json, CSV, HSDS, the feed), as the regency states it."""

    nama: str
    url: str
    keterangan: str = ""


@dataclass
class Situs:
    nama: str
    nama_panjang: str
    pemerintah: str
    kode_wilayah: str
    url_dasar: str
    domain_diizinkan: list[str]
    pengaduan: Pengaduan
    layanan_populer: list[str]
    tautan_laporan: str
    pemilik: list[str] = field(default_factory=list)  # portal maintainers -> .github/CODEOWNERS
    lisensi: Lisensi | None = None
    domain_templat: list[str] | None = None  # hosts of the templates' own links (links.domain_templat)
    en: dict | None = None  # pemerintah, daerah in English (optional)

    def __post_init__(self):
        if isinstance(self.lisensi, dict):  # load.py passes situs.yaml's mapping as it is
            self.lisensi = Lisensi(**self.lisensi)


@dataclass
class Katalog:
    situs: Situs
    kategori: dict[str, Kategori]
    wilayah: Wilayah
    instansi: dict[str, Instansi]
    layanan: dict[str, Layanan]
    peringatan: list = field(default_factory=list)
    glosarium: object = None  # glosarium.Glosarium when catalog/glosarium.yaml exists
    alur: dict[str, Alur] = field(default_factory=dict)
    status_tautan: dict = field(default_factory=dict)  # url -> last link check (catalog/status-tautan.json)

    def kantor_kecamatan(self) -> list[Instansi]:
        return [k.kantor for k in self.wilayah.kecamatan if k.kantor is not None]

    def kantor_kua(self) -> list[Instansi]:
        return [k.kua for k in self.wilayah.kecamatan if k.kua is not None]
