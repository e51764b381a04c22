"""Strict YAML reading that keeps line and column for every value.

Catalogue files come from many hands, so the reader refuses what YAML 1.1
would silently reinterpret: `no`/`yes`/`on`/`off` are errors, every other
plain scalar stays text (`08:00` stays "08:00", `35.10` stays "35.10"),
only `true`/`false` are booleans. Duplicate keys, anchors/aliases, merge
keys and custom tags are errors. Parsing uses libyaml when available.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

import yaml

try:  # libyaml is ~10x faster; the pure-Python parser gives the same nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

UKURAN_MAKS = 1024 * 1024  # one institution file is tens of KB; 1 MiB is generous
KEDALAMAN_MAKS = 32
KESALAHAN_MAKS = 50  # per file; past this the rest is noise
SIMPUL_MAKS = 50_000  # values per file; the largest real file has ~2,600

_T = "tag:yaml.org,2002:"
_TAG_BIASA = {_T + n for n in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
_TAG_TEKS = {_T + "str", _T + "seq", _T + "map", "!"}  # tags a value may carry (_Pembangun._nilai)
_BOOL_YAML11 = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}
# bidi overrides and invisible characters let a name read differently from what it is
# (and, in a pull request, let a reviewer read a line differently: "Trojan Source");
# C1 controls, U+2028/9 and NEL are line breaks to YAML 1.1 but not to editors;
# tag characters (U+E00xx) smuggle invisible ASCII
_KARAKTER_TERLARANG = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]")

_BARIS_YAML11 = re.compile("[\u0085\u2028\u2029]")
Jalur = tuple  # path of keys and list indices, e.g. ("layanan", 3, "kategori", 0)


@dataclass
class Kesalahan:
    """One catalogue error, told to an OPD editor in Bahasa Indonesia."""

    berkas: str
    baris: int
    kolom: int
    jalur: str
    pesan: str
    peringatan: bool = False

    def __str__(self) -> str:
        letak = f"{self.berkas}:{self.baris}:{self.kolom}"
        jenis = "peringatan" if self.peringatan else "galat"
        kolom = f" [{self.jalur}]" if self.jalur else ""
        return f"{letak}: {jenis}{kolom}: {self.pesan}"


@dataclass
class Dokumen:
    """A parsed file: plain Python data plus where each value stands.

    Positions are worked out only when something asks for one (the file is
    parsed again): a valid file, nearly every file, never pays for them,
    and at 100,000 services they took about a gigabyte. Sent to another
    process (the parallel loader), a document leaves its positions behind
    and carries its text compressed, decompressed only when a message needs
    it: the text is most of a document's bytes (240 MB at 100,000 services)."""

    berkas: str
    data: object
    _sumber: str | bytes = field(default="", repr=False, compare=False)  # the text, or zlib of it (__getstate__)
    _letak: tuple | None = field(default=None, repr=False, compare=False)
    rusak: set = field(default_factory=set)  # paths of values refused (by the reader, the schema): checks skip them

    @property
    def sumber(self) -> str:
        """The decoded text, to point at a line inside a multi-line value."""
        if isinstance(self._sumber, bytes):
            self._sumber = zlib.decompress(self._sumber).decode("utf-8")
        return self._sumber

    def __getstate__(self) -> dict:
        keadaan = dict(self.__dict__, _letak=None)  # positions pickle slowly and are rarely needed
        if isinstance(self._sumber, str):
            keadaan["_sumber"] = zlib.compress(self._sumber.encode("utf-8"), 1)
        return keadaan

    @property
    def letak(self) -> dict:
        """jalur -> (baris, kolom) of the value."""
        return self._semua_letak()[0]

    @property
    def letak_kunci(self) -> dict:
        """jalur -> (baris, kolom) of its key."""
        return self._semua_letak()[1]

    def _semua_letak(self) -> tuple[dict, dict]:
        if self._letak is None:
            pembangun = _Pembangun(self.berkas, self.sumber, posisi=True)
            pembangun.bangun(yaml.parse(self.sumber, Loader=_Loader))
            self._letak = (pembangun.letak, pembangun.letak_kunci)
        return self._letak

    def ditolak(self, jalur: Jalur) -> bool:
        """This value, or one it lies in, was refused: a check on it would only repeat the error."""
        return bool(self.rusak) and any(jalur[:len(r)] == r for r in self.rusak)

    def utuh(self, jalur: Jalur) -> bool:
        """Nothing at, above or below this path was refused: a model object can be built from it."""
        return not self.rusak or not any(jalur[:len(r)] == r or r[:len(jalur)] == jalur for r in self.rusak)

    def posisi(self, jalur: Jalur, kunci: bool = False) -> tuple[int, int]:
        """Position of a path, falling back to the nearest parent that has one."""
        letak, letak_kunci = self._semua_letak()
        jalur = tuple(jalur)
        while True:
            if kunci and jalur in letak_kunci:
                return letak_kunci[jalur]
            if jalur in letak:
                return letak[jalur]
            if not jalur:
                return (1, 1)
            jalur = jalur[:-1]


