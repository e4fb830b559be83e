"""Registrations and verifications for the periodic LPSE report (sopan.core.report_sections, order 10): the work of
Pasal 3 ayat 2 huruf b ("pelaksanaan registrasi dan verifikasi pengguna"), per applicant kind (vendors, non-vendor
users):

- submitted: the applications submitted in the period;
- received: the files handed over to the LPSE in the period (SOP Rekrutmen dan Registrasi Penyedia, terima-berkas);
- approved / rejected / expired: the decisions taken in the period (`decided_at`; an expiry is one too);
- verification time: from the file received to the decision, in calendar days, for the decisions of the period;
- open at the end: submitted by the end of the period and not decided by then.

Two queries whatever the number of registrations (a grouped count, and the durations of the period's decisions).
"""

from __future__ import annotations

import datetime
import statistics

from django.db.models import Count, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sopan.core.report_sections import Fact, Section, Table
from sopan.helpdesk.reports.selectors import Period
from sopan.vendors.models import ApplicantKind, Registration

S = Registration.Status


def _days(value: float | None) -> str:
    return "-" if value is None else number_format(value, 1)


def sections(*, organization, start: datetime.date, end: datetime.date) -> list[Section]:
    begin, finish = Period(start, end).bounds(organization.timezone)
    mine = Registration.objects.filter(organization=organization)
    decided_in = Q(decided_at__gte=begin, decided_at__lt=finish)
    per_kind = {
        row["applicant_kind"]: row
        for row in mine.order_by()
        .values("applicant_kind")
        .annotate(
            submitted=Count("id", filter=Q(submitted_at__gte=begin, submitted_at__lt=finish)),
            received=Count("id", filter=Q(received_at__gte=begin, received_at__lt=finish)),
            approved=Count("id", filter=decided_in & Q(status=S.APPROVED)),
            rejected=Count("id", filter=decided_in & Q(status=S.REJECTED)),
            expired=Count("id", filter=decided_in & Q(status=S.EXPIRED)),
            open_at_end=Count("id", filter=Q(submitted_at__lt=finish) & (Q(decided_at__isnull=True)
                                                                        | Q(decided_at__gte=finish))),
        )
    }  # fmt: skip
    durations = [
        (decided - received).total_seconds() / 86400
        for received, decided in mine.filter(decided_in, received_at__isnull=False)
        .exclude(status=S.EXPIRED)
        .order_by()
        .values_list("received_at", "decided_at")
    ]
    names = ("submitted", "received", "approved", "rejected", "expired", "open_at_end")
    total = {name: sum(row[name] for row in per_kind.values()) for name in names}
    facts = (
        Fact(_("Applications submitted"), str(total["submitted"])),
        Fact(_("Files received at the LPSE"), str(total["received"])),
        Fact(_("Approved"), str(total["approved"])),
        Fact(_("Rejected"), str(total["rejected"])),
        Fact(_("Expired without the file"), str(total["expired"])),
        Fact(_("Still open at the end of the period"), str(total["open_at_end"])),
        Fact(_("Verification time, median (days from the file received)"),
             _days(statistics.median(durations) if durations else None)),
    )  # fmt: skip
    rows = tuple(
        (str(label), *(str(per_kind.get(value, {}).get(name, 0)) for name in names))
        for value, label in ApplicantKind.choices
    )
    table = Table(
        _("By applicant"),
        (_("Applicant"), _("Submitted"), _("Received"), _("Approved"), _("Rejected"), _("Expired"), _("Open")),
        rows,
    )
    return [
        Section(
            key="registrations",
            title=_("Registration and verification of SPSE users"),
            order=10,
            facts=facts,
            tables=(table,),
            note=_("From the registrations of the period: submitted, files received and decisions taken in it."),
        )
    ]
