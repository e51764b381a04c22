"""The pre-commit hook and the workflows point at the commands that exist."""
import re
import subprocess
import sys
from pathlib import Path

import yaml

AKAR = Path(__file__).resolve().parent.parent


def test_pre_commit_menjalankan_check():
    for berkas, kait in [(".pre-commit-config.yaml", lambda d: d["repos"][0]["hooks"]),
                         (".pre-commit-hooks.yaml", lambda d: d)]:
        h = kait(yaml.safe_load((AKAR / berkas).read_text()))[0]
        assert h["id"] == "sipraja-check" and h["entry"] == "python build.py check" and h["pass_filenames"] is False
        pola = re.compile(h["files"])
        assert pola.search("catalog/instansi/dispendukcapil.yaml") and pola.search("schema/katalog.schema.json")
        assert pola.search(".github/CODEOWNERS") and not pola.search("sipraja/load.py")


def test_alur_kerja_memanggil_perintah_yang_ada():
    portal = yaml.safe_load((AKAR / ".github/workflows/portal.yml").read_text())
    tinjau = portal["jobs"]["tinjau"]
    assert "pull_request" in tinjau["if"]
    assert any("build.py diff HEAD^1" in s.get("run", "") and "GITHUB_STEP_SUMMARY" in s["run"] for s in tinjau["steps"])
    assert any(s.get("uses", "").startswith("actions/upload-artifact") for s in portal["jobs"]["uji"]["steps"])
    tautan = yaml.safe_load((AKAR / ".github/workflows/tautan.yml").read_text())
    assert tautan[True]["schedule"][0]["cron"]  # PyYAML reads the key `on` as True
    langkah = " ".join(s.get("run", "") for s in tautan["jobs"]["periksa"]["steps"])
    assert "build.py links --ringkasan" in langkah and "git push" in langkah and "gh issue create" in langkah
    for perintah in ("baru", "diff", "codeowners", "links", "report"):
        r = subprocess.run([sys.executable, str(AKAR / "build.py"), perintah, "-h"], capture_output=True, text=True)
        assert r.returncode == 0 and "usage" in r.stdout
