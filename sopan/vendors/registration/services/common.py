"""What the registration services share: the row lock, the version and conflict-of-interest checks, the mail."""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sopan.accounts.models import User
from sopan.core import workflow
from sopan.vendors import policies, tasks
from sopan.vendors.models import (
    Registration,
)

S = Registration.Status
LINK_LIFETIME = datetime.timedelta(hours=24)
MB = 1024 * 1024


def link_token_hash(token: str) -> str:
    """What is stored of an e-mail link's token (its SHA-256), never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def _mail(registration: Registration, template: str) -> None:
    transaction.on_commit(
        lambda: tasks.send_registration_mail.enqueue(registration_id=registration.pk, template=template)
    )


def _lock(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("company", "organization")
        .get(pk=registration.pk)
    )


def _check_version(registration: Registration, version: int | None) -> None:
    """Refused (code "stale") when the application moved on since the person saw `version` (core.workflow's check)."""
    workflow.check_version(
        registration,
        version,
        _(
            "The application changed while you were looking at it (new documents or data, or another decision). "
            "Reload it and check again."
        ),
    )


def _check_conflicts(registration: Registration, by: User) -> None:
    problems = policies.conflicts(by, registration)
    if problems:
        raise ValidationError(problems, code="conflict")
