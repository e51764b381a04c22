"""The Open Referral HSDS 3.0 export, checked against the official HSDS JSON Schemas (tests/data/hsds/)."""
import json
import uuid
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import AKAR
from sipraja.load import muat_katalog

SKEMA = Path(__file__).resolve().parent / "data" / "hsds"
# The project's copy of the official schemas sits in `../shared/hsds/` beside the checkout
# (for a worktree, beside one of its parent folders); the fixtures must not drift from it.
RESMI = next((p / "shared" / "hsds" for p in AKAR.parents if (p / "shared" / "hsds").is_dir()), None)
TABEL = {"organizations": "organization", "services": "service", "locations": "location", "addresses": "address",
         "service_at_locations": "service_at_location", "phones": "phone", "schedules": "schedule",
         "required_documents": "required_document"}


@pytest.fixture(scope="module")
def registri():
    return Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text()), default_specification=DRAFT202012))
        for p in SKEMA.glob("*.json"))


@pytest.fixture(scope="module")
def ekspor(situs_terbangun):
    return {t: json.loads((situs_terbangun / "data" / "hsds" / f"{t}.json").read_text(encoding="utf-8")) for t in TABEL}


@pytest.fixture(scope="module")
def k():
    return muat_katalog(AKAR / "catalog")


@pytest.mark.parametrize("tabel", TABEL)
def test_sah_menurut_skema_resmi_hsds(tabel, ekspor, registri):
    skema = json.loads((SKEMA / f"{TABEL[tabel]}.json").read_text())
    v = Draft202012Validator(skema, registry=registri, format_checker=FormatChecker())
    assert ekspor[tabel], tabel
    galat = [f"{r.get('id')}: {e.json_path}: {e.message}" for r in ekspor[tabel] for e in v.iter_errors(r)]
    assert galat == []


@pytest.mark.parametrize("tabel", TABEL)
def test_tanpa_kunci_di_luar_skema_resmi(tabel, ekspor):
    # HSDS objects allow extra properties, so a misspelt or invented key would validate: look by hand
    dikenal = set(json.loads((SKEMA / f"{TABEL[tabel]}.json").read_text())["properties"])
    asing = sorted({k for r in ekspor[tabel] for k in r} - dikenal)
    assert asing == [], f"{tabel}: kunci tidak ada di skema HSDS 3.0 {TABEL[tabel]}.json"


@pytest.mark.skipif(RESMI is None, reason="../shared/hsds/ tidak ada di mesin ini")
def test_salinan_skema_sama_dengan_shared():
    # every file kept here is byte-identical to the project's copy; only the README (which explains the
    # selection) differs, and openapi.json and compiled/ are deliberately not copied
    disalin = sorted(p.name for p in SKEMA.iterdir() if p.name != "README.md")
    assert len(disalin) > 20 and "LICENSE" in disalin
    beda = [n for n in disalin if (SKEMA / n).read_bytes() != (RESMI / n).read_bytes()]
    assert beda == []
    resmi = sorted(p.name for p in RESMI.glob("*.json") if p.name != "openapi.json")
    assert [n for n in disalin if n.endswith(".json")] == resmi


def test_skema_resmi_menolak_rekaman_rusak(registri):
    # the validator really uses the HSDS files: a bad status and a non-UUID id are refused
    v = Draft202012Validator(json.loads((SKEMA / "service.json").read_text()), registry=registri,
                             format_checker=FormatChecker())
    assert not v.is_valid({"id": str(uuid.uuid4()), "name": "x", "status": "aktif"})
    assert not v.is_valid({"id": "akta-kelahiran", "name": "x", "status": "active"})


def test_id_uuid5_unik_dan_rujukan_utuh(ekspor):
    semua = [r["id"] for t in ekspor.values() for r in t]
    assert len(semua) == len(set(semua))
    assert all(uuid.UUID(i).version == 5 for i in semua)
    ada = {t: {r["id"] for r in ekspor[t]} for t in ekspor}
    rujukan = {"organization_id": "organizations", "service_id": "services", "location_id": "locations"}
    for tabel, daftar in ekspor.items():
        for r in daftar:
            for kunci, target in rujukan.items():
                if kunci in r and not (tabel == target and kunci == "id"):
                    assert r[kunci] in ada[target], f"{tabel} {r['id']}: {kunci}"


