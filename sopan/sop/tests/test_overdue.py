"""Overdue steps: the periodic task flags each once and mails its executor and their supervisor over real SMTP; the
scheduler enqueues it at most once per interval."""

from __future__ import annotations

import datetime as dt
import email
from email import policy

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from sopan.accounts import demo
from sopan.accounts import services as account_services
from sopan.accounts.models import User
from sopan.accounts.services import calendar as services
from sopan.accounts.services import own_roles
from sopan.core import scheduler, selectors
from sopan.core.models import AuditEvent
from sopan.core.templatetags.sopan import local_datetime
from sopan.core.testing import run_background_tasks
from sopan.core.tests.test_mail_and_tasks import smtp_server  # noqa: F401 - a real SMTP server (aiosmtpd)
from sopan.sop import policies as sop_policies
from sopan.sop.models import StepRecord
from sopan.sop.services import cases
from sopan.sop.tasks import notify_overdue_steps
from sopan.sop.tests import factories

TASK = "sopan.sop.tasks.notify_overdue_steps"

VERIFY = """
format: sopan-sop/1
key: uji-periksa-cepat
identity:
  organization: PEMERINTAH KOTA SALATIGA
  unit: LPSE
  number: SOP-UJI-010
  title: SOP Uji Periksa Cepat
  approved_by: {position: Kepala LPSE}
lanes:
- {key: verifikator, name: Verifikator, roles: [verifier]}
steps:
- {key: periksa, number: '1', text: Memeriksa berkas, symbol: start, lanes: [verifikator], time: 10 menit,
   next: selesai}
- {key: selesai, number: '2', text: Selesai, symbol: end, lanes: [verifikator], time: N/A}
"""

# The vendor's step, recorded by the front office for a vendor at the desk: vendors are told only when bound.
VENDOR = """
format: sopan-sop/1
key: uji-berkas-penyedia
identity:
  organization: PEMERINTAH KOTA SALATIGA
  unit: LPSE
  number: SOP-UJI-011
  title: SOP Uji Berkas Penyedia
  approved_by: {position: Kepala LPSE}
lanes:
- {key: pemohon, name: Pelaku Usaha, roles: [vendor_admin], recorded_by: [registration_officer]}
steps:
- {key: ajukan, number: '1', text: Mengajukan berkas, symbol: start, lanes: [pemohon], time: 10 menit, next: selesai}
- {key: selesai, number: '2', text: Selesai, symbol: end, lanes: [pemohon], time: N/A}
"""


@pytest.fixture
def smtp(smtp_server):  # noqa: F811 - the imported fixture, under the name these tests use
    return smtp_server


def _persona(organization, username: str) -> User:
    spec = next(p for p in demo.PERSONAS if p.username == username)
    return demo.ensure_persona(organization, spec, with_totp=False)


@pytest.fixture
def people(organization, personas):
    """The verifier (reads English), a second verifier, the front office, a vendor, the Kepala LPSE (Indonesian)."""
    User.objects.filter(pk=personas["verifier"].pk).update(language="en")
    second = account_services.user_create(
        organization=organization,
        username="verifikator.dua",
        full_name="Dwi Lestari",
        email="verifikator.dua@salatiga.demo.sopan.invalid",
        by=None,
    )
    account_services.role_assign(
        user=second,
        role="verifier",
        unit=organization.units.get(code="LPSE"),
        valid_from=timezone.localdate(),
        by=None,
    )
    return {
        "verifier": User.objects.get(pk=personas["verifier"].pk),
        "second_verifier": second,
        "officer": _persona(organization, "petugas.registrasi"),
        "vendor": personas["vendor_admin"],
        "head": personas["lpse_head"],
        "outsider": personas["outsider"],
    }


@pytest.fixture
def start(organization) -> dt.datetime:
    """A working instant a week ahead (role assignments start today; the calendar decides the rest)."""
    calendar = selectors.calendar_for(organization)
    return calendar.next_working_instant(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=7), dt.time(9), calendar.zone)
    )


@pytest.fixture
def steps(organization, people, start):
    """Three steps due 10 working minutes after `start` (one bound to the verifier, one for every verifier, one of a
    vendor), and one opened later that is not overdue yet."""
    verify = factories.effective_version(organization, VERIFY)
    vendor = factories.effective_version(organization, VENDOR)
    with freeze_time(start):
        bound = cases.case_start(
            version=verify, title="CV Maju Jaya", by=None, participants={"verifikator": people["verifier"]}
        )
        open_to_all = cases.case_start(version=verify, title="PT Sinar & Putra", by=None)
        vendors = cases.case_start(version=vendor, title="CV Berkas", by=None)
    due = StepRecord.objects.get(case=bound).due_at
    with freeze_time(due):
        later = cases.case_start(version=verify, title="CV Belum Terlambat", by=None)
    return {
        "bound": StepRecord.objects.get(case=bound),
        "open_to_all": StepRecord.objects.get(case=open_to_all),
        "vendor": StepRecord.objects.get(case=vendors),
        "later": StepRecord.objects.get(case=later),
        "due": due,
    }