def teks_jalur(jalur: Jalur) -> str:
    out = ""
    for bagian in jalur:
        out += f"[{bagian}]" if isinstance(bagian, int) else (f".{bagian}" if out else str(bagian))
    return out


class GagalBaca(Exception):
    """`dokumen` is set when the file still parsed: the refused values are None
    and listed in dokumen.rusak, so the other checks can run on the rest."""

    def __init__(self, kesalahan: list[Kesalahan], dokumen: Dokumen | None = None):
        super().__init__("\n".join(map(str, kesalahan)))
        self.kesalahan = kesalahan
        self.dokumen = dokumen


_TERJEMAHAN_YAML = [
    ("cannot start any token", "ada karakter yang tidak boleh mengawali nilai (misalnya @ atau `); beri tanda kutip pada teksnya"),
    ("did not find expected ',' or ']'", "kurung siku [ yang dibuka di sini belum ditutup, atau ada koma yang kurang"),
    ("did not find expected ',' or '}'", "kurung kurawal { yang dibuka di sini belum ditutup, atau ada koma yang kurang"),
    ("found unexpected end of stream", "berkas berakhir sebelum tanda kutip atau kurung ditutup"),
    ("mapping values are not allowed", "titik dua di tempat yang tidak semestinya: indentasi baris ini tidak rata dengan kolom di atasnya, atau teksnya memuat \": \" (beri tanda kutip pada seluruh teks, misalnya arti: \"Perceraian: ...\")"),
    ("while scanning a simple key", "baris tanpa titik dua; setiap kolom ditulis \"nama: nilai\""),
    ("could not find expected ':'", "tidak menemukan titik dua (:) yang diharapkan; periksa indentasi dan tanda kutip"),
    ("did not find expected key", "indentasi tidak rata atau ada tanda kutip/kurung yang belum ditutup"),
    ("did not find expected '-' indicator", "indentasi daftar tidak rata; butir daftar diawali \"- \" sejajar"),
    ("maximum nesting depth", f"struktur bersarang terlalu dalam (paling dalam {KEDALAMAN_MAKS} tingkat)"),
    ("found undefined alias", "alias (*) tidak diizinkan"),
    ("did not find expected node content", "nilai tidak lengkap; periksa tanda kutip dan kurung"),
    ("found duplicate anchor", "anchor (&) tidak diizinkan"),
    ("expected <block end>, but found", "indentasi tidak rata; samakan jumlah spasi di awal baris"),
    ("while scanning a quoted scalar", "tanda kutip belum ditutup"),
    ("while scanning a simple key", "baris tanpa titik dua; setiap kolom ditulis \"nama: nilai\""),
    ("expected a single document", "berkas hanya boleh berisi satu dokumen (hapus baris ---)"),
]


