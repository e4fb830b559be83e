"""The LPSE's service-risk evidence for the standards' self-assessment (standard "service_risk"; issue 20 §2),
answering the hook "standard_evidence" (sopan/core/standard_evidence.py): the service risks registered under the
LPSE's criteria, and how many of them are open at a high level. Two queries."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sopan.core.standard_evidence import Evidence
from sopan.risks.models import Criteria, Risk

STANDARD = "service_risk"


def evidence(*, organization) -> list[Evidence]:
    criteria = Criteria.objects.filter(organization=organization, scheme=Criteria.Scheme.SERVICE).first()
    if criteria is None:
        return [Evidence(STANDARD, _("LPSE service risk criteria"), _("not set"))]
    rows = (
        Risk.objects.filter(organization=organization, criteria=criteria)
        .exclude(status=Risk.Status.NEW)
        .values("status", "inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")
        .annotate(n=Count("id"))
        .order_by()
    )
    levels = criteria.level_list()
    top = levels[-2:] if len(levels) >= 2 else levels  # the two highest levels count as high
    high_minimum = top[0].minimum if top else 0
    registered = high_open = 0
    for row in rows:
        registered += row["n"]
        score = (row["residual_likelihood"] or 0) * (row["residual_impact"] or 0) or (
            (row["inherent_likelihood"] or 0) * (row["inherent_impact"] or 0)
        )
        if row["status"] != Risk.Status.CLOSED and high_minimum and score >= high_minimum:
            high_open += row["n"]
    url = reverse("risks:risk-list") + f"?scheme={Criteria.Scheme.SERVICE}"
    return [
        Evidence(STANDARD, _("LPSE service risks registered"), number_format(registered, force_grouping=True), url),
        Evidence(STANDARD, _("Open service risks at a high level"), number_format(high_open, force_grouping=True), url),
    ]
