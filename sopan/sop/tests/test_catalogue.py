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
