"""Which small edit would fix a YAML syntax error, said as the edit itself.

libyaml reports where it gave up, which is often the line after the mistake
(a key indented one level too little is only noticed at the next "- "), and
its wording fits several mistakes. So near the error line we try the edits
a new editor's mistakes call for: a space after "key:", a missing colon, a
space after "-", a missing "- ", each indentation the lines above use. An
edit counts only if the whole file then parses and has the schema's shape
(no unknown field, no missing field, no list where a text belongs): that is
what tells `url` under a channel from `url` under the service. The message
names the line, column and field of the fixed file and the exact change.
"""
from __future__ import annotations

import re
from functools import lru_cache

import yaml

from .bacayaml import GagalBaca, _Loader, baca_teks, teks_jalur

UKURAN_MAKS = 256 * 1024  # every candidate re-parses the file; real files are tens of KB
BARIS_DICOBA = 4  # non-blank lines, from the error line upwards
SALAH_TEMPAT_MAKS = 3  # unknown fields per file checked for a misplaced indentation
_PRIORITAS = {"spasi-titik-dua": 0, "titik-dua": 1, "spasi-strip": 2, "strip": 3, "indentasi": 4}
_JALUR_BAGIAN = re.compile(r"\[\d+\]|[^.\[\]]+")  # "layanan[0].biaya" -> layanan, [0], biaya
_KUNCI = re.compile(r"^(\s*(?:- )*)([A-Za-z_][\w-]*):(\s|$)")


@lru_cache(maxsize=1)
def _nama_kolom() -> frozenset:
    from .skema import skema  # late: skema imports pesan, which imports this module
    nama = set()

    def jalan(node):
        if isinstance(node, dict):
            nama.update(node.get("properties", {}))
            for v in node.values():
                jalan(v)
        elif isinstance(node, list):
            for v in node:
                jalan(v)
    jalan(skema())
    return frozenset(nama)


def _indent(baris: str) -> int:
    return len(baris) - len(baris.lstrip(" "))


def _kolom_isi(baris: str) -> int:
    """Where the content of a line starts: after the indentation and any "- "."""
    m = re.match(r"^(\s*(?:- +)*)", baris)
    return len(m.group(1))


def _calon(semua: list[str], n: int):
    """(kind, first line, end line, new lines, detail) edits for line n."""
    s = semua[n]
    ind = _indent(s)
    isi = s[ind:]
    m = re.match(r"^((?:- )*)([A-Za-z_][\w-]*):([^\s:/].*)$", isi)
    if m:
        yield "spasi-titik-dua", n, n + 1, [f"{s[:ind]}{m.group(1)}{m.group(2)}: {m.group(3)}"], ind + len(m.group(1)) + len(m.group(2))
    m = re.match(r"^((?:- )*)([a-z_]+)(?: +(\S.*))?$", isi)
    if m and m.group(2) in _nama_kolom() and ":" not in (m.group(3) or "")[:1]:
        nilai = f" {m.group(3)}" if m.group(3) else ""
        yield "titik-dua", n, n + 1, [f"{s[:ind]}{m.group(1)}{m.group(2)}:{nilai}"], ind + len(m.group(1)) + len(m.group(2))
    m = re.match(r"^-([^\s-].*)$", isi)
    if m:
        yield "spasi-strip", n, n + 1, [f"{s[:ind]}- {m.group(1)}"], ind
    if not isi.startswith("-"):
        # a list item without its "- ": at its own indentation or at that of the item above
        kolom = {ind}
        atas = next((b for b in reversed(semua[max(0, n - 40):n]) if b.lstrip().startswith("- ")), None)
        if atas is not None:
            kolom.add(_indent(atas))
        for k in sorted(kolom):
            yield "strip", n, n + 1, [" " * k + "- " + isi], k
    # indentation: every column a line above starts at, or its content after "- "
    kolom = set()
    for b in semua[max(0, n - 200):n]:
        if b.strip() and not b.lstrip().startswith("#"):
            kolom.update((_indent(b), _kolom_isi(b), _indent(b) + 2))
    akhir = n + 1
    while akhir < len(semua) and (not semua[akhir].strip() or _indent(semua[akhir]) > ind):
        akhir += 1
    while akhir > n + 1 and not semua[akhir - 1].strip():
        akhir -= 1
    for k in sorted(c for c in kolom if c != ind and c <= 40):
        yield "indentasi", n, n + 1, [" " * k + isi], k
        geser = k - ind
        if akhir > n + 1 and min(_indent(b) for b in semua[n + 1:akhir] if b.strip()) + geser >= 0:
            blok = [(" " * (_indent(b) + geser) + b.lstrip(" ")) if b.strip() else b for b in semua[n + 1:akhir]]
            yield "indentasi", n, akhir, [" " * k + isi] + blok, k