def test_isi_cocok_dengan_katalog(ekspor, k):
    assert len(ekspor["organizations"]) == len(k.instansi)
    assert len(ekspor["services"]) == len(k.layanan)
    assert len(ekspor["required_documents"]) == sum(len(x.persyaratan) for x in k.layanan.values())
    assert len(ekspor["schedules"]) == sum(len(i.jam_layanan) for i in k.instansi.values())
    org = {r["id"]: r for r in ekspor["organizations"]}
    layanan = {r["url"].rstrip("/").rsplit("/", 1)[1]: r for r in ekspor["services"]}
    akta = k.layanan["akta-kelahiran"]
    r = layanan["akta-kelahiran"]
    assert r["name"] == akta.nama and r["fees_description"] == akta.biaya and r["wait_time"] == akta.waktu
    assert org[r["organization_id"]]["name"] == akta.instansi.nama
    assert r["status"] == "active"
    dokumen = [d["document"] for d in ekspor["required_documents"] if d["service_id"] == r["id"]]
    assert dokumen == akta.persyaratan
    for x in k.layanan.values():
        if x.status != "aktif":
            assert layanan[x.id]["status"] in ("temporarily closed", "defunct")


def test_layanan_kecamatan_ada_di_18_kantor(ekspor, k):
    lay = next(x for x in k.layanan.values() if x.tingkat == "kecamatan")
    sid = next(r["id"] for r in ekspor["services"] if r["name"] == lay.nama)
    lokasi = {r["id"]: r for r in ekspor["locations"]}
    di = [lokasi[s["location_id"]] for s in ekspor["service_at_locations"] if s["service_id"] == sid]
    kantor = {f"Kantor {i.nama}" for i in k.kantor_kecamatan()}
    assert len(kantor) == 18 and kantor <= {x["name"] for x in di if x["location_type"] == "physical"}


def test_alamat_belum_terverifikasi_bukan_address(ekspor, k):
    belum = [i for i in k.instansi.values() if not i.kontak.alamat_terverifikasi]
    assert len(belum) >= 32  # 14 kecamatan and 18 KUA at least
    lokasi = {r["name"]: r["id"] for r in ekspor["locations"]}
    beralamat = {r["location_id"] for r in ekspor["addresses"]}
    for i in belum:
        assert lokasi[f"Kantor {i.nama}"] not in beralamat, i.id
    assert lokasi["Kantor Kecamatan Krian"] in beralamat  # a verified street address stays


def test_layanan_di_kua_ada_di_18_kua(ekspor, k):
    sid = next(r["id"] for r in ekspor["services"] if r["name"] == k.layanan["legalisir-buku-nikah"].nama)
    lokasi = {r["id"]: r["name"] for r in ekspor["locations"]}
    di = {lokasi[s["location_id"]] for s in ekspor["service_at_locations"] if s["service_id"] == sid}
    assert di == {f"Kantor {i.nama}" for i in k.kantor_kua()} and len(di) == 18


def test_jadwal_dan_telepon(ekspor, k):
    ins = k.instansi["dispendukcapil"]
    oid = next(o["id"] for o in ekspor["organizations"] if o["name"] == ins.nama)
    kantor = next(x["id"] for x in ekspor["locations"] if x.get("organization_id") == oid and x["name"] == f"Kantor {ins.nama}")
    jadwal = [j for j in ekspor["schedules"] if j["location_id"] == kantor]
    assert [(j["byday"], j["opens_at"], j["closes_at"]) for j in jadwal] == [
        ("MO,TU,WE,TH", "08:00+07:00", "14:30+07:00"), ("FR", "08:00+07:00", "14:00+07:00")]
    assert {p["number"] for p in ekspor["phones"] if p.get("organization_id") == oid} >= set(ins.kontak.telepon)


def test_uuid_stabil_antar_build_dan_url_dasar(katalog, tmp_path):
    from sipraja.pipeline import bangun
    bangun(katalog.folder, tmp_path / "a", log=lambda *_: None)
    bangun(katalog.folder, tmp_path / "b", url_dasar="https://contoh.github.io/portal/", log=lambda *_: None)
    a = json.loads((tmp_path / "a" / "data" / "hsds" / "services.json").read_text())
    b = json.loads((tmp_path / "b" / "data" / "hsds" / "services.json").read_text())
    assert [r["id"] for r in a] == [r["id"] for r in b]  # ids follow the catalogue, not where it is hosted
    assert b[0]["url"].startswith("https://contoh.github.io/portal/layanan/")


@pytest.mark.parametrize("jenis,ident", [("layanan", "akta-kelahiran"), ("lokasi", "dispendukcapil/Loket 3, lantai 2"),
                                         ("telepon", "x/kanal/0/voice"), ("layanan-di-lokasi", "ü é/ß"), ("alamat", "")])
def test_uuid_dari_sama_dengan_uuid5_pustaka(k, jenis, ident):
    """hsds.uuid_dari hashes without uuid.UUID (speed); the ids others keep must not change."""
    from sipraja.hsds import uuid_dari
    alamat = f"{k.situs.url_dasar.rstrip('/')}/{jenis}/{ident}"
    assert uuid_dari(jenis, ident, k.situs) == str(uuid.uuid5(uuid.NAMESPACE_URL, alamat))
