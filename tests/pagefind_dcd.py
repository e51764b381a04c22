"""Read Pagefind's index files (gzip, then "pagefind_dcd" + CBOR) to compare two builds by content.

Only what Pagefind 1.5 writes is decoded: integers, strings, arrays and maps.
"""
import gzip


def _baca(b: bytes, i: int):
    awal = b[i]
    jenis, info = awal >> 5, awal & 31
    i += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        lebar = 1 << (info - 24)
        n = int.from_bytes(b[i:i + lebar], "big")
        i += lebar
    elif info == 31:
        n = None
    else:
        raise ValueError(f"CBOR tidak dikenal: {awal:#x}")
    if jenis == 0:
        return n, i
    if jenis == 1:
        return -1 - n, i
    if jenis in (2, 3):
        isi = b[i:i + n]
        return (isi.decode("utf-8") if jenis == 3 else isi), i + n
    if jenis == 4:
        hasil = []
        while (n is None and b[i] != 0xFF) or (n is not None and len(hasil) < n):
            x, i = _baca(b, i)
            hasil.append(x)
        return hasil, i + (1 if n is None else 0)
    if jenis == 5:
        hasil = []
        for _ in range(n):
            k, i = _baca(b, i)
            v, i = _baca(b, i)
            hasil.append((k, v))
        return hasil, i
    if jenis == 7:
        return {20: False, 21: True, 22: None}[info], i
    raise ValueError(f"CBOR tidak dikenal: {awal:#x}")


def muat(mentah: bytes):
    data = gzip.decompress(mentah)
    assert data[:12] == b"pagefind_dcd", data[:12]
    nilai, akhir = _baca(data, 12)
    assert akhir == len(data)
    return nilai