def _received(smtp) -> list[tuple[str, str, str]]:
    """(recipient, subject, body) of every message the SMTP server accepted."""
    found = []
    for message in smtp.messages:
        parsed = email.message_from_string(message["data"], policy=policy.default)
        found.extend((to, str(parsed["Subject"]), parsed.get_content()) for to in message["to"])
    return found


def _for_case(received, reference: str) -> set[str]:
    return {to for to, subject, _body in received if reference in subject}


def test_overdue_steps_are_flagged_and_mailed_once_to_executors_and_supervisor(
    smtp,
    steps,
    people,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = "https://lpse.salatiga.go.id"
    check = steps["due"] + dt.timedelta(minutes=1)

    with freeze_time(check), django_capture_on_commit_callbacks(execute=True):
        assert notify_overdue_steps.call() == 3
    with freeze_time(check + dt.timedelta(minutes=5)), django_capture_on_commit_callbacks(execute=True):
        assert notify_overdue_steps.call() == 0  # nothing new: nobody hears twice

    received = _received(smtp)
    email_of = {name: user.email for name, user in people.items()}
    bound, open_to_all, vendor = steps["bound"], steps["open_to_all"], steps["vendor"]
    assert _for_case(received, bound.case.reference) == {email_of["verifier"], email_of["head"]}
    assert _for_case(received, open_to_all.case.reference) == {
        email_of["verifier"],
        email_of["second_verifier"],
        email_of["head"],
    }
    # the front office records the vendor's step; the vendors of the organisation are not all told
    assert _for_case(received, vendor.case.reference) == {email_of["officer"], email_of["head"]}
    assert len(received) == 7  # each person once per step, across both runs
    assert _for_case(received, steps["later"].case.reference) == set()
    assert email_of["outsider"] not in {to for to, _s, _b in received}

    # the verifier reads English, the Kepala LPSE Indonesian; both see the due time in WIB
    body_en = next(b for to, s, b in received if to == email_of["verifier"] and bound.case.reference in s)
    body_id = next(b for to, s, b in received if to == email_of["head"] and bound.case.reference in s)
    with timezone.override("Asia/Jakarta"):
        with translation.override("en"):
            assert local_datetime(bound.due_at) in body_en
        with translation.override("id"):
            assert local_datetime(bound.due_at) in body_id
    assert local_datetime(bound.due_at) != "" and "WIB" in body_en
    assert f"https://lpse.salatiga.go.id/sop/kasus/{bound.case_id}/" in body_en
    assert "A step assigned to you is past its due time" in body_en
    assert "Memeriksa berkas" in body_en and "CV Maju Jaya" in body_en
    plain = next(b for to, s, b in received if open_to_all.case.reference in s)
    assert "PT Sinar & Putra" in plain  # plain text: nothing HTML-escaped

    for record in (bound, open_to_all, vendor):
        record.refresh_from_db()
        assert record.overdue_notified_at == check
    steps["later"].refresh_from_db()
    assert steps["later"].overdue_notified_at is None
    events = AuditEvent.objects.filter(action="sop.step.overdue_notified")
    assert events.count() == 3
    event = events.get(target_id=str(open_to_all.case_id))
    assert event.changes["notified"] == sorted(["kepala.lpse", "verifikator", "verifikator.dua"])


def test_the_queued_task_mails_through_the_worker(smtp, steps, people, django_capture_on_commit_callbacks):
    check = steps["due"] + dt.timedelta(minutes=1)
    with freeze_time(check):
        result = notify_overdue_steps.enqueue()
        assert _received(smtp) == []  # queued, not run yet
        with django_capture_on_commit_callbacks(execute=True):
            run_background_tasks()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 3
    assert len(_received(smtp)) == 7
    with freeze_time(check + dt.timedelta(minutes=5)):
        notify_overdue_steps.enqueue()
        with django_capture_on_commit_callbacks(execute=True):
            run_background_tasks()
    assert len(_received(smtp)) == 7


def test_a_step_not_yet_due_is_left_alone(smtp, steps, django_capture_on_commit_callbacks):
    with freeze_time(steps["due"] - dt.timedelta(seconds=1)), django_capture_on_commit_callbacks(execute=True):
        assert notify_overdue_steps.call() == 0
    assert _received(smtp) == []
    assert not StepRecord.objects.filter(overdue_notified_at__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="sop.step.overdue_notified").exists()


def test_a_completed_step_past_its_due_time_is_left_alone(smtp, steps, people, django_capture_on_commit_callbacks):
    record = steps["bound"]
    with freeze_time(steps["due"] - dt.timedelta(minutes=1)):
        cases.step_complete(record=record, by=people["verifier"])
    with freeze_time(steps["due"] + dt.timedelta(minutes=1)), django_capture_on_commit_callbacks(execute=True):
        assert notify_overdue_steps.call() == 2
    assert _for_case(_received(smtp), record.case.reference) == set()


def test_a_step_whose_due_time_moved_after_the_notice_is_overdue_anew_at_its_new_time(
    smtp, organization, steps, people, django_capture_on_commit_callbacks
):
    check = steps["due"] + dt.timedelta(minutes=1)
    with freeze_time(check), django_capture_on_commit_callbacks(execute=True):
        assert notify_overdue_steps.call() == 3
    due_date = timezone.localtime(steps["due"], selectors.calendar_for(organization).zone).date()
    with freeze_time(check):  # the day turns out to be a local holiday: the steps are not late after all
        services.calendar_day_add(
            organization=organization, date=due_date, is_working=False, reason="Libur daerah", by=people["head"]
        )
    record = steps["bound"]
    record.refresh_from_db()
    assert record.due_at > check
    with freeze_time(check + dt.timedelta(minutes=5)), django_capture_on_commit_callbacks(execute=True):
        assert notify_overdue_steps.call() == 0
    with freeze_time(record.due_at + dt.timedelta(minutes=1)), django_capture_on_commit_callbacks(execute=True):
        assert notify_overdue_steps.call() == 4  # the three again, and the one opened later that day
    told = [to for to, subject, _body in _received(smtp) if record.case.reference in subject]
    assert sorted(told) == sorted([people["verifier"].email, people["head"].email] * 2)


# --- the scheduler -------------------------------------------------------------------------------------------------
def _queued() -> int:
    return DBTaskResult.objects.filter(task_path=TASK).count()


def test_scheduler_enqueues_once_per_interval_however_often_it_runs(db):
    t0 = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    with freeze_time(t0):
        call_command("run_scheduler", "--once", verbosity=0)
        assert _queued() == 1
        assert scheduler.last_run(TASK) == t0
    with freeze_time(t0 + dt.timedelta(seconds=60)):
        call_command("run_scheduler", "--once", verbosity=0)  # another host, or the next tick: within the interval
        assert _queued() == 1
    with freeze_time(t0 + dt.timedelta(seconds=300)):
        call_command("run_scheduler", "--once", verbosity=0)
        assert _queued() == 2


def test_scheduler_enqueues_the_real_task(db):
    call_command("run_scheduler", "--once", verbosity=0)
    run_background_tasks()
    result = DBTaskResult.objects.get(task_path=TASK)
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 0


def test_overdue_steps_go_up_the_supervisor_chain_the_organisation_set(
    smtp, organization, steps, people, django_capture_on_commit_callbacks
):
    # Given an organisation whose verifiers answer to its own "Koordinator Verifikasi", not to the Kepala LPSE
    head = people["head"]
    own_roles.own_role_create(
        organization=organization, code="verification_coordinator", name="Koordinator Verifikasi", by=head
    )
    own_roles.role_supervisor_set(
        organization=organization, role="verifier", supervisor="verification_coordinator", by=head
    )
    coordinator = account_services.user_create(
        organization=organization,
        username="koordinator.verifikasi",
        full_name="Kurnia Wibowo",
        email="koordinator.verifikasi@salatiga.demo.sopan.invalid",
        by=None,
    )
    account_services.role_assign(
        user=coordinator,
        role="verification_coordinator",
        unit=organization.units.get(code="LPSE"),
        valid_from=timezone.localdate(),
        decree_number="800/7/2026",
        by=head,
    )

    # When the verifier's step is overdue
    with freeze_time(steps["due"] + dt.timedelta(minutes=1)), django_capture_on_commit_callbacks(execute=True):
        notify_overdue_steps.call()

    # Then its executor and the coordinator hear of it, the Kepala LPSE no longer; and the coordinator sees the case
    bound = steps["bound"]
    received = _for_case(_received(smtp), bound.case.reference)
    assert received == {people["verifier"].email, coordinator.email}
    assert sop_policies.can_view_case(User.objects.get(pk=coordinator.pk), bound.case)
    assert not sop_policies.can_view_case(User.objects.get(pk=people["officer"].pk), bound.case)
