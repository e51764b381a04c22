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
            # the weekly link report: a branch, its pull request, an issue and the PR's checks, nothing else;
            # the job that writes runs no project code (no pip install, no build.py), the one that does only reads
            assert tulis <= {"contents", "pull-requests", "issues", "actions"}, nama
            skrip = " ".join(s.get("run", "") for s in job.get("steps", []))
            if tulis:
                assert "build.py" not in skrip and "pip" not in skrip and "scripts/" not in skrip, nama
            for b in skrip.splitlines():
                if "git push" in b:
                    assert "refs/heads/$CABANG" in b and "main" not in b, b  # never straight to main
            for langkah in job.get("steps", []):
                if str(langkah.get("uses", "")).startswith("actions/checkout"):
                    assert langkah.get("with", {}).get("persist-credentials") is False, f"{nama}: checkout menyimpan token"
            continue
        if tulis:
            # only the deploy job writes, only to Pages, and only for a push to main
            assert tulis == {"pages", "id-token"}, nama
            assert "github.event_name == 'push'" in job.get("if", "") and "refs/heads/main" in job["if"], nama
            assert job.get("environment", {}).get("name") == "github-pages", nama
        for langkah in job.get("steps", []):
            if str(langkah.get("uses", "")).startswith("actions/checkout"):
                assert langkah.get("with", {}).get("persist-credentials") is False, f"{nama}: checkout menyimpan token"


def _langkah(alur, job, nama):
    return next(s for s in alur["jobs"][job]["steps"] if s.get("name") == nama)


def _shell(alur, job, langkah):
    return (langkah.get("shell") or alur["jobs"][job].get("defaults", {}).get("run", {}).get("shell")
            or alur.get("defaults", {}).get("run", {}).get("shell"))


def test_pratinjau_diunggah_sebelum_uji():
    """The preview artifact exists even when a test fails: built and uploaded before the test suite."""
    portal = _muat(AKAR / ".github/workflows/portal.yml")
    langkah = portal["jobs"]["uji"]["steps"]
    i_bangun = next(i for i, s in enumerate(langkah) if s.get("run", "").strip() == "python build.py")
    i_unggah = next(i for i, s in enumerate(langkah) if s.get("with", {}).get("name") == "pratinjau-situs")
    i_uji = next(i for i, s in enumerate(langkah) if "scripts/uji" in s.get("run", ""))
    assert i_bangun < i_unggah < i_uji
    # a merged link report is an ordinary push to main: nothing may filter it out of publishing
    assert portal["on"]["push"] == {"branches": ["main"]}
    assert portal["jobs"]["terbit"]["needs"] == "uji"


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash tidak ada")
def test_tinjau_gagal_bila_diff_gagal(tmp_path):
    """`build.py diff | tee` under GitHub's `shell: bash` (-eo pipefail) fails when diff fails;
    under the default `bash -e` it would pass and show an empty summary."""
    portal = _muat(AKAR / ".github/workflows/portal.yml")
    langkah = _langkah(portal, "tinjau", "Ringkasan perubahan katalog")
    assert _shell(portal, "tinjau", langkah) == "bash"
    palsu = tmp_path / "bin"
    palsu.mkdir()
    (palsu / "python").write_text("#!/bin/sh\ncase \"$*\" in *diff*) echo 'galat: git show gagal' >&2; exit 1;; esac\n")
    (palsu / "python").chmod(0o755)
    env = {**os.environ, "PATH": f"{palsu}:{os.environ['PATH']}", "GITHUB_STEP_SUMMARY": str(tmp_path / "ringkasan.md")}
    sah = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", langkah["run"]], env=env, cwd=tmp_path)
    assert sah.returncode != 0
    tanpa = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-c", langkah["run"]], env=env, cwd=tmp_path)
    assert tanpa.returncode == 0  # why the shell matters


def test_pre_commit_menjalankan_check():
    """language: python: pre-commit's own virtualenv puts `python` first on PATH, so the hook runs where
    only `python3` exists (plain Debian) and on Windows; its packages are exactly requirements.txt."""
    kebutuhan = [re.sub(r"\s+#.*$", "", b).strip() for b in (AKAR / "requirements.txt").read_text().splitlines()]
    kebutuhan = [b for b in kebutuhan if b and not b.startswith("#")]
    for berkas, kait in [(".pre-commit-config.yaml", lambda d: d["repos"][0]["hooks"]),
                         (".pre-commit-hooks.yaml", lambda d: d)]:
        h = kait(yaml.safe_load((AKAR / berkas).read_text()))[0]
        assert h["id"] == "sipraja-check" and h["entry"] == "python build.py check" and h["pass_filenames"] is False
        assert h["language"] == "python" and h["additional_dependencies"] == kebutuhan, berkas
        pola = re.compile(h["files"])
        assert pola.search("catalog/instansi/dispendukcapil.yaml") and pola.search("schema/katalog.schema.json")
        assert pola.search(".github/CODEOWNERS") and not pola.search("sipraja/load.py")
    # a python hook from another repository is installed with `pip install .`
    import tomllib
    proyek = tomllib.loads((AKAR / "pyproject.toml").read_text())
    assert proyek["tool"]["setuptools"] == {"packages": [], "py-modules": []}


