"""The suppliers' evidence for the LPSE standard "service_suppliers" (hook "standard_evidence",
sopan.core.standard_evidence): active contracts, contracts ending within 90 days, evaluations done this year. Three
counts in one query each."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sopan.core.standard_evidence import Evidence
from sopan.suppliers.models import Contract, Evaluation

STANDARD = "service_suppliers"


def evidence(*, organization) -> list[Evidence]:
    today = timezone.localdate()
    contracts = Contract.objects.filter(organization=organization)
    active = contracts.filter(starts_on__lte=today, ends_on__gte=today).count()
    ending = contracts.filter(ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=90)).count()
    evaluated = Evaluation.objects.filter(
        organization=organization,
        status__in=(Evaluation.Status.APPROVED, Evaluation.Status.DOCUMENTED),
        decided_at__year=today.year,
    ).count()
    url = reverse("suppliers:home")
    return [
        Evidence(STANDARD, _("Active service supplier contracts"), str(active), url),
        Evidence(STANDARD, _("Contracts ending within 90 days"), str(ending), url),
        Evidence(STANDARD, _("Supplier evaluations approved this year"), str(evaluated), url),
    ]
