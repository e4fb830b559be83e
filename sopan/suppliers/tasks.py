"""Background work of the service suppliers module (ids in, or nothing). The dotted paths never move.

`alert_expiring_contracts` (module.py: every hour) mails the Pengelola Pendukung Layanan and the Kepala LPSE of the
contract's organisation when a contract is 90, 30 or 7 days from its end (issue 20 §1). Each alert is sent once: its
`ExpiryAlert` row is written first, in the same transaction as the choice, and the mail leaves after the commit; a
contract already past a threshold when registered gets only the nearest alert.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from sopan.core.mail import send_templated

THRESHOLDS = (90, 30, 7)  # days before the end of the term (issue 20 §1)
RECIPIENT_ROLES = ("service_support_officer", "lpse_head")


def _due_threshold(days_left: int) -> int | None:
    """The smallest threshold not below the days left (7 days left and fewer: 7)."""
    due = [t for t in THRESHOLDS if days_left <= t]
    return min(due) if due else None


def _recipients(organization_id: int) -> list:
    from sopan.accounts.models import RoleAssignment

    assignments = (
        RoleAssignment.objects.active()
        .filter(organization_id=organization_id, role__in=RECIPIENT_ROLES, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    )
    return list({a.user_id: a.user for a in assignments}.values())


def _claim(contract, days: int) -> bool:
    """Write the alert's row; False when it was already sent (by this run or a concurrent one)."""
    from sopan.suppliers.models import ExpiryAlert

    try:
        with transaction.atomic():
            if ExpiryAlert.objects.filter(contract=contract, days__lte=days).exists():
                return False  # this one or a nearer one went out
            ExpiryAlert.objects.create(contract=contract, days=days)
    except IntegrityError:
        return False
    return True


@task()
def alert_expiring_contracts() -> int:
    """Send the alerts due today; returns how many contracts were alerted."""
    from sopan.suppliers.models import Contract, ExpiryAlert

    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=max(THRESHOLDS))
    contracts = Contract.objects.filter(ends_on__gte=today, ends_on__lte=horizon).select_related(
        "supplier", "organization"
    )
    sent = 0
    for contract in contracts.order_by("id").iterator(chunk_size=200):
        days_left = (contract.ends_on - today).days
        days = _due_threshold(days_left)
        if days is None or not _claim(contract, days):
            continue
        people = _recipients(contract.organization_id)
        for person in people:
            with timezone.override(contract.organization.timezone):
                send_templated(to=person.email, template="suppliers/mail/expiry",
                               context={"contract": contract, "days_left": days_left, "person": person},
                               language=person.language or "id")  # fmt: skip
        ExpiryAlert.objects.filter(contract=contract, days=days).update(recipients=len(people))
        sent += 1
    return sent