def test_alur_kerja_memanggil_perintah_yang_ada():
    portal = yaml.safe_load((AKAR / ".github/workflows/portal.yml").read_text())
    tinjau = portal["jobs"]["tinjau"]
    assert "pull_request" in tinjau["if"]
    assert any("build.py diff HEAD^1" in s.get("run", "") and "GITHUB_STEP_SUMMARY" in s["run"] for s in tinjau["steps"])
    assert any(s.get("uses", "").startswith("actions/upload-artifact") for s in portal["jobs"]["uji"]["steps"])
    tautan = yaml.safe_load((AKAR / ".github/workflows/tautan.yml").read_text())
    assert tautan[True]["schedule"][0]["cron"]  # PyYAML reads the key `on` as True
    periksa = " ".join(s.get("run", "") for s in tautan["jobs"]["periksa"]["steps"])
    usulkan = " ".join(s.get("run", "") for s in tautan["jobs"]["usulkan"]["steps"])
    assert "build.py links --ringkasan" in periksa and "git push" not in periksa
    assert "gh pr create" in usulkan and "gh pr edit" in usulkan and "gh issue create" in usulkan
    assert "gh workflow run portal.yml" in usulkan and tautan["jobs"]["usulkan"]["needs"] == "periksa"
    for perintah in ("baru", "diff", "codeowners", "links", "report"):
        r = subprocess.run([sys.executable, str(AKAR / "build.py"), perintah, "-h"], capture_output=True, text=True)
        assert r.returncode == 0 and "usage" in r.stdout


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None, reason="git/bash tidak ada")
def test_laporan_tautan_lewat_pull_request(tmp_path):
    """The `usulkan` steps of tautan.yml, run as written against a local remote with a stand-in
    `gh`: the report goes to the branch laporan-tautan (main untouched), a pull request is
    opened once and updated after, nothing happens when the report did not change, and the
    issue lists the newly broken links."""
    tautan = _muat(AKAR / ".github/workflows/tautan.yml")
    pr = _langkah(tautan, "usulkan", "Pull request laporan")
    isu = _langkah(tautan, "usulkan", "Isu untuk tautan yang baru rusak")
    assert _shell(tautan, "usulkan", pr) == "bash"

    def git(*a, cwd):
        return subprocess.run(["git", *a], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()
    asal, kerja, runner, palsu = (tmp_path / n for n in ("asal.git", "kerja", "runner", "bin"))
    for d in (kerja, runner / "laporan", palsu):
        d.mkdir(parents=True)
    git("init", "-q", "--bare", "-b", "main", str(asal), cwd=tmp_path)
    git("init", "-q", "-b", "main", cwd=kerja)
    (kerja / "catalog").mkdir()
    (kerja / "catalog" / "status-tautan.json").write_text('{"tautan": {}}\n')
    git("add", ".", cwd=kerja)
    git("-c", "user.name=u", "-c", "user.email=u@x", "commit", "-qm", "awal", cwd=kerja)
    git("remote", "add", "origin", str(asal), cwd=kerja)
    git("push", "-q", "origin", "main", cwd=kerja)
    log, nomor = tmp_path / "gh.log", tmp_path / "nomor-pr"
    (palsu / "gh").write_text(f'#!/bin/sh\necho "$*" >> {log}\n'
                              f'case "$1 $2" in "pr list") cat {nomor} 2>/dev/null;; esac\nexit 0\n')
    (palsu / "gh").chmod(0o755)
    env = {**os.environ, "PATH": f"{palsu}:{os.environ['PATH']}", "RUNNER_TEMP": str(runner), "CABANG": "laporan-tautan",
           "DASAR": "main", "GH_TOKEN": "palsu", "GITHUB_STEP_SUMMARY": str(tmp_path / "ringkasan.md")}

    def jalankan(laporan, rusak):
        git("checkout", "-q", "-f", "main", cwd=kerja)  # each run starts from a fresh checkout of main
        (runner / "laporan" / "status-tautan.json").write_text(laporan)
        (runner / "laporan" / "baru-rusak.md").write_text(rusak)
        log.write_text("")
        for langkah in (pr, isu):
            r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", langkah["run"]],
                               cwd=kerja, env=env, capture_output=True, text=True)
            assert r.returncode == 0, r.stderr
        return log.read_text()

    rusak = "### @pemkab-sidoarjo/dinas-uji\n- https://uji.go.id/ajukan: HTTP 404\n"
    gh = jalankan('{"tautan": {"https://uji.go.id/ajukan": {}}}\n', rusak)
    assert git("show", "laporan-tautan:catalog/status-tautan.json", cwd=asal) == '{"tautan": {"https://uji.go.id/ajukan": {}}}'
    assert git("show", "main:catalog/status-tautan.json", cwd=asal) == '{"tautan": {}}'
    assert "pr create --head laporan-tautan --base main" in gh and "pr edit" not in gh
    assert "workflow run portal.yml --ref laporan-tautan" in gh and "issue create" in gh
    assert "uji.go.id/ajukan: HTTP 404" in (runner / "isi-pr.md").read_text()
    assert (runner / "isi-isu.md").read_text() == rusak

    nomor.write_text("7\n")
    gh = jalankan('{"tautan": {"https://uji.go.id/": {}}}\n', "")
    assert "pr edit 7" in gh and "pr create" not in gh and "issue create" not in gh
    assert git("show", "laporan-tautan:catalog/status-tautan.json", cwd=asal) == '{"tautan": {"https://uji.go.id/": {}}}'
    assert git("rev-list", "--count", "main..laporan-tautan", cwd=asal) == "1"  # rewritten on main, not stacked

    assert jalankan('{"tautan": {}}\n', "") == ""  # same report as main: no pull request at all
