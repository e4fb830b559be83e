"""Expiry of registrations nobody completed, and the removal of their personal data."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from sopan.accounts.models import User
from sopan.core import audit
from sopan.sop import api as sop_api
from sopan.vendors.accounts.services import company_move
from sopan.vendors.models import (
    Company,
    Document,
    Registration,
)
from sopan.vendors.registration.services.common import S, _mail
from sopan.vendors.selectors import settings_for
from sopan.vendors.workflows import PROCEDURE, REGISTRATION_FLOW


# --- Expiry -----------------------------------------------------------------------------------------------------
def registrations_expire(*, now: datetime.datetime | None = None) -> int:
    """Registrations not verified within the organisation's limit (30 days by default) expire; the applicant is
    told; per the retention rule the documents and NIK are removed or kept. One transaction per registration."""
    from sopan.accounts.models import Organization

    now = now or timezone.now()
    count = 0
    for organization in Organization.objects.all():
        limit = now - datetime.timedelta(days=settings_for(organization).expiry_days)
        stale = Registration.objects.filter(
            organization=organization,
            status__in=(S.SUBMITTED, S.READY, S.COMPLETION_REQUESTED),
            submitted_at__lte=limit,
        ).values_list("pk", flat=True)
        for pk in list(stale):
            if _expire_one(pk, limit):
                count += 1
    return count


@transaction.atomic
def _expire_one(pk: int, limit: datetime.datetime) -> bool:
    registration = Registration.objects.select_for_update(of=("self",)).select_related("organization").get(pk=pk)
    if registration.status not in (S.SUBMITTED, S.READY, S.COMPLETION_REQUESTED) or registration.submitted_at > limit:
        return False  # moved on meanwhile
    REGISTRATION_FLOW.apply(registration, "expire", by=None)
    sop_api.close_case(subject=registration, procedure=PROCEDURE, by=None, reason="expired")
    if registration.company_id:
        company = Company.objects.select_for_update().get(pk=registration.company_id)
        company_move(company=company, transition="refuse", by=None)
    User.objects.filter(pk=registration.user_id).update(is_active=False)
    if settings_for(registration.organization).retention == "remove":
        _remove_personal_data(registration)
    _mail(registration, "expired")
    return True


def _remove_personal_data(registration: Registration) -> None:
    documents = list(Document.objects.filter(registration=registration))
    paths = [d.file.name for d in documents if d.file.name]
    Document.objects.filter(registration=registration).delete()
    registration.person_nik = ""
    registration.data_removed_at = timezone.now()
    registration.save(update_fields=["person_nik", "data_removed_at"])
    if registration.company_id:
        Company.objects.filter(pk=registration.company_id).update(admin_nik="")
    audit.record(
        action="vendors.registration.data_removed", by=None, target=registration, changes={"documents": len(paths)}
    )

    def delete_files():
        from django.core.files.storage import default_storage

        for path in paths:
            default_storage.delete(path)

    transaction.on_commit(delete_files)
