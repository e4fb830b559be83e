"""The data migrations that bring due times written before the minute rule (issue 14 §6) to the end of the minute
shown: open SOP steps and open tickets change; completed steps, closed tickets and given responses keep the times
they were judged by."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps

from sopan.core.calendar import end_of_minute
from sopan.helpdesk.models import Ticket
from sopan.helpdesk.tests.factories import make_ticket
from sopan.sop import rollup
from sopan.sop.models import StepRecord
from sopan.sop.services import cases
from sopan.sop.tests import factories

pytestmark = pytest.mark.django_db

SECONDS = datetime.timedelta(seconds=17, microseconds=250)


def migration(name: str):
    return importlib.import_module(name)


def test_open_steps_move_to_the_end_of_their_minute_and_completed_ones_keep_theirs(organization):
    version = factories.effective_version(organization)
    open_step, done_step = (
        StepRecord.objects.filter(case=cases.case_start(version=version, title=title, by=None)).get()
        for title in ("PT Contoh", "CV Selesai")
    )
    due = datetime.datetime(2026, 3, 9, 3, 0, tzinfo=datetime.UTC) + SECONDS
    StepRecord.objects.filter(pk=open_step.pk).update(status="open", due_at=due)
    StepRecord.objects.filter(pk=done_step.pk).update(status="done", due_at=due)

    migration("sopan.sop.migrations.0006_open_steps_due_to_the_minute").forwards(apps, None)

    assert StepRecord.objects.get(pk=open_step.pk).due_at == end_of_minute(due)
    assert StepRecord.objects.get(pk=done_step.pk).due_at == due
    rollup.rebuild(organization)  # records changed behind the services' back


def test_open_tickets_move_to_the_end_of_their_minute_and_closed_ones_keep_theirs(organization):
    due = datetime.datetime(2026, 3, 9, 3, 0, tzinfo=datetime.UTC) + SECONDS
    waiting, answered, closed = (make_ticket(organization) for _ in range(3))
    Ticket.objects.filter(pk__in=[waiting.pk, answered.pk, closed.pk]).update(
        response_due_at=due, resolution_due_at=due
    )
    Ticket.objects.filter(pk=answered.pk).update(responded_at=due)
    Ticket.objects.filter(pk=closed.pk).update(status=Ticket.Status.CLOSED)

    migration("sopan.helpdesk.migrations.0002_open_tickets_due_to_the_minute").forwards(apps, None)

    waiting, answered, closed = (Ticket.objects.get(pk=t.pk) for t in (waiting, answered, closed))
    assert (waiting.response_due_at, waiting.resolution_due_at) == (end_of_minute(due), end_of_minute(due))
    assert (answered.response_due_at, answered.resolution_due_at) == (due, end_of_minute(due))
    assert (closed.response_due_at, closed.resolution_due_at) == (due, due)