def _terjemahkan(exc: yaml.YAMLError, sumber: str, mark, akhir=None) -> str | tuple:
    """The Indonesian message, or (message, line0, column0[, field path]) when
    the mistake stands elsewhere than `mark`; `akhir` is where libyaml gave up."""
    teks = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}".strip() or str(exc)
    baris = sumber.splitlines()[mark.line] if mark is not None and mark.line < len(sumber.splitlines()) else ""
    if "\t" in baris[: mark.column + 1 if mark else 0]:
        return "penulisan YAML tidak sah: ada karakter tab di baris ini; YAML hanya boleh memakai spasi untuk indentasi"
    if mark is not None:
        from .pesan import petunjuk_yaml  # late: pesan builds on this module
        petunjuk = petunjuk_yaml(sumber, mark.line, mark.column, teks, akhir.line if akhir is not None else None)
        if isinstance(petunjuk, tuple):
            return (f"penulisan YAML tidak sah: {petunjuk[0]}",) + petunjuk[1:]
        if petunjuk:
            return f"penulisan YAML tidak sah: {petunjuk}"
    for inggris, indonesia in _TERJEMAHAN_YAML:
        if inggris in teks:
            return f"penulisan YAML tidak sah: {indonesia}"
    return f"penulisan YAML tidak sah ({teks}); periksa indentasi (spasi, bukan tab), tanda kutip dan titik dua"


