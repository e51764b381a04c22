"""Every built page and the stylesheet pass the Nu Html Checker (vnu.jar, the W3C validator)."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import AKAR

VNU = Path(os.environ.get("VNU_JAR", AKAR / ".cache" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))


def test_html_dan_css_sah(situs_terbangun):
    if not VNU.is_file() or not shutil.which("java"):
        if os.environ.get("CI"):
            pytest.fail(f"vnu.jar ({VNU}) atau java tidak ada; scripts/uji seharusnya memasangnya")
        pytest.skip("vnu.jar atau java belum terpasang (jalankan scripts/uji)")
    halaman = sorted(str(p) for p in situs_terbangun.rglob("*.html") if "pagefind" not in p.parts)
    assert len(halaman) > 200
    for perintah in (halaman, ["--css", str(situs_terbangun / "assets" / "gaya.css")]):
        hasil = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *perintah],
                               capture_output=True, text=True, timeout=600)
        assert hasil.returncode == 0, (hasil.stdout + hasil.stderr)[:5000]
