# shellcheck shell=bash
# Sourced (not run) by scripts/sajikan and scripts/uji: which Python to use, with its
# packages. A Python that pip may install into (pyenv, a venv, setup-python in CI) is
# used as it is; a stock Debian/Ubuntu python3 refuses pip (PEP 668,
# "externally-managed-environment"), so there the packages go into .venv/, made with
# python3-venv from apt when the system lacks it. Nothing installed is installed again.

sebagai_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_diperbarui=0
pasang_apt() {
  if [ "$apt_diperbarui" = 0 ]; then sebagai_root apt-get update -qq; apt_diperbarui=1; fi
  sebagai_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# pip may install here: inside a venv, or a Python that is not externally managed and has pip
_pip_boleh() {
  "$1" - 2>/dev/null <<'PY'
import importlib.util, os, sys, sysconfig
dikelola = os.path.isfile(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"))
sys.exit(0 if (sys.prefix != sys.base_prefix or not dikelola) and importlib.util.find_spec("pip") else 1)
PY
}

# siapkan_python REQUIREMENTS: sets PY to an interpreter that has them installed
siapkan_python() {
  command -v python3 >/dev/null || pasang_apt python3
  if [ -x .venv/bin/python ]; then
    PY=.venv/bin/python
  elif _pip_boleh python3; then
    PY=python3
  else
    echo "python3 sistem tidak boleh dipasangi paket lewat pip (PEP 668); paket dipasang di .venv/" >&2
    if ! python3 -m venv .venv >/dev/null 2>&1; then
      rm -rf .venv  # a venv without pip: python3-venv (ensurepip) is missing
      pasang_apt python3-venv
      python3 -m venv .venv
    fi
    PY=.venv/bin/python
  fi
  "$PY" scripts/paket_terpasang.py "$1" ||
    "$PY" -m pip install -q --disable-pip-version-check -r "$1"
}