def baca_teks(berkas: str, mentah: bytes) -> Dokumen:
    """Parse one file's bytes into a Dokumen or raise GagalBaca."""
    def gagal(baris, kolom, pesan, jalur=""):
        return GagalBaca([Kesalahan(berkas, baris, kolom, jalur, pesan)])

    if len(mentah) > UKURAN_MAKS:
        raise gagal(1, 1, f"berkas terlalu besar (lebih dari {UKURAN_MAKS} bita, batas satu berkas). Pecah menjadi beberapa berkas atau ringkas isinya")
    if mentah.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise gagal(1, 1, "berkas tersimpan sebagai UTF-16; simpan ulang dengan pengodean UTF-8")
    if b"\x00" in mentah:
        baris = mentah[: mentah.index(b"\x00")].count(b"\n") + 1
        raise gagal(baris, 1, "berkas memuat karakter NUL; simpan ulang sebagai teks UTF-8 biasa")
    if mentah.startswith(b"\xef\xbb\xbf"):
        mentah = mentah[3:]  # a BOM from Windows editors is harmless; drop it
    try:
        teks = mentah.decode("utf-8")
    except UnicodeDecodeError as exc:
        baris = mentah[: exc.start].count(b"\n") + 1
        kolom = exc.start - (mentah.rfind(b"\n", 0, exc.start) + 1) + 1
        raise gagal(baris, kolom, "berkas bukan UTF-8 yang sah; simpan ulang dengan pengodean UTF-8") from None
    tanda = _periksa_karakter(berkas, teks)
    if tanda and (_BARIS_YAML11.search(teks) or not _terurai(teks)):
        # the characters are the story: a syntax error after them would be noise, and
        # past a NEL or U+2028 the parser's line numbers no longer match the editor's
        raise GagalBaca(tanda)
    try:
        try:  # without positions first; a file with a mistake is read again with them, for the messages
            pembangun = _Pembangun(berkas, teks, posisi=False)
            data = pembangun.bangun(yaml.parse(teks, Loader=_Loader))
        except _PerluPosisi:
            pembangun = _Pembangun(berkas, teks)
            data = pembangun.bangun(yaml.parse(teks, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and any(k in (exc.context or "") for k in ("quoted scalar", "flow", "simple key")):
            mark = exc.context_mark  # where the quote, bracket or line opens, not where the parser gave up
        baris, kolom = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        pesan = _terjemahkan(exc, teks, mark, exc.problem_mark)
        jalur = None
        if isinstance(pesan, tuple):  # the mistake stands elsewhere than where libyaml noticed it
            pesan, baris, kolom, jalur = pesan[0], pesan[1] + 1, pesan[2] + 1, (pesan[3] if len(pesan) > 3 else None)
        else:
            kutip = _kutip_terbuka(teks)
            if kutip and kutip[0] < baris:
                pesan = (f"penulisan YAML tidak sah: tanda kutip yang dibuka di sini baru ditutup di baris {kutip[2]}; "
                         "tutup tanda kutip di baris yang sama")
                baris, kolom = kutip[0], kutip[1]
        if jalur is None:
            from .pesan import jalur_perkiraan
            jalur = jalur_perkiraan(teks, baris - 1)
        raise gagal(baris, kolom, pesan, jalur) from None
    except yaml.YAMLError as exc:
        raise gagal(1, 1, _terjemahkan(exc, teks, None)) from None
    except RecursionError:  # the pure-Python parser recurses per nesting level
        raise gagal(1, 1, f"struktur bersarang terlalu dalam (paling dalam {KEDALAMAN_MAKS} tingkat)") from None
    if tanda or pembangun.kesalahan:
        letak = (pembangun.letak, pembangun.letak_kunci) if pembangun.posisi else None
        dok = None if data is None else Dokumen(berkas, data, teks, _letak=letak, rusak=pembangun.rusak)
        raise GagalBaca((tanda + pembangun.kesalahan)[:KESALAHAN_MAKS], dok)
    if data is None:
        raise gagal(1, 1, "berkas kosong")
    return Dokumen(berkas, data, teks)


_MIRIP_KOLOM = re.compile(r"\n[ \t]*(- )?[a-z_]+:( |$)", re.M)


def _kutip_terbuka(teks: str):
    """After a syntax error: the last quoted value that runs over several lines
    and swallowed what looks like further fields: a quote left open (the parser
    itself only notices at the next quote, often many lines further). A long
    quoted text wrapped over lines is left alone."""
    terakhir = None
    try:
        for token in yaml.scan(teks, Loader=_Loader):
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line
                    and _MIRIP_KOLOM.search(teks[token.start_mark.index:token.end_mark.index])):
                terakhir = (token.start_mark.line + 1, token.start_mark.column + 1, token.end_mark.line + 1)
    except yaml.YAMLError:
        pass
    return terakhir


def _terurai(teks: str) -> bool:
    try:
        for _ in yaml.parse(teks, Loader=_Loader):
            pass
    except (yaml.YAMLError, RecursionError):
        return False
    return True


def _periksa_karakter(berkas: str, teks: str) -> list[Kesalahan]:
    """Invisible and direction-changing characters anywhere, comments included."""
    kesalahan = []
    for cocok in _KARAKTER_TERLARANG.finditer(teks):
        awal = cocok.start()
        baris = teks.count("\n", 0, awal) + 1
        kolom = awal - (teks.rfind("\n", 0, awal) + 1) + 1
        kode = f"U+{ord(cocok.group()):04X}"
        kesalahan.append(Kesalahan(berkas, baris, kolom, "", f"teks memuat karakter tak terlihat atau kendali arah tulisan ({kode}); hapus karakter itu dan ketik ulang teksnya"))
        if len(kesalahan) >= KESALAHAN_MAKS:
            break
    return kesalahan


class _Pembangun:
    """Builds Python values from parser events, refusing YAML traps.

    Working on events rather than composed nodes lets an alias be reported
    where it stands and never expanded (a "billion laughs" file stops at
    its first alias).
    """

    def __init__(self, berkas: str, teks: str, posisi: bool = True):
        self.berkas = berkas
        self.teks = teks
        self.posisi = posisi
        self.letak: dict = {}
        self.letak_kunci: dict = {}
        self.kesalahan: list[Kesalahan] = []
        self.rusak: set = set()
        self.simpul = 0

    def _salah(self, mark, jalur, pesan):
        if not self.posisi:
            raise _PerluPosisi  # messages may quote other positions (a duplicate key's first line)
        self.kesalahan.append(Kesalahan(self.berkas, mark.line + 1, mark.column + 1, teks_jalur(jalur), pesan))
        if len(self.kesalahan) >= KESALAHAN_MAKS:
            raise _Berhenti

    def bangun(self, peristiwa):
        try:
            return self._bangun(peristiwa) if self.posisi else self._bangun_cepat(peristiwa)
        except _Berhenti:
            return None

    def _bangun_cepat(self, peristiwa):
        """_bangun for the first reading, without positions: the same values for a file without
        mistakes, and _PerluPosisi at anything _bangun would report or mark (then the file is read
        again by _bangun, with positions). No path is built per value and each event's kind is
        told by one class test: this loop was half of reading a file (2 us an event)."""
        tumpukan: list[list] = []  # [container, pending key of a mapping or None]
        akar = None
        dokumen = simpul = 0
        terlarang = _KARAKTER_TERLARANG.search
        for ev in peristiwa:
            jenis = ev.__class__
            if jenis is yaml.ScalarEvent:
                simpul += 1
                if ev.anchor is not None:
                    raise _PerluPosisi
                nilai = ev.value
                induk = tumpukan[-1] if tumpukan else None
                if induk is not None and induk[1] is None and induk[0].__class__ is dict:  # a key
                    if (nilai == "<<" and ev.implicit[0]) or nilai in induk[0] or terlarang(nilai):
                        raise _PerluPosisi
                    induk[1] = nilai
                    continue
                if len(tumpukan) >= KEDALAMAN_MAKS or (ev.tag is not None and ev.tag not in _TAG_TEKS):
                    raise _PerluPosisi
                if ev.implicit[0] and ev.tag is None:  # plain, unquoted: where YAML 1.1 guesses types
                    if nilai in _BOOL:
                        nilai = _BOOL[nilai]
                    elif nilai in _NULL:
                        nilai = None
                    elif _BOOL_YAML11.match(nilai) or terlarang(nilai):
                        raise _PerluPosisi
                elif terlarang(nilai):
                    raise _PerluPosisi
                if induk is None:
                    akar = nilai
                elif induk[0].__class__ is list:
                    induk[0].append(nilai)
                else:
                    induk[0][induk[1]] = nilai
                    induk[1] = None
            elif jenis is yaml.MappingStartEvent or jenis is yaml.SequenceStartEvent:
                simpul += 1
                if ev.anchor is not None or len(tumpukan) >= KEDALAMAN_MAKS \
                        or (ev.tag is not None and ev.tag not in _TAG_TEKS):
                    raise _PerluPosisi
                wadah = {} if jenis is yaml.MappingStartEvent else []
                if tumpukan:
                    induk = tumpukan[-1]
                    if induk[0].__class__ is list:
                        induk[0].append(wadah)
                    elif induk[1] is None:
                        raise _PerluPosisi  # a list or mapping as a key
                    else:
                        induk[0][induk[1]] = wadah
                        induk[1] = None
                tumpukan.append([wadah, None])
            elif jenis is yaml.MappingEndEvent or jenis is yaml.SequenceEndEvent:
                selesai = tumpukan.pop()
                if not tumpukan:
                    akar = selesai[0]
            elif jenis is yaml.DocumentStartEvent:
                dokumen += 1
                if dokumen > 1:
                    raise _PerluPosisi
            elif jenis is yaml.AliasEvent:
                raise _PerluPosisi
            if simpul > SIMPUL_MAKS:
                raise _PerluPosisi
        self.simpul = simpul
        return akar

    def _bangun(self, peristiwa):
        # stack frames: [container, jalur, pending key (mappings), key mark]
        tumpukan: list[list] = []
        akar = None
        dokumen = 0
        for ev in peristiwa:
            if isinstance(ev, yaml.DocumentStartEvent):
                dokumen += 1
                if dokumen > 1:
                    self._salah(ev.start_mark, (), "berkas hanya boleh berisi satu dokumen (hapus baris ---)")
                    return None
                continue
            if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                selesai = tumpukan.pop()
                if not tumpukan:
                    akar = selesai[0]
                continue
            if not isinstance(ev, yaml.NodeEvent):
                continue
            self.simpul += 1
            if self.simpul > SIMPUL_MAKS:
                self._salah(ev.start_mark, (), f"berkas memuat terlalu banyak nilai (lebih dari {SIMPUL_MAKS}); pecah menjadi beberapa berkas")
                raise _Berhenti
            # where does this node go?
            if tumpukan and isinstance(tumpukan[-1][0], dict) and tumpukan[-1][2] is None:
                self._kunci(ev, tumpukan[-1])
                continue
            if tumpukan:
                induk = tumpukan[-1]
                jalur = induk[1] + ((len(induk[0]),) if isinstance(induk[0], list) else (induk[2],))
            else:
                jalur = ()
            nilai = self._nilai(ev, jalur, len(tumpukan))
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                wadah = {} if isinstance(ev, yaml.MappingStartEvent) else []
                self._taruh(tumpukan, wadah)
                tumpukan.append([wadah, jalur, None])
            else:
                self._taruh(tumpukan, nilai)
                if not tumpukan:
                    akar = nilai
        return akar

    def _taruh(self, tumpukan, nilai):
        if not tumpukan:
            return
        induk = tumpukan[-1]
        if isinstance(induk[0], list):
            induk[0].append(nilai)
        else:
            kunci = induk[2]
            induk[2] = None
            if kunci is not _ABAIKAN:
                induk[0][kunci] = nilai

    def _kunci(self, ev, bingkai):
        jalur = bingkai[1]
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            self._salah(ev.start_mark, jalur, "anchor (&) dan alias (*) tidak diizinkan; tulis nilainya lengkap di setiap tempat")
        if not isinstance(ev, yaml.ScalarEvent):
            self._salah(ev.start_mark, jalur, "nama kolom harus berupa teks biasa")
            raise _Berhenti  # a list or mapping as key: what follows cannot be placed
        if ev.value == "<<" and ev.implicit[0]:
            self._salah(ev.start_mark, jalur, "kunci gabungan (<<) tidak diizinkan; tulis setiap kolom secara lengkap")
            bingkai[2] = _ABAIKAN
            return
        kunci = ev.value
        m = ev.start_mark
        if kunci in bingkai[0]:
            if not self.posisi:
                raise _PerluPosisi
            baris_awal = self.letak_kunci[jalur + (kunci,)][0]
            self._salah(m, jalur + (kunci,), f"kolom \"{kunci}\" ditulis dua kali (pertama di baris {baris_awal}); hapus salah satunya")
            bingkai[2] = _ABAIKAN
            return
        self._periksa_teks(ev, jalur + (kunci,), kunci)
        if self.posisi:
            self.letak_kunci[jalur + (kunci,)] = (m.line + 1, m.column + 1)
        bingkai[2] = kunci

    def _nilai(self, ev, jalur, kedalaman):
        m = ev.start_mark
        if self.posisi:
            self.letak[jalur] = (m.line + 1, m.column + 1)
        if isinstance(ev, yaml.AliasEvent) or ev.anchor:
            self._salah(m, jalur, "anchor (&) dan alias (*) tidak diizinkan; tulis nilainya lengkap di setiap tempat")
            self.rusak.add(jalur)
            return None
        if kedalaman >= KEDALAMAN_MAKS:
            self._salah(m, jalur[:3], f"struktur bersarang terlalu dalam (paling dalam {KEDALAMAN_MAKS} tingkat)")
            raise _Berhenti
        if ev.tag is not None and ev.tag not in (_T + "str", _T + "seq", _T + "map", "!"):
            self._salah(m, jalur, f"tag YAML {ev.tag.replace(_T, '!!')} tidak diizinkan; tulis nilai biasa tanpa tanda !")
            self.rusak.add(jalur)
            return None
        if not isinstance(ev, yaml.ScalarEvent):
            return None
        nilai = ev.value
        if ev.implicit[0] and ev.tag is None:  # plain, unquoted: where YAML 1.1 guesses types
            if nilai in _BOOL:
                return _BOOL[nilai]
            if nilai in _NULL:
                return None
            if _BOOL_YAML11.match(nilai):
                self._salah(m, jalur, f"nilai {nilai} tanpa tanda kutip dibaca YAML sebagai benar/salah (boolean). Tulis true atau false, atau \"{nilai}\" dengan tanda kutip bila yang dimaksud teks")
                self.rusak.add(jalur)
                return None
        self._periksa_teks(ev, jalur, nilai)
        return nilai

    def _periksa_teks(self, ev, jalur, nilai: str):
        cocok = _KARAKTER_TERLARANG.search(nilai)
        if cocok:
            self.rusak.add(jalur)
            if cocok.group() in self.teks[ev.start_mark.index:ev.end_mark.index]:
                return  # typed as is: _periksa_karakter already named it at its exact column
            kode = f"U+{ord(cocok.group()):04X}"  # written as an escape ("\u202e")
            self._salah(ev.start_mark, jalur, f"teks memuat karakter tak terlihat atau kendali arah tulisan ({kode}); hapus karakter itu dan ketik ulang teksnya")


class _Berhenti(Exception):
    """Too many errors in one file: the rest would be noise."""


class _PerluPosisi(Exception):
    """A file read without positions has a mistake: read it again with them."""


_ABAIKAN = object()  # placeholder key for a duplicate whose value is dropped
