"""The strict YAML reader: YAML 1.1 traps and dangerous features are errors with a line number."""
import pytest

from sipraja.bacayaml import GagalBaca, baca_teks


def galat(mentah: bytes):
    with pytest.raises(GagalBaca) as e:
        baca_teks("catalog/x.yaml", mentah)
    return e.value.kesalahan


def test_teks_tetap_teks():
    dok = baca_teks("x.yaml", b"buka: 08:00\ntanggal: 2026-11-28\nkode: 35.10\ntelepon: 0318941\nutama: true\n")
    assert dok.data == {"buka": "08:00", "tanggal": "2026-11-28", "kode": "35.10", "telepon": "0318941", "utama": True}
    assert dok.letak[("kode",)] == (3, 7)


@pytest.mark.parametrize("kata", ["no", "yes", "on", "off", "No", "YES", "y", "n"])
def test_boolean_yaml11_ditolak(kata):
    (k,) = galat(f"nama: x\nutama: {kata}\n".encode())
    assert (k.baris, k.jalur) == (2, "utama")
    assert "boolean" in k.pesan and "tanda kutip" in k.pesan


def test_boolean_berkutip_adalah_teks():
    assert baca_teks("x.yaml", b'a: "no"\n').data == {"a": "no"}


def test_kunci_ganda():
    (k,) = galat(b"a: 1\nb: 2\na: 3\n")
    assert k.baris == 3 and "dua kali" in k.pesan and "baris 1" in k.pesan


def test_tab():
    (k,) = galat(b"a:\n\t- b\n")
    assert k.baris == 2 and "tab" in k.pesan


def test_kutip_tidak_ditutup():
    (k,) = galat(b'a: "tidak ditutup\nb: c\n')
    assert "kutip" in k.pesan and k.berkas == "catalog/x.yaml"


def test_anchor_alias_dan_billion_laughs():
    bom = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i, n in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bom += f"{n}: &{n} [{','.join(['*' + prev] * 9)}]\n".encode()
    kesalahan = galat(bom)
    assert kesalahan[0].baris == 1 and "alias" in kesalahan[0].pesan
    assert len(kesalahan) <= 50


def test_merge_key():
    (k,) = galat(b"a: 1\n<<: {b: 2}\n")
    assert k.baris == 2 and "<<" in k.pesan


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!binary", "!foo", "!!python/name:os.system"])
def test_tag_khusus(tag):
    (k,) = galat(f"a: {tag} x\n".encode())
    assert "tag" in k.pesan


def test_bukan_utf8():
    (k,) = galat(b"a: 1\nb: caf\xe9\n")
    assert k.baris == 2 and "UTF-8" in k.pesan


def test_nul():
    (k,) = galat(b"a: 1\nb: x\x00y\n")
    assert k.baris == 2 and "NUL" in k.pesan


def test_bom_dan_crlf_diterima():
    assert baca_teks("x.yaml", b"\xef\xbb\xbfa: 1\r\nb: 2\r\n").data == {"a": "1", "b": "2"}


@pytest.mark.parametrize("karakter", ["\u202e", "\u200b", "\u2066"])
def test_karakter_tak_terlihat(karakter):
    (k,) = galat(f"a: 1\nnama: Dinas{karakter}Uji\n".encode())
    assert k.baris == 2 and "tak terlihat" in k.pesan


def test_bersarang_terlalu_dalam():
    (k,) = galat(b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n")
    assert "terlalu dalam" in k.pesan


def test_terlalu_besar():
    (k,) = galat(b"a: " + b"x" * (1024 * 1024 + 1) + b"\n")
    assert "terlalu besar" in k.pesan


def test_beberapa_dokumen():
    (k,) = galat(b"a: 1\n---\nb: 2\n")
    assert k.baris == 2 and "satu dokumen" in k.pesan


def test_kosong():
    (k,) = galat(b"# hanya komentar\n")
    assert "kosong" in k.pesan
