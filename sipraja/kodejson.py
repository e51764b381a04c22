"""Compact JSON text: the bytes of json.dumps(isi, ensure_ascii=False, separators=(",", ":")), faster.

orjson (Rust) writes the same text for what the pages and exports hold
(str, int, bool, None, lists and mappings with str keys) 2-3x faster than
the stdlib's C encoder: a service page's JSON-LD 15 -> 6 us, and the open
data of 10,000 services is ~50 MB of JSON. Where they would differ, json
decides: anything orjson refuses (a non-str key, an int past 64 bits) is
encoded by json, and dates and dataclasses, which json refuses, are refused
(orjson would write them). Floats would be written by both, in forms that
can differ (1e16 against 1e+16), both valid JSON; the catalogue has no
fractional numbers (schema/katalog.schema.json has no "number" type), and
what is encoded here is built from it. Without orjson everything goes to
json. tests/test_kodejson.py compares the two on the bundled catalogue's
pages and exports, and on odd values.
"""
from __future__ import annotations

import json

try:
    import orjson
except ImportError:  # pragma: no cover - the build works without it, slower
    orjson = None

_PILIHAN = 0 if orjson is None else orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def _tolak(nilai):
    raise TypeError(f"Object of type {type(nilai).__name__} is not JSON serializable")


def json_biasa(isi) -> str:
    return json.dumps(isi, ensure_ascii=False, separators=(",", ":"))


def ringkas(isi) -> str:
    """JSON without spaces, non-ASCII characters as themselves."""
    if orjson is not None:
        try:
            return orjson.dumps(isi, default=_tolak, option=_PILIHAN).decode()
        except orjson.JSONEncodeError:
            pass  # json says what is wrong, or encodes what orjson cannot (keys that are not str)
    return json_biasa(isi)
