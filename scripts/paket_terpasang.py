"""Exit 0 when every requirement of a requirements file (following -r) is installed
in this interpreter at an accepted version, else 1: scripts/lingkungan.sh then runs
pip. Saves the pip run (seconds, and index look-ups) when nothing is missing."""
import sys
from importlib import metadata
from pathlib import Path

try:
    from packaging.requirements import Requirement
except ImportError:
    try:
        from pip._vendor.packaging.requirements import Requirement
    except ImportError:  # cannot tell: let pip decide
        sys.exit(1)


def syarat(berkas: Path):
    for baris in berkas.read_text(encoding="utf-8").splitlines():
        baris = baris.split("#", 1)[0].strip()
        if baris.startswith("-r "):
            yield from syarat(berkas.parent / baris[3:].strip())
        elif baris:
            yield Requirement(baris)


def terpasang(berkas: Path) -> bool:
    for r in syarat(berkas):
        if r.marker is not None and not r.marker.evaluate():
            continue
        try:
            versi = metadata.version(r.name)
        except metadata.PackageNotFoundError:
            return False
        if not r.specifier.contains(versi, prereleases=True):
            return False
    return True


if __name__ == "__main__":
    sys.exit(0 if terpasang(Path(sys.argv[1])) else 1)
