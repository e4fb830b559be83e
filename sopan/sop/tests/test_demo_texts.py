"""The words of the demo cases (issue 14 §4): titles that say what each case is about, and justifications of late
steps that fit the step (the SOPs' Peringatan clause: every deviation from the mutu baku is accounted for)."""

from __future__ import annotations

import itertools
import random
import re

import pytest

from sopan.accounts.models import Organization
from sopan.sop import demo_texts
from sopan.sop.definition import load_catalogue

TOWNS = {"salatiga": "Salatiga", "pagar-alam": "Pagar Alam", "batang": "Batang"}
OLD_TITLE = re.compile(r"^Demo |#\d+$|^Kasus berjalan$")
CATALOGUE = load_catalogue()
ALL_SOPS = [item for items in CATALOGUE.values() for item in items]


def _organization(slug: str) -> Organization:
    town = TOWNS.get(slug, "Kota Baru")
    prefix = "Pemerintah Kabupaten" if slug == "batang" else "Pemerintah Kota"
    return Organization(slug=slug, name=f"{prefix} {town}")


def _step_words(step) -> set[str]:
    """The words of a step's text and key that carry its subject (five letters or more)."""
    return {word for word in re.findall(r"\w+", f"{step.text} {step.key.replace('-', ' ')}".lower()) if len(word) >= 5}


@pytest.mark.parametrize("slug", [*TOWNS, "kota-baru"])
def test_every_demo_case_title_says_what_it_is_about_in_the_offices_own_town(slug):
    organization = _organization(slug)
    for item in ALL_SOPS:
        titles = list(
            itertools.islice(
                demo_texts.case_titles(organization, sop_key=item.key, sop_title=item.identity.title, year=2026), 12
            )
        )
        assert len(set(titles)) == len(titles), titles  # each case its own title
        for title in titles:
            assert not OLD_TITLE.search(title) and item.key not in title, title
            assert "{" not in title, title
            for other_slug, town in TOWNS.items():
                if other_slug != slug:
                    assert town not in title, (slug, title)


def test_an_sop_without_subjects_of_its_own_is_titled_by_its_name_and_a_procurement_subject():
    titles = demo_texts.case_titles(
        _organization("kota-baru"), sop_key="pengelolaan-arsip", sop_title="SOP PENGELOLAAN ARSIP LPSE", year=2026
    )
    assert next(titles) == "Pengelolaan arsip LPSE: rehabilitasi gedung SD Negeri 2 Kota Baru"


def test_the_justification_of_a_late_step_names_what_that_step_does():
    """Every timed step of the seed SOPs (e.g. SOP Rekrutmen dan Registrasi Penyedia step 12, verification of the
    file, 1 hari; SOP Penanganan Permasalahan melalui Telepon step 2, answering the call, 10 detik) gets a reason that
    shares its subject, and the reasons differ from step to step."""
    rng = random.Random(14)
    reasons = {}
    for item in ALL_SOPS:
        for step in item.steps:
            if step.time.is_none:
                continue
            reason = demo_texts.late_reason(step_key=step.key, step_text=step.text, rng=rng)
            assert any(word in reason.lower() for word in _step_words(step)), (item.key, step.number, reason)
            reasons[(item.key, step.key)] = reason
    assert len(reasons) > 40
    assert len(set(reasons.values())) > len(reasons) // 2
    registration = "rekrutmen-registrasi-penyedia"
    assert "verifikasi" in reasons[(registration, "verifikasi-berkas")].lower()
    assert "telepon" in reasons[("penanganan-permasalahan-telepon", "terima-telepon")].lower()
    assert "arsip" in reasons[(registration, "arsipkan")].lower()
