"""The Hugo comparison's page check (bench/hugo/bandingkan.py): what counts as the same page."""
import io
import sys
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR / "bench" / "hugo"))
import bandingkan  # noqa: E402

KITA = """<!doctype html><html><head><title>KTP-el – SIPRAJA</title>
<script type="application/ld+json">{"@type":"GovernmentService","name":"KTP-el","url":"https://x/layanan/ktp-el/"}</script>
</head><body><nav><a href="../../">Beranda</a> <a href="../">Layanan</a></nav>
<h1>KTP-el</h1><h2 id="persyaratan">Yang perlu dibawa</h2><ul><li>Kartu Keluarga</li></ul>
<img src="../../qr/layanan/ktp-el.svg" alt="Kode QR" width="110"><p class="status-buka" data-jam='[{"h":[1]}]' hidden></p>
</body></html>
"""


def _tulis(folder: Path, html: str) -> Path:
    (folder / "layanan" / "ktp-el").mkdir(parents=True)
    (folder / "layanan" / "ktp-el" / "index.html").write_text(html, encoding="utf-8")
    return folder


def _banding(tmp_path, html_hugo: str) -> dict:
    kita = _tulis(tmp_path / "kita", KITA)
    hugo = _tulis(tmp_path / "hugo", html_hugo)
    return bandingkan.bandingkan(kita, hugo, keluar=io.StringIO())["jenis"]["layanan/*"]


def test_sama_walau_spasi_urutan_kunci_ld_dan_nama_berkas_qr_berbeda(tmp_path):
    hugo = (KITA.replace('{"@type":"GovernmentService","name":"KTP-el"', '{"name":"KTP-el","@type":"GovernmentService"')
            .replace("qr/layanan/ktp-el.svg", "qr/layanan/qr_1a2b3c.png")
            .replace("<h1>KTP-el</h1><h2", "<h1>KTP-el</h1>\n\n<h2")
            .replace('<a href="../">', '<a href="../../layanan/">'))  # same target, written differently
    r = _banding(tmp_path, hugo)
    assert r["semua_sama"] == 1


def test_beda_teks_tautan_atribut_dan_ld_terdeteksi(tmp_path):
    for ganti in [("Kartu Keluarga", "Kartu keluarga"), ('href="../"', 'href="../../"'),
                  ('width="110"', 'width="96"'), ('"name":"KTP-el"', '"name":"KTP"'),
                  ('<h2 id="persyaratan">', '<h3 id="persyaratan">')]:
        folder = tmp_path / str(abs(hash(ganti)))
        r = _banding(folder, KITA.replace(*ganti))
        assert r["semua_sama"] == 0, ganti


def test_halaman_en_hanya_kita_dihitung_terpisah_tidak_dibandingkan(tmp_path):
    # our English pages (en/) are out of scope for the Hugo peer: counted, not reported as missing
    kita = _tulis(tmp_path / "kita", KITA)
    (kita / "en" / "layanan" / "ktp-el").mkdir(parents=True)
    (kita / "en" / "layanan" / "ktp-el" / "index.html").write_text(KITA.replace("KTP-el", "ID card"), encoding="utf-8")
    (kita / "en" / "404.html").write_text(KITA, encoding="utf-8")
    hugo = _tulis(tmp_path / "hugo", KITA)
    keluar = io.StringIO()
    b = bandingkan.bandingkan(kita, hugo, keluar=keluar)
    assert (b["kita"], b["hugo"], b["kita_en"], b["hanya_satu_sisi"], b["semua_sama"]) == (1, 1, 2, [], 1)
    assert "2 halaman bahasa Inggris (en/)" in keluar.getvalue()


def test_hanya_indonesia_menulis_halaman_indonesia_yang_sama(tmp_path):
    """The bench-only hook of banding_hugo.py: no en/ pages or codes, the Indonesian ones byte for byte the same."""
    import subprocess
    katalog = AKAR / "tests" / "data" / "katalog-mini"
    bench = AKAR / "bench" / "banding_hugo.py"
    for nama, tambahan in (("id", ["--hanya-id"]), ("semua", [])):
        subprocess.run([sys.executable, str(bench), "--sisi-kita", str(katalog), "--simpan-kita", str(tmp_path / nama),
                        *tambahan], check=True, capture_output=True)
    semua = {p.relative_to(tmp_path / "semua") for p in (tmp_path / "semua").rglob("*") if p.is_file()}
    hanya_id = {p.relative_to(tmp_path / "id") for p in (tmp_path / "id").rglob("*") if p.is_file()}
    lain = {p for p in semua if p.parts[0] == "en" or p.parts[:2] == ("qr", "en")}
    assert lain and hanya_id == semua - lain
    assert all((tmp_path / "id" / p).read_bytes() == (tmp_path / "semua" / p).read_bytes() for p in hanya_id)
