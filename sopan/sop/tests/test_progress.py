"""A subject's cases drawn on their flowcharts (`api.progress_of`, `progress.py`): the status of each step from its
latest record (a loop shows the step open again, a step past its due time overdue), the steps done with who and the
working time, the late ones, who may open each case, a fixed number of queries; and the case page draws the same."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from sopan.core.testing import login
from sopan.sop import api, rollup
from sopan.sop.models import StepRecord
from sopan.sop.services import cases
from sopan.sop.tests import factories

pytestmark = pytest.mark.django_db

SYMBOL = re.compile(r'<g class="sop-symbol [^"]*?(?: sop-status-(\w+))?" data-step="([\w-]+)"')


def _states(svg: str) -> dict[str, str]:
    return {key: state for state, key in SYMBOL.findall(svg)}


@pytest.fixture
def version(organization):
    return factories.effective_version(organization)


def _looped(version, subject, *, procedure: str = "uji"):
    """A case of `subject` sent back once at the decision: ajukan, terima, periksa (Tidak), lengkapi done; periksa
    open again."""
    case = cases.case_start(version=version, title=str(subject), by=None, subject=subject, procedure=procedure)
    cases.step_complete(record=case.steps.get(step_key="ajukan"), by=None)
    cases.step_complete(
        record=case.steps.get(step_key="terima"), by=None, checklist=["Formulir pendaftaran", "KTP direktur"]
    )
    cases.step_complete(record=case.steps.get(step_key="periksa"), by=None, exit_label="Tidak")
    cases.step_complete(record=case.steps.get(step_key="lengkapi", status="open"), by=None)
    return case


def test_each_step_shows_its_latest_state_and_a_step_past_due_is_overdue(version, organization):
    case = _looped(version, organization)
    (shown,) = api.progress_of(organization)
    states = _states(shown.doc.pages[0].svg)
    assert states["ajukan"] == states["terima"] == states["lengkapi"] == "done"
    assert states["periksa"] == "open"  # done once ("Tidak"), open again: its latest state
    assert states["setujui"] == ""  # not reached
    assert [line.key for line in shown.done] == ["ajukan", "terima", "periksa", "lengkapi"]
    assert shown.done[2].exit_label == "Tidak" and shown.done[0].by == "system"
    assert shown.late == () and shown.case == case and shown.procedure == "uji"

    StepRecord.objects.filter(case=case, step_key="periksa", status="open").update(
        due_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    StepRecord.objects.filter(case=case, step_key="terima").update(on_time=False, work_seconds=2 * 3600 + 15 * 60)
    rollup.rebuild(organization)  # records changed behind the services' back
    (shown,) = api.progress_of(organization)
    assert _states(shown.doc.pages[0].svg)["periksa"] == "overdue"
    assert [(line.key, line.status) for line in shown.late] == [("terima", "done"), ("periksa", "open")]
    assert shown.done[1].work_text == "2 hours 15 minutes"


def test_the_case_page_draws_what_the_subjects_page_draws(client, version, organization, personas):
    case = _looped(version, organization)
    login(client, personas["verifier"])
    page = client.get(reverse("sop:case-detail", kwargs={"pk": case.pk})).content.decode()
    with translation.override("id"):  # as the page was drawn
        (shown,) = api.progress_of(organization)
    assert str(shown.doc.pages[0].svg) in page  # one drawing, from one piece of code
    assert 'class="sop-symbol sop-symbol-decision sop-status-open" data-step="periksa"' in page


def test_who_may_open_each_case(version, organization, personas):
    _looped(version, organization)
    assert [p.can_open for p in api.progress_of(organization, user=personas["verifier"])] == [True]  # a lane
    assert [p.can_open for p in api.progress_of(organization, user=personas["helpdesk_agent"])] == [False]
    assert [p.can_open for p in api.progress_of(organization, user=personas["outsider"])] == [False]
    assert [p.can_open for p in api.progress_of(organization)] == [False]  # nobody asked


def test_only_the_subjects_cases_in_the_order_they_started(version, organization, other_organization, personas):
    first = _looped(version, organization, procedure="satu")
    second = cases.case_start(version=version, title="dua", by=None, subject=organization, procedure="dua")
    _looped(version, personas["verifier"])  # another subject's case
    assert [p.case for p in api.progress_of(organization)] == [first, second]
    assert api.progress_of(other_organization) == []


def test_the_queries_do_not_grow_with_the_cases_and_steps(version, organization, personas, django_assert_num_queries):
    auditor, verifier = personas["auditor"], personas["verifier"]
    cases.case_start(version=version, title="satu", by=None, subject=auditor, procedure="satu")
    api.progress_of(auditor, user=verifier)  # warm the per-process caches (content types, parsed SOPs)
    # the cases, their steps, the organisation's supervisor chain and the cases the person may open
    with django_assert_num_queries(4):
        assert len(api.progress_of(auditor, user=verifier)) == 1
    for code in ("dua", "tiga"):
        _looped(version, auditor, procedure=code)
    with django_assert_num_queries(4):
        shown = api.progress_of(auditor, user=verifier)
    assert len(shown) == 3 and sum(len(p.done) for p in shown) == 8


def test_versions_are_read_once_a_while_and_each_case_gets_its_own_organisation(
    version, organization, personas, django_assert_num_queries, monkeypatch
):
    """`progress.with_versions`: the SOP version a case runs on is read once per process and kept
    `VERSION_SECONDS` (its definition no longer changes once in force); the organisation is the case's own object,
    never left on the shared copy; a version not kept (or kept too long) is read again, in one query."""
    from sopan.sop import progress

    auditor, verifier = personas["auditor"], personas["verifier"]
    cases.case_start(version=version, title="satu", by=None, subject=auditor, procedure="satu")
    (first,) = api.progress_of(auditor, user=verifier)  # (and the process's other caches: content types …)
    assert version.pk in progress._VERSIONS
    with django_assert_num_queries(4):  # the cases, the steps, who may open them (2): no version read
        (again,) = api.progress_of(auditor, user=verifier)
    assert again.case.version.pk == version.pk and again.case.version.parsed is first.case.version.parsed
    assert again.case.version.organization is again.case.organization
    assert again.case.version is not first.case.version  # each page its own copy, the shared one untouched
    assert "organization" not in progress._VERSIONS[version.pk][1]._state.fields_cache
    assert again.doc.title == first.doc.title == version.parsed.identity.title

    progress.forget_versions()
    with django_assert_num_queries(5):  # not kept: read again, in one query
        api.progress_of(auditor, user=verifier)
    monkeypatch.setattr(progress, "VERSION_SECONDS", 0)  # kept too long: read again
    progress.forget_versions()
    with django_assert_num_queries(5):
        api.progress_of(auditor, user=verifier)
    with django_assert_num_queries(5):  # (a copy kept 0 seconds is already old)
        api.progress_of(auditor, user=verifier)
