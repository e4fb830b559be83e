"""The helpdesk's evidence for the LPSE standards' self-assessment (hook "standard_evidence", issue 20 §2): the
tickets of the current quarter and the share followed up within 1 working day (Perwali Salatiga 41/2024 Pasal 9
ayat 2: each ticket's `response_due_at` is at most 1 working day after it was received, sla.py), counted as the
helpdesk report counts them (reports.selectors): met / (met + missed), the pending not judged yet. One query."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from sopan.core.standard_evidence import Evidence
from sopan.helpdesk.models import Ticket
from sopan.helpdesk.reports.selectors import _sla_counts, current_period


def evidence(*, organization) -> list[Evidence]:
    now = timezone.now()
    period = current_period(organization, now)
    start, end = period.bounds(organization.timezone)
    counts = Ticket.objects.filter(organization=organization, received_at__gte=start, received_at__lt=end).aggregate(
        **_sla_counts(now)
    )
    judged = counts["response_met"] + counts["response_missed"]
    share = f"{number_format(100 * counts['response_met'] / judged, 0)} %" if judged else "—"
    url = reverse("helpdesk:report")
    return [
        Evidence(
            "helpdesk",
            _("Tickets received this quarter (%(period)s)") % {"period": period.label},
            str(counts["total"]),
            url,
        ),
        Evidence("helpdesk", _("Tickets followed up within 1 working day (Perwali 41/2024 Pasal 9)"), share, url),
    ]
