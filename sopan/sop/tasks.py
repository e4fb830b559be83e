"""Background tasks of the SOP engine. Tasks take ids (or nothing), load what they need, and write through one
transaction per batch with its audit events; mail leaves only after the commit."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks import task

from sopan.accounts import roles, supervisors
from sopan.accounts.models import RoleAssignment
from sopan.core import audit
from sopan.core.mail import send_templated
from sopan.sop.models import StepRecord

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
# Vendors hold the roles of a lane as a class of people: every vendor of the organisation holds vendor_admin. Only the
# vendor bound to the case (the step's assignee) hears about its step.
VENDOR_ROLES = frozenset(role.code for role in roles.CATALOGUE if role.side == roles.Side.PUBLIC)


class Reason:
    ASSIGNEE = "assignee"
    ROLE = "role"
    SUPERVISOR = "supervisor"


@dataclass(frozen=True)
class _Mail:
    to: str
    language: str
    timezone: str
    context: dict


def case_url(case) -> str:
    """The case's page: the path only, the mail template puts the site's address in front."""
    try:
        return reverse("sop:case-detail", kwargs={"pk": case.pk})
    except NoReverseMatch:
        return f"/sop/kasus/{case.pk}/"


def _holders(records: list[StepRecord], chains: dict[int, dict[str, str]]) -> dict[tuple[int, str], list]:
    """Active people holding each (organisation, role) the batch needs: the steps' roles and their supervisors."""
    codes = set()
    for record in records:
        for code in record.role_codes:
            codes.add(code)
            if supervisor := chains[record.organization_id].get(code):
                codes.add(supervisor)
    assignments = (
        RoleAssignment.objects.active()
        .filter(organization_id__in={r.organization_id for r in records}, role__in=codes, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    )
    holders: dict[tuple[int, str], list] = defaultdict(list)
    for assignment in assignments:
        holders[(assignment.organization_id, assignment.role)].append(assignment.user)
    return holders


def overdue_recipients(
    record: StepRecord, holders: dict[tuple[int, str], list], chain: dict[str, str]
) -> dict[int, tuple]:
    """Who hears that a step is overdue, each person once: the assignee (else everyone holding one of the step's
    roles, vendors excepted), and the holders of the next role up of each of the step's roles in the organisation's
    supervisor chain (`chain`, accounts.supervisors)."""
    people: dict[int, tuple] = {}
    assignee = record.assignee
    if assignee is not None and assignee.is_active and assignee.email:
        people[assignee.pk] = (assignee, Reason.ASSIGNEE)
    elif assignee is None or not assignee.is_active:
        # No one bound to the lane (or the person bound has left): the step is everyone's in its roles.
        for code in record.role_codes:
            if code not in VENDOR_ROLES:
                for user in holders.get((record.organization_id, code), ()):
                    people.setdefault(user.pk, (user, Reason.ROLE))
    for code in record.role_codes:
        supervisor = chain.get(code)
        for user in holders.get((record.organization_id, supervisor), ()) if supervisor else ():
            people.setdefault(user.pk, (user, Reason.SUPERVISOR))
    return people


def _send(mails: list[_Mail]) -> None:
    """One message per person; a refused address does not keep the others from being told."""
    for mail in mails:
        try:
            with timezone.override(mail.timezone):
                send_templated(
                    to=mail.to, template="sop/mail/step_overdue", context=mail.context, language=mail.language
                )
        except Exception:
            logger.exception("overdue notice for step %s to %s failed", mail.context["record"].pk, mail.to)


@task()
def notify_overdue_steps() -> int:
    """Flag every open step past its due time, once, and tell its executor and their supervisor: the Peringatan of
    every SOP makes a deviation from the mutu baku something the executor must account for. Returns how many steps
    were flagged.

    Several workers may run this at once: each batch locks its rows (SKIP LOCKED: another worker takes the next
    ones), and a flagged step is not picked again, so nobody is told twice. Only when a calendar change has moved its
    due time past the notice (services.cases.due_times_recompute) does a step count as overdue anew, at its new due
    time. Mail leaves after the commit."""
    flagged = 0
    while True:
        with transaction.atomic():
            now = timezone.now()
            # Lock the rows alone (no joins: PostgreSQL cannot lock the nullable side of an outer join).
            ids = list(
                StepRecord.objects.select_for_update(skip_locked=True)
                .filter(status=StepRecord.Status.OPEN, due_at__lt=now)
                .filter(Q(overdue_notified_at__isnull=True) | Q(overdue_notified_at__lt=F("due_at")))
                .order_by("due_at", "pk")
                .values_list("pk", flat=True)[:BATCH_SIZE]
            )
            if not ids:
                return flagged
            StepRecord.objects.filter(pk__in=ids).update(overdue_notified_at=now)
            records = list(
                StepRecord.objects.filter(pk__in=ids)
                .select_related("case", "organization", "assignee")
                .order_by("due_at", "pk")
            )
            chains = supervisors.chains_for(record.organization_id for record in records)
            holders = _holders(records, chains)
            mails = []
            for record in records:
                people = overdue_recipients(record, holders, chains[record.organization_id])
                audit.record(
                    action="sop.step.overdue_notified",
                    by=None,
                    target=record.case,
                    changes={
                        "step": record.step_number or record.step_key,
                        "due_at": record.due_at,
                        "notified": sorted(user.username for user, _reason in people.values()),
                    },
                )
                context = {"record": record, "case": record.case, "case_url": case_url(record.case)}
                mails.extend(
                    _Mail(
                        user.email, user.language, record.organization.timezone, {**context, "user": user, "reason": r}
                    )
                    for user, r in people.values()
                )
            transaction.on_commit(lambda mails=mails: _send(mails))
            flagged += len(records)