def _galat_struktur(data) -> int:
    """Schema errors that say the tree has the wrong shape (not empty fields or bad values)."""
    from .skema import validator
    jumlah = 0
    for g in validator().iter_errors(data):
        if g.validator in ("additionalProperties", "required") or (g.validator == "type" and g.instance is not None):
            jumlah += 1
    return jumlah


def _parse_lolos(teks: str) -> bool:
    try:
        for _ in yaml.parse(teks, Loader=_Loader):
            pass
    except yaml.YAMLError:
        return False
    return True


def _coba(semua: list[str], akhir_teks: str, baris: list[int], asal: int, jenis_boleh=None, batas: int = 0):
    """The best edit on these lines: the whole file parses and has fewer than
    `batas` + 1 shape errors (fewest first, then the likeliest kind, then the
    line nearest to `asal`); None when no edit does."""
    terbaik = None
    for n in baris:
        for jenis, awal, akhir, ganti, kolom in _calon(semua, n):
            if jenis_boleh and jenis not in jenis_boleh:
                continue
            baru = semua[:awal] + ganti + semua[akhir:]
            t2 = "\n".join(baru) + akhir_teks
            if not _parse_lolos(t2):
                continue
            try:
                dok = baca_teks("perbaikan.yaml", t2.encode("utf-8"))
            except GagalBaca:
                continue  # e.g. the edit made a key appear twice
            if not _berdiri_sendiri(dok, baru, n):
                continue
            nilai = (_galat_struktur(dok.data), _PRIORITAS[jenis], abs(n - asal), akhir - awal)
            if nilai[0] <= batas and (terbaik is None or nilai < terbaik[0]):
                terbaik = (nilai, jenis, n, akhir - awal, baru, kolom, dok)
    return terbaik[1:] if terbaik else None


def _cari(teks: str, baris0: int, baris_akhir: int | None):
    semua = teks.splitlines()
    mulai = min(max(baris0, baris_akhir if baris_akhir is not None else baris0), len(semua) - 1)
    dicoba = []
    n = mulai
    while n >= 0 and len(dicoba) < BARIS_DICOBA:
        if semua[n].strip() and not semua[n].lstrip().startswith("#"):
            dicoba.append(n)
        n -= 1
    akhir_teks = "\n" if teks.endswith("\n") else ""
    hasil = _coba(semua, akhir_teks, dicoba, baris0)
    if hasil is None:
        # the same slip made again further down (biaya:Gratis in every service) leaves no one
        # edit after which the whole file parses; for the slips that have one reading only,
        # an edit that carries the parser past this line is enough
        hasil = _coba_lokal(semua, akhir_teks, dicoba, baris0, mulai)
    # none: better a general message than a wrong fix
    return hasil


def _coba_lokal(semua: list[str], akhir_teks: str, baris: list[int], asal: int, mulai: int):
    terbaik = None
    for n in baris:
        for jenis, awal, akhir, ganti, kolom in _calon(semua, n):
            if jenis not in ("spasi-titik-dua", "titik-dua", "spasi-strip"):
                continue
            baru = semua[:awal] + ganti + semua[akhir:]
            try:
                for _ in yaml.parse("\n".join(baru) + akhir_teks, Loader=_Loader):
                    pass
                continue  # parses whole, yet failed the shape check in _coba
            except yaml.MarkedYAMLError as exc:
                mark = exc.problem_mark or exc.context_mark
                if mark is None or mark.line <= mulai:
                    continue
            except yaml.YAMLError:
                continue
            nilai = (_PRIORITAS[jenis], abs(n - asal))
            if terbaik is None or nilai < terbaik[0]:
                terbaik = (nilai, jenis, n, akhir - awal, baru, kolom, None)
    return terbaik[1:] if terbaik else None


