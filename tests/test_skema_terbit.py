"""The JSON Schema is published in the built site at a stable path that matches its $id."""
import json
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent


def test_skema_terbit_di_jalur_tetap(situs_terbangun):
    terbit = situs_terbangun / "schema" / "katalog.schema.json"
    asli = AKAR / "schema" / "katalog.schema.json"
    assert terbit.read_bytes() == asli.read_bytes()
    skema = json.loads(terbit.read_text())
    from sipraja.load import muat_katalog
    url_dasar = muat_katalog(AKAR / "catalog").situs.url_dasar
    assert skema["$id"] == url_dasar + "schema/katalog.schema.json"
