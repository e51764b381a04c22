"""The CI and publishing workflows: actionlint clean, the trust boundary for untrusted pull
requests, and the pre-commit hook and workflows pointing at commands that exist."""
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import AKAR

ALUR = sorted((AKAR / ".github" / "workflows").glob("*.y*ml"))
PEMICU_BERBAHAYA = {"pull_request_target", "workflow_run"}  # run fork code with the base repository's rights


def _muat(p):
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_ada_alur_kerja():
    assert ALUR


def test_actionlint():
    exe = shutil.which("actionlint")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint tidak ada; scripts/uji memasangnya dari requirements-dev.txt")
        pytest.skip("actionlint tidak terpasang (pip install -r requirements-dev.txt)")
    hasil = subprocess.run([exe, "-no-color", "-oneline", *map(str, ALUR)], cwd=AKAR, capture_output=True, text=True, timeout=120)
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr


@pytest.mark.parametrize("p", ALUR, ids=lambda p: p.name)
def test_batas_kepercayaan(p):
    alur = _muat(p)
    pemicu = alur["on"] if isinstance(alur["on"], (dict, list)) else [alur["on"]]
    assert not PEMICU_BERBAHAYA & set(pemicu), "pull request dari fork hanya lewat pull_request"
    assert alur.get("permissions") == {"contents": "read"}
    assert "secrets." not in "".join(b for b in p.read_text(encoding="utf-8").splitlines() if not b.lstrip().startswith("#"))
    terjadwal = set(pemicu) <= {"schedule", "workflow_dispatch"}  # never started by a pull request
    for nama, job in alur["jobs"].items():
        izin = job.get("permissions", {})
        tulis = {k for k, v in izin.items() if v == "write"}
        if terjadwal:
            # the weekly link report commits its JSON and opens an issue, nothing else
            assert tulis <= {"contents", "issues"}, nama
            continue
        if tulis:
            # only the deploy job writes, only to Pages, and only for a push to main
            assert tulis == {"pages", "id-token"}, nama
            assert "github.event_name == 'push'" in job.get("if", "") and "refs/heads/main" in job["if"], nama
            assert job.get("environment", {}).get("name") == "github-pages", nama
        for langkah in job.get("steps", []):
            if str(langkah.get("uses", "")).startswith("actions/checkout"):
                assert langkah.get("with", {}).get("persist-credentials") is False, f"{nama}: checkout menyimpan token"


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