def _berdiri_sendiri(dok, baru: list[str], n: int) -> bool:
    """Does the edited line n hold a field or list item of its own (or a line
    of a | or > text block)? An edit that only makes it part of the plain text
    above parses too, but is not what the editor meant."""
    if _jalur_baris(dok, n):
        return True
    awal = max((pos for pos in dok.letak.values() if pos[0] <= n + 1), default=None)
    return awal is not None and awal[0] <= n and re.search(r"[|>][+-]?[0-9]?\s*(#.*)?$", baru[awal[0] - 1]) is not None


def _jalur_baris(dok, n: int) -> tuple:
    """The field path of what stands on line n (0-based) of a parsed file."""
    kunci = [(kol, j) for j, (b, kol) in dok.letak_kunci.items() if b == n + 1]
    if kunci:
        return min(kunci, key=lambda x: (x[0], -len(x[1])))[1]
    nilai = [(kol, -len(j), j) for j, (b, kol) in dok.letak.items() if b == n + 1 and j]
    return min(nilai)[2] if nilai else ()


def _nama(jalur: tuple) -> str:
    return f"\"{jalur[-1]}\"" if jalur and isinstance(jalur[-1], str) else "butir daftar"


def _sejajar(baru: list[str], n: int, kolom: int) -> str:
    """' sejajar dengan "label" di baris 87': the nearest line above of the same
    kind (key or "- " item) that starts at that column, or the parent line."""
    butir = baru[n].lstrip().startswith("- ")
    for m in range(n - 1, max(-1, n - 200), -1):
        b = baru[m]
        if not b.strip() or b.lstrip().startswith("#"):
            continue
        k = _KUNCI.match(b)
        if butir and _indent(b) == kolom and b.lstrip().startswith("- "):
            return f", sejajar dengan tanda \"- \" butir di baris {m + 1}"
        if not butir and k and _kolom_isi(b) == kolom:
            return f", sejajar dengan \"{k.group(2)}\" di baris {m + 1}"
        if _kolom_isi(b) < kolom or (_indent(b) < kolom and not b.lstrip().startswith("- ")):
            return ", satu tingkat lebih dalam dari " + (f"\"{k.group(2)}\" di baris {m + 1}" if k else f"baris {m + 1}")
    return ""


def perbaikan_yaml(teks: str, baris0: int, baris_akhir: int | None = None):
    """(pesan, baris0, kolom0, jalur) for the edit that fixes the syntax error, or None."""
    if len(teks) > UKURAN_MAKS or not teks.strip():
        return None
    hasil = _cari(teks, baris0, baris_akhir)
    if hasil is None:
        return None
    jenis, n, panjang, baru, kolom, dok = hasil
    if dok is None:  # the rest of the file still does not parse: the path from indentation alone
        from .pesan import jalur_perkiraan
        jalur = tuple(_JALUR_BAGIAN.findall(jalur_perkiraan("\n".join(baru), n)))
        jalur = tuple(int(b[1:-1]) if b.startswith("[") else b for b in jalur)
    else:
        jalur = _jalur_baris(dok, n)
    lama_baris = teks.splitlines()[n]
    benar = baru[n].strip()
    nama = _nama(jalur)
    if jenis == "spasi-titik-dua":
        pesan = f"sesudah titik dua harus ada satu spasi. Tulis {benar} (bukan {lama_baris.strip()})"
    elif jenis == "titik-dua":
        pesan = f"titik dua sesudah nama kolom {nama} tidak ada. Tulis {benar}"
    elif jenis == "spasi-strip":
        pesan = f"sesudah tanda - harus ada satu spasi. Tulis {benar}"
    elif jenis == "strip":
        atas = next((m for m in range(n - 1, max(-1, n - 40), -1) if baru[m].lstrip().startswith("- ")
                     and _indent(baru[m]) == kolom), None)
        seperti = f" seperti butir di baris {atas + 1}" if atas is not None else ""
        pesan = (f"baris ini butir daftar {teks_jalur(jalur[:-1])} tetapi tidak diawali tanda \"- \". "
                 f"Tulis {benar}, dengan tanda - di kolom {kolom + 1}{seperti}")
        kolom = _indent(lama_baris)
    else:
        pesan, jalur = _pesan_indentasi(lama_baris, baru, n, panjang, kolom, dok)
        pesan = "indentasi tidak rata: " + pesan
        kolom = _indent(lama_baris)
    return pesan, n, kolom, teks_jalur(jalur)


