"""The workflow helper: a status machine as data whose transitions check source, permission and guard, audit, and
record their SOP steps on the subject's case in the same transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from sopan.core.models import AuditEvent
from sopan.core.workflow import Transition, TransitionNotAllowed, Workflow
from sopan.sop import api
from sopan.sop.models import Case
from sopan.sop.services import cases, versions
from sopan.sop.tests import factories
from sopan.sop.tests.test_engine import _registration_text

# A stand-in domain object: any model with a status and an organisation will do; an SOP case is one.
FLOW = Workflow(
    field="status",
    audit_prefix="test.subject",
    transitions=[
        Transition(
            "receive",
            source=("open",),
            target="open",
            allowed=lambda user, obj: user.has_role("verifier"),
            procedure="vendor_registration",
            sop_steps=(api.StepDone("terima-berkas"), api.StepDone("verifikasi-berkas", exit="Ya")),
        ),
        Transition(
            "close",
            source=("open",),
            target="cancelled",
            guard=lambda obj: None if obj.title.startswith("CV") else "Only companies can be closed here.",
        ),
    ],
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def subject(organization, lpse_head):
    registration = factories.effective_version(organization, _registration_text())
    versions.procedure_bind(
        organization=organization, procedure="vendor_registration", sop=registration.sop, by=lpse_head
    )
    version = factories.effective_version(organization)
    return cases.case_start(version=version, title="CV Subjek", by=None)


def test_a_transition_records_its_sop_steps_with_the_change(subject, verifier):
    with transaction.atomic():
        FLOW.apply(subject, "receive", by=verifier)
    sop_case = api.case_for(subject, procedure="vendor_registration")
    done = list(sop_case.steps.filter(status="done").values_list("step_key", "exit_label", "justification"))
    assert done == [("terima-berkas", "", ""), ("verifikasi-berkas", "Ya", "")]  # on time: no deviation
    assert list(sop_case.steps.filter(status="open").values_list("step_key", flat=True)) == ["setujui"]
    assert AuditEvent.objects.filter(action="test.subject.receive").exists()


def test_a_failing_transition_changes_nothing(subject, verifier, personas):
    with pytest.raises(PermissionDenied), transaction.atomic():
        FLOW.apply(subject, "receive", by=personas["helpdesk_agent"])
    assert api.case_for(subject, procedure="vendor_registration") is None
    with pytest.raises(ValidationError, match="Only companies"), transaction.atomic():
        subject.title = "Dinas"
        FLOW.apply(subject, "close", by=verifier)
    subject.refresh_from_db()
    assert subject.status == "open"


def test_a_transition_from_the_wrong_status_names_the_status(subject, verifier):
    Case.objects.filter(pk=subject.pk).update(status="completed")
    subject.refresh_from_db()
    with pytest.raises(TransitionNotAllowed, match="the status is Completed"), transaction.atomic():
        FLOW.apply(subject, "close", by=verifier)


def test_available_transitions_follow_status_and_permission(subject, verifier, personas):
    assert [t.name for t in FLOW.available(subject, verifier)] == ["receive", "close"]
    assert [t.name for t in FLOW.available(subject, personas["helpdesk_agent"])] == ["close"]
