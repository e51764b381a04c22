"""The CI and publishing workflows: actionlint clean, and the trust boundary for untrusted pull requests."""
import os
import shutil
import subprocess

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
    for nama, job in alur["jobs"].items():
        izin = job.get("permissions", {})
        tulis = {k for k, v in izin.items() if v == "write"}
        if tulis:
            # only the deploy job writes, only to Pages, and only for a push to main
            assert tulis == {"pages", "id-token"}, nama
            assert "github.event_name == 'push'" in job.get("if", "") and "refs/heads/main" in job["if"], nama
            assert job.get("environment", {}).get("name") == "github-pages", nama
        for langkah in job.get("steps", []):
            if str(langkah.get("uses", "")).startswith("actions/checkout"):
                assert langkah.get("with", {}).get("persist-credentials") is False, f"{nama}: checkout menyimpan token"
