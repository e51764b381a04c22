"""Catalogue history per service, from git: when each service was added and last changed.

For the Atom feed (opendata.umpan_atom). History is read per service, not
per file: editing one service of an institution file leaves its neighbours
alone, and a service added to an old file is dated by the commit that added
it. Two processes whatever the length of the history: one `git log --raw`
lists, per commit, the old and new blob of every institution file it
touched; one `git cat-file --batch` returns all those blobs. Each blob is
read with the build's strict YAML reader (bacayaml), so a service is what
the build would see. Comparing each commit's old and new version of a file
(never one commit with the next in log order) keeps branches and merges
right: every change is dated by the commit that made it.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from .bacayaml import GagalBaca, baca_teks

_KOSONG = "0" * 40  # git's blob id for "no file" (added or deleted)


def _git(akar: str, *arg: str, masukan: bytes | None = None) -> bytes | None:
    try:
        r = subprocess.run(["git", "-C", akar, *arg], input=masukan, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout if r.returncode == 0 else None


def _layanan_per_id(mentah: bytes | None) -> dict[str, object]:
    """{service id: its parsed mapping} of one file version; {} for a missing or unreadable one."""
    if not mentah:
        return {}
    try:
        data = baca_teks("riwayat.yaml", mentah).data
    except GagalBaca:
        return {}  # a broken version changes nothing: its services keep their previous dates
    daftar = data.get("layanan") if isinstance(data, dict) else None
    return {d["id"]: d for d in daftar or [] if isinstance(d, dict) and isinstance(d.get("id"), str)}


def _blob(akar: str, sha: set[str]) -> dict[str, bytes] | None:
    """All blobs in one `git cat-file --batch`."""
    urut = sorted(sha)
    keluar = _git(akar, "cat-file", "--batch", masukan="".join(f"{s}\n" for s in urut).encode())
    if keluar is None:
        return None
    hasil, i = {}, 0
    for s in urut:
        kepala_akhir = keluar.index(b"\n", i)
        kepala = keluar[i:kepala_akhir].split()
        if len(kepala) != 3:  # "<sha> missing"
            return None
        ukuran = int(kepala[2])
        hasil[s] = keluar[kepala_akhir + 1:kepala_akhir + 1 + ukuran]
        i = kepala_akhir + 1 + ukuran + 1
    return hasil


def riwayat_git(folder_katalog: Path) -> dict[str, tuple[str, str]]:
    """{service id: (date added, date last changed)} as YYYY-MM-DD commit dates.

    Empty outside a git checkout, without git, or in a shallow clone (whose
    first commit would date every service as new): the feed then goes by
    `diperiksa` alone. A service moved unchanged from one file to another in
    one commit keeps its dates."""
    folder = Path(folder_katalog).resolve()
    akar_b = _git(str(folder), "rev-parse", "--show-toplevel", "--is-shallow-repository")
    if akar_b is None:
        return {}
    akar, dangkal = (akar_b.decode().splitlines() + ["", ""])[:2]
    if dangkal.strip() != "false":
        return {}
    log = _git(akar, "log", "--no-renames", "--raw", "--no-abbrev", "--format=@%cs", "--",
               str(folder / "instansi"))
    if log is None:
        return {}
    komit: list[tuple[str, list[tuple[str, str]]]] = []  # (date, [(old blob, new blob)])
    for baris in log.decode("utf-8", "replace").splitlines():
        if baris.startswith("@"):
            komit.append((baris[1:], []))
        elif baris.startswith(":") and baris.endswith(".yaml") and komit:
            bagian = baris.split("\t", 1)[0].split()
            komit[-1][1].append((bagian[2], bagian[3]))
    blob = _blob(akar, {s for _, ubah in komit for pasangan in ubah for s in pasangan if s != _KOSONG})
    if blob is None:
        return {}
    baca: dict[str, dict] = {}

    def versi(sha: str) -> dict:
        if sha not in baca:
            baca[sha] = _layanan_per_id(blob.get(sha))
        return baca[sha]

    riwayat: dict[str, tuple[str, str]] = {}
    for tanggal, ubah in komit:
        hilang: dict[str, object] = {}  # removed in this commit: an equal add elsewhere is a move
        tambah: dict[str, object] = {}
        berubah: set[str] = set()
        for lama_sha, baru_sha in ubah:
            lama, baru = versi(lama_sha), versi(baru_sha)
            for ident in lama.keys() - baru.keys():
                hilang[ident] = lama[ident]
            for ident, isi in baru.items():
                if ident not in lama:
                    tambah[ident] = isi
                elif lama[ident] != isi:
                    berubah.add(ident)
        berubah |= {i for i, isi in tambah.items() if i in hilang and hilang[i] != isi}
        for ident in berubah | {i for i in tambah if i not in hilang}:
            awal, akhir = riwayat.get(ident, (tanggal, tanggal))
            baru_ditambah = ident in tambah and ident not in hilang
            riwayat[ident] = (min(awal, tanggal) if baru_ditambah else awal, max(akhir, tanggal))
    return riwayat
