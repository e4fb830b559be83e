"""The catalogue: every SOP of the seeds, transcribed as a data file, loads and matches what the seed prints.

The expectations (tests/expectations/*.py) were read off the seed documents by hand: step numbers in order, each
decision's exits and where they lead, and the printed times. A lost step, branch or time fails here.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from sopan.sop import definition as d
from sopan.sop.tests import expectations

SEED_SOPS = {
    "salatiga": {"usulan-pengadaan", "pengelolaan-pendukung-layanan", "pemantauan-kinerja-pendukung-layanan"},
    "pagar-alam": {
        "pembinaan-pelaku-usaha",
        "manajemen-risiko-strategis",
        "registrasi-verifikasi",
        "analisa-ketersediaan-pelaku-usaha",
        "persiapan-pengadaan",
        "persiapan-pemilihan-penyedia",
        "perencanaan-pengadaan",
        "proses-utama-pbj",
        "pengelolaan-penyedia",
        "pencatatan-kinerja-penyedia",
        "rekrutmen-registrasi-penyedia",
        "pengelolaan-risiko",
        "pengelolaan-kinerja",
    },
    "batang": {"penanganan-permasalahan-telepon"},
}


def _expectations() -> dict[tuple[str, str], expectations.Expect]:
    found = {}
    for module_info in pkgutil.iter_modules(expectations.__path__):
        module = importlib.import_module(f"{expectations.__name__}.{module_info.name}")
        for key, expect in module.EXPECTED.items():
            found[(module.ORGANIZATION, key)] = expect
    return found


EXPECTATIONS = _expectations()
CATALOGUE = d.load_catalogue()


def test_all_seventeen_seed_sops_are_in_the_catalogue():
    present = {org: {definition.key for definition in defs} for org, defs in CATALOGUE.items()}
    assert present == SEED_SOPS
    assert sum(len(keys) for keys in present.values()) == 17


def test_every_catalogue_sop_has_expectations():
    assert set(EXPECTATIONS) == {(org, key) for org, keys in SEED_SOPS.items() for key in keys}


@pytest.mark.parametrize(("organization", "key"), sorted(EXPECTATIONS), ids=lambda v: v)
def test_catalogue_sop_matches_its_seed(organization, key):
    expect = EXPECTATIONS[(organization, key)]
    definition = next(x for x in CATALOGUE.get(organization, []) if x.key == key)
    by_number = {step.number: step for step in definition.steps if step.number}
    by_key = {step.key: step for step in definition.steps}

    assert [step.number for step in definition.steps] == expect.numbers

    decisions = {s.number: {e.label: by_key[e.to].number for e in s.exits} for s in definition.steps if s.is_decision}
    assert decisions == expect.decisions

    times = {s.number: s.time.text for s in definition.steps if s.time.text and not s.time.is_none}
    assert times == expect.times
    for number in expect.times:
        assert not by_number[number].time.is_none, f"step {number}: the printed time must parse to a value"


# --- the review of issue 16 §9: where the catalogue departs from the print, it says so -------------------------------
def _sop(organization: str, key: str) -> d.Definition:
    return next(x for x in CATALOGUE[organization] if x.key == key)


def test_pengelolaan_kinerja_ends_with_the_printed_unnumbered_selesai_row_and_says_where_it_stands():
    definition = _sop("pagar-alam", "pengelolaan-kinerja")
    end = definition.steps[-1]
    assert (end.number, end.text, end.symbol) == ("", "Selesai", d.Symbol.END)
    assert [s.key for s in definition.steps if s.symbol == d.Symbol.END] == [end.key]
    assert "Selesai" in end.doubt and any('"Selesai" row after step 17' in doubt for doubt in definition.doubts)


def test_pencatatan_kinerja_penyedia_step_5_stands_in_the_tim_ukpbj_column_as_printed():
    step = next(s for s in _sop("pagar-alam", "pencatatan-kinerja-penyedia").steps if s.number == "5")
    assert step.lanes == ("tim-ukpbj",)
    assert "TIM UKPBJ column" in step.doubt


def test_pengelolaan_risiko_11b_records_why_the_escalation_goes_to_the_komite_not_the_printed_koordinator():
    definition = _sop("pagar-alam", "pengelolaan-risiko")
    step = next(s for s in definition.steps if s.number == "11")
    target = definition.step(next(e.to for e in step.exits if e.label == "b"))
    assert (target.number, target.lanes) == ("12", ("komite",))
    assert '"dieskalasi ke koordinator"' in step.doubt and "Komite" in step.doubt


def test_the_batang_identity_is_as_printed_with_its_lembar_pengesahan():
    definition = _sop("batang", "penanganan-permasalahan-telepon")
    identity = definition.identity
    assert identity.organization == ""  # the block prints none
    assert identity.unit == "LAYANAN PENGADAAN SECARA ELEKTRONIK"
    assert identity.warnings[0].endswith("aktivitas yang telah dib")  # cut off in the source, kept so
    assert identity.effective_on.isoformat() == "2017-01-08"  # "Berlaku Efektif : 8 Januari 2017"
    assert (identity.prepared_by.name, identity.reviewed_by.name) == ("PRAMU SUDIBYO, SH", "INDAH PARAWITA, SH")
    assert (identity.prepared_by.position, identity.reviewed_by.position, identity.approved_by.position) == (
        "Koordinator Bidang Layanan dan Dukungan",
        "Sekretaris LPSE",
        "Ketua LPSE",
    )
    doubts = " ".join(definition.doubts)
    for recorded in ("prints no organisation name", "ELETRONIK", '"yang telah dib"', "Disetujui"):
        assert recorded in doubts, recorded


# --- read once per process (CI time, issue 15 §9): the catalogue ships with the code -------------------------------
def test_a_catalogue_file_is_parsed_once_while_it_is_unchanged_and_again_when_it_changes(tmp_path, monkeypatch):
    from sopan.sop.definition import catalogue

    shipped = catalogue.CATALOGUE_DIR / "batang" / "penanganan-permasalahan-telepon.yaml"
    copy = tmp_path / "batang" / shipped.name
    copy.parent.mkdir()
    copy.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(catalogue, "CATALOGUE_DIR", tmp_path)

    first = d.load_catalogue()["batang"][0]
    assert d.load_catalogue()["batang"][0] is first  # parsed once
    assert d.load_catalogue() is not d.load_catalogue()  # but every caller gets a dict of its own

    copy.write_text(copy.read_text(encoding="utf-8").replace(first.identity.title, "Judul Baru"), encoding="utf-8")
    changed = d.load_catalogue()["batang"][0]
    assert changed is not first and changed.identity.title == "Judul Baru"

    copy.write_text("key: [unclosed\n", encoding="utf-8")  # a broken file is never kept: it fails on every call
    for _ in range(2):
        with pytest.raises(d.DefinitionError):
            d.load_catalogue()


def test_a_definition_is_written_as_yaml_once_and_a_changed_copy_anew():
    import dataclasses

    definition = d.load_catalogue()["salatiga"][0]
    written = definition.to_yaml()
    assert definition.to_yaml() is written  # remembered, not written again
    assert d.load_yaml(written) == definition  # and it reads back as the same SOP
    renamed = dataclasses.replace(definition, key=definition.key + "-salinan")
    assert renamed.to_yaml() != written and f"key: {renamed.key}" in renamed.to_yaml()
