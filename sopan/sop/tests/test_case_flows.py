"""Cases and step records change status only through their workflows (CASE_FLOW, STEP_FLOW): the source status is
checked, today's audit codes are kept, bookkeeping moves write no event of their own, and no query is added."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from sopan.core.models import AuditEvent
from sopan.core.workflow import TransitionNotAllowed
from sopan.sop import api, workflows
from sopan.sop.models import Case, StepRecord
from sopan.sop.services import cases, versions
from sopan.sop.tests import factories
from sopan.sop.tests.test_engine import _registration_text

PROCEDURE = "vendor_registration"


@pytest.fixture
def subject(organization, lpse_head):
    """A row the registration procedure runs on (any model will do: an SOP case of another SOP)."""
    registration = factories.effective_version(organization, _registration_text())
    versions.procedure_bind(organization=organization, procedure=PROCEDURE, sop=registration.sop, by=lpse_head)
    return cases.case_start(version=factories.effective_version(organization), title="CV Subjek", by=None)


def _record(subject, organization, by, *steps, finish=False) -> Case:
    with transaction.atomic():
        return api.record_steps(
            subject=subject, organization=organization, procedure=PROCEDURE, steps=steps, by=by, finish=finish
        )


def _events(case) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=str(case.pk), action__startswith="sop.")
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def test_closing_a_case_skips_its_open_steps_in_one_cancellation_event(subject, organization, verifier):
    # Given a registration case at the decision (steps 1 done, 2 open)
    case = _record(subject, organization, verifier, api.StepDone("terima-berkas"))
    # When the module ends it early
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        api.close_case(subject=subject, procedure=PROCEDURE, by=verifier, reason="expired")
    # Then the case is cancelled, its open step skipped, and one event tells both (no event per skipped step)
    case.refresh_from_db()
    assert (case.status, case.completed_at is not None) == ("cancelled", True)
    assert list(case.steps.values_list("step_key", "status")) == [
        ("terima-berkas", "done"),
        ("verifikasi-berkas", "skipped"),
    ]
    assert _events(case)[-1] == "sop.case.cancelled" and _events(case).count("sop.case.cancelled") == 1
    event = AuditEvent.objects.filter(action="sop.case.cancelled").get()
    assert (event.changes["reason"], event.changes["skipped"]) == ("expired", ["2"])
    # And the step and the case are saved with their named fields only
    updates = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE") and "sop_" in q["sql"]]
    assert len(updates) == 2 and all('"opened_at"' not in sql and '"title"' not in sql for sql in updates)


def test_a_cancelled_case_cannot_be_completed_or_cancelled_again(subject, organization, verifier):
    case = _record(subject, organization, verifier, api.StepDone("terima-berkas"))
    with transaction.atomic():
        api.close_case(subject=subject, procedure=PROCEDURE, by=verifier, reason="expired")
    case.refresh_from_db()
    for move in ("complete", "cancel"):
        with pytest.raises(TransitionNotAllowed), transaction.atomic():
            workflows.CASE_FLOW.apply(case, move, by=verifier)
    record = case.steps.get(step_key="verifikasi-berkas")
    with pytest.raises(TransitionNotAllowed), transaction.atomic():
        workflows.STEP_FLOW.apply(record, "complete", by=verifier)
    assert Case.objects.get(pk=case.pk).status == "cancelled"


def test_a_step_recorded_after_the_case_ended_reopens_it_under_the_jump_event_only(subject, organization, verifier):
    # Given a case the module closed at the decision
    case = _record(subject, organization, verifier, api.StepDone("terima-berkas"))
    with transaction.atomic():
        api.close_case(subject=subject, procedure=PROCEDURE, by=verifier, reason="expired")
    # When the module records the approval after all
    _record(subject, organization, verifier, api.StepDone("setujui"))
    # Then the case runs again, with the jump told once and the reopening no event of its own
    case.refresh_from_db()
    assert (case.status, case.completed_at) == ("open", None)
    assert _events(case)[-3:] == ["sop.case.cancelled", "sop.step.jumped", "sop.step.completed"]
    assert case.steps.get(step_key="setujui").status == "done"
    assert case.steps.get(step_key="arsipkan").status == "open"


def test_completing_the_last_step_completes_the_case_with_todays_events(subject, organization, verifier):
    case = _record(subject, organization, verifier, api.StepDone("terima-berkas"))
    case = _record(
        subject, organization, verifier, api.StepDone("verifikasi-berkas", exit="Ya"), api.StepDone("setujui")
    )
    case = _record(subject, organization, verifier, finish=True)
    assert case.status == "completed" and case.completed_at is not None
    assert _events(case)[-2:] == ["sop.step.completed", "sop.case.completed"]
    completed = AuditEvent.objects.get(action="sop.case.completed", target_id=str(case.pk))
    assert completed.changes == {"status": ["open", "completed"]}
    step_event = AuditEvent.objects.filter(action="sop.step.completed", target_id=str(case.pk)).order_by("sequence")
    assert "status" not in step_event.first().changes  # told on the case: the step's status is not the case's
    assert step_event.first().changes["opened"] == ["2"]
    assert StepRecord.objects.filter(case=case, status="open").count() == 0


def test_the_flows_cost_no_query_beyond_the_engine_before_them(
    subject, organization, verifier, django_assert_num_queries
):
    # Given a case past its first step (the counts below are those of the engine before its workflows)
    _record(subject, organization, verifier, api.StepDone("terima-berkas"))
    # Then a decision recorded, a jump over a step, a jump back (the case reopened) and a closing cost what they did
    # The compliance aggregates (sop/rollup.py) cost five (the case's records read before and after, three upserts); an
    # audit event one less (its chain's head locked in one query).
    with django_assert_num_queries(24):  # the working calendar reads its Ramadan hours too (issue 16 §8): one more
        _record(subject, organization, verifier, api.StepDone("verifikasi-berkas", exit="Ya"))
    with django_assert_num_queries(37):  # two calendars built, each reading its Ramadan hours
        _record(subject, organization, verifier, api.StepDone("arsipkan"))
    with django_assert_num_queries(34):  # the same
        _record(subject, organization, verifier, api.StepDone("setujui"))
    with transaction.atomic(), django_assert_num_queries(11):
        api.close_case(subject=subject, procedure=PROCEDURE, by=verifier, reason="expired")