def _pesan_indentasi(lama_baris: str, baru: list[str], n: int, panjang: int, kolom: int, dok) -> tuple[str, tuple]:
    """'baris 88 ("url") menjorok 2 spasi, seharusnya 4 ... Tambahkan 2 spasi ...' and the field path."""
    jalur = _jalur_baris(dok, n)
    teks_blok = ""
    if not jalur or dok.letak.get(jalur, (n + 1,))[0] < n + 1 and not _KUNCI.match(baru[n]):
        # a line inside a multi-line text: it belongs to the value that started above
        jalur = max((j for j, pos in dok.letak.items() if pos <= (n + 1, kolom + 1) and j), key=dok.letak.get, default=())
        if jalur and isinstance(dok.data, dict):
            teks_blok = f", karena baris ini bagian dari teks {_nama(jalur)} yang dimulai di baris {dok.letak[jalur][0]}"
    elif baru[n].lstrip().startswith("- ") and any(isinstance(b, int) for b in jalur):
        # a "- key: value" line: the line stands for the list item, not for its first key
        jalur = jalur[: max(i for i, b in enumerate(jalur) if isinstance(b, int)) + 1]
    ind = _indent(lama_baris)
    selisih = kolom - ind
    ubah = f"tambahkan {selisih} spasi" if selisih > 0 else f"hapus {-selisih} spasi"
    nama = _nama(jalur)
    induk = teks_jalur(jalur[:-1])
    if teks_blok:
        bagian = teks_blok
    elif not induk:
        bagian = ""
    elif isinstance(jalur[-1], int):
        bagian = f", karena butir ini termasuk daftar {induk}"
    else:
        bagian = f", karena {nama} adalah kolom dari {induk}"
    pesan = (f"baris {n + 1} ({'teks' if teks_blok else nama}) menjorok {ind} spasi, seharusnya {kolom} spasi"
             f"{'' if teks_blok else _sejajar(baru, n, kolom)}{bagian}. {ubah[0].upper()}{ubah[1:]} di awal baris ini")
    if panjang > 1:
        pesan += f" dan juga di baris {n + 2}-{n + panjang} di bawahnya (isi {nama})"
    return pesan, jalur


def kolom_salah_tempat(dok, jalur: tuple) -> str:
    """For a field unknown where it stands that the schema knows one level
    deeper or shallower (`url` written under the institution instead of under
    its `pengaduan`): ' Mungkin indentasinya salah: ...', else ''."""
    teks = dok.sumber
    if not teks or len(teks) > UKURAN_MAKS or tuple(jalur) not in dok.letak_kunci:
        return ""
    # each try re-validates the file: a few per file, so a file full of unknown fields stays fast
    dicoba = getattr(dok, "_salah_tempat_dicoba", 0)
    if dicoba >= SALAH_TEMPAT_MAKS:
        return ""
    dok._salah_tempat_dicoba = dicoba + 1
    n = dok.letak_kunci[tuple(jalur)][0] - 1
    semua = teks.splitlines()
    hasil = _coba(semua, "\n" if teks.endswith("\n") else "", [n], n, {"indentasi"}, _galat_struktur(dok.data) - 1)
    if hasil is None:
        return ""
    _, n, panjang, baru, kolom, dok_baru = hasil
    pesan, jalur_baru = _pesan_indentasi(semua[n], baru, n, panjang, kolom, dok_baru)
    return f" Mungkin indentasinya yang salah ({teks_jalur(jalur_baru)}): {pesan}."


def indentasi_umum(teks: str, baris0: int):
    """No single edit fixes it: say how this line's indentation compares with the one above."""
    semua = teks.splitlines()
    if not 0 <= baris0 < len(semua) or not semua[baris0].strip():
        return None
    atas = next((m for m in range(baris0 - 1, -1, -1) if semua[m].strip() and not semua[m].lstrip().startswith("#")), None)
    if atas is None:
        return None
    ind, ind_atas = _indent(semua[baris0]), _indent(semua[atas])
    return (f"struktur baris {baris0 + 1} tidak cocok dengan baris di atasnya: baris ini menjorok {ind} spasi, "
            f"baris {atas + 1} menjorok {ind_atas} spasi. Kolom yang setingkat harus mulai di kolom yang sama, "
            "isi sebuah kolom (atau butir \"- \" daftarnya) menjorok lebih dalam dari nama kolomnya, "
            "dan setiap kolom ditulis \"nama: nilai\" dengan spasi sesudah titik dua")
